package dev.hesse.processor.ad;

import dev.hesse.processor.ir.Callee;
import dev.hesse.processor.ir.Expr;
import dev.hesse.processor.ir.Exprs;
import dev.hesse.processor.ir.Function;
import dev.hesse.processor.ir.Op;
import dev.hesse.processor.ir.Stmt;
import dev.hesse.processor.ir.Type;
import dev.hesse.processor.ir.Variable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Activity analysis: which variables carry derivatives. A double variable is active when some assignment gives it a
 * value that depends on a differentiable parameter. Inactive variables get no adjoint and no tangent.
 */
public final class Activity {
  private final Set<Variable> active = new LinkedHashSet<>();

  private Activity() {}

  public static Activity of(Function f) {
    Activity a = new Activity();
    for (Function.Parameter p : f.parameters()) {
      if (p.differentiable()) {
        a.active.add(p.variable());
      }
    }
    boolean changed = true;
    while (changed) {
      changed = a.scan(f.body());
    }
    return a;
  }

  private boolean scan(List<Stmt> stmts) {
    boolean changed = false;
    for (Stmt s : stmts) {
      if (s instanceof Stmt.Assign as) {
        if (as.target().type() == Type.DOUBLE && isActive(as.value())) {
          changed |= active.add(as.target());
        }
      } else if (s instanceof Stmt.Pullback p) {
        // The arrays a callee's pullback accumulates into hold adjoints, which the tangent of a gradient reads.
        for (Expr slot : p.slots()) {
          if (slot instanceof Expr.Ref r && r.type() == Type.DOUBLE_ARRAY
              && !ReverseTransform.isDiscardedAdjoints(r.variable())) {
            changed |= active.add(r.variable());
          }
        }
      } else if (s instanceof Stmt.Store st) {
        // A local double array is active when any element written into it is.
        if (isActive(st.value())) {
          changed |= active.add(st.array());
        }
      } else if (s instanceof Stmt.If i) {
        changed |= scan(i.then());
        changed |= scan(i.otherwise());
      } else if (s instanceof Stmt.Loop l) {
        changed |= scan(l.body());
        changed |= scan(l.update());
      }
    }
    return changed;
  }

  public boolean isActive(Variable v) {
    return active.contains(v);
  }

  public Set<Variable> variables() {
    return active;
  }

  /** Whether an expression's value depends on a differentiable parameter (only double expressions can). */
  public boolean isActive(Expr e) {
    if (e.type() != Type.DOUBLE) {
      return false;
    }
    if (e instanceof Expr.Ref r) {
      return active.contains(r.variable());
    }
    if (e instanceof Expr.Index i) {
      return active.contains(Exprs.root(i));
    }
    if (e instanceof Expr.Unary u) {
      return u.op() == Op.NEG && isActive(u.operand());
    }
    if (e instanceof Expr.Binary b) {
      return isActive(b.left()) || isActive(b.right());
    }
    if (e instanceof Expr.Call c) {
      if (c.function().isPiecewiseConstant()) {
        return false;
      }
      return c.args().stream().anyMatch(this::isActive);
    }
    if (e instanceof Expr.Conditional c) {
      return isActive(c.ifTrue()) || isActive(c.ifFalse());
    }
    if (e instanceof Expr.Invoke i) {
      if (i.variant() == Expr.Invoke.Variant.TANGENT) {
        return true;
      }
      List<Callee.Param> params = i.callee().parameters();
      for (int k = 0; k < params.size(); k++) {
        if (params.get(k).differentiable() && isActiveArgument(i.args().get(k))) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether an argument carries derivatives: an active double, an active array passed whole, or a row of an active
   * matrix (an array is active as a whole).
   */
  public boolean isActiveArgument(Expr arg) {
    if (arg.type() == Type.DOUBLE_ARRAY) {
      Variable root = Exprs.root(arg);
      if (root != null) {
        return active.contains(root);
      }
      // Anything else (a ?: between arrays): active if any array it may stand for is.
      return Exprs.reads(arg).stream().anyMatch(v -> v.type().isArray() && active.contains(v));
    }
    return isActive(arg);
  }

  /**
   * Whether a statement (or any statement nested in it) assigns an active variable, and so has an adjoint: even
   * {@code s = 0} for an active {@code s} has one (it resets s's adjoint).
   */
  public boolean containsActive(Stmt s) {
    if (s instanceof Stmt.Assign a) {
      return active.contains(a.target());
    }
    if (s instanceof Stmt.Store st) {
      return active.contains(st.array());
    }
    if (s instanceof Stmt.Return r) {
      return isActive(r.value());
    }
    if (s instanceof Stmt.If i) {
      return i.then().stream().anyMatch(this::containsActive)
          || i.otherwise().stream().anyMatch(this::containsActive);
    }
    if (s instanceof Stmt.Loop l) {
      return l.body().stream().anyMatch(this::containsActive)
          || l.update().stream().anyMatch(this::containsActive);
    }
    return false;
  }
}
