package dev.hesse.processor.ad;

import static dev.hesse.processor.simplify.Algebra.ONE;
import static dev.hesse.processor.simplify.Algebra.ZERO;
import static dev.hesse.processor.simplify.Algebra.add;
import static dev.hesse.processor.simplify.Algebra.isZero;
import static dev.hesse.processor.simplify.Algebra.mul;
import static dev.hesse.processor.simplify.Algebra.neg;

import dev.hesse.processor.ir.Expr;
import dev.hesse.processor.ir.Exprs;
import dev.hesse.processor.ir.Function;
import dev.hesse.processor.ir.Op;
import dev.hesse.processor.ir.Stmt;
import dev.hesse.processor.ir.Type;
import dev.hesse.processor.ir.Variable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reverse mode: turns a desugared function into its gradient, as plain code with no tape.
 *
 * <p>The generated body is a <em>forward sweep</em> (the original computation) followed by a <em>reverse sweep</em>
 * (the adjoint statements in reverse order). Only the <em>needed</em> variables, those read by adjoint code or by the
 * recomputation that produces such values, are ever saved or restored. Three modes cover all statements:
 *
 * <ul>
 *   <li><b>taping</b> ({@link #forward}): runs code that the reverse sweep will walk back through at once. An
 *       overwritten needed value is pushed first (or, for {@code i += c} on integers, inverted later); each branch
 *       records which way it went; each loop counts its trips and saves the needed values it carries from one
 *       iteration to the next.
 *   <li><b>plain</b> ({@link #plain}): a loop body in taping mode runs plainly, saving nothing inside.
 *   <li><b>reverse</b> ({@link #reverse}): undoes statements in reverse order. A loop's reverse iteration restores
 *       the carried values of that iteration's start, re-runs the body in taping mode, then reverses it. Values local
 *       to an iteration are thus recomputed, not stored: a loop that only accumulates saves nothing.
 * </ul>
 *
 * <p>Invariant: running {@code reverse(s)} right after {@code forward(s)} leaves every needed variable as it was
 * before {@code s}, and adds {@code s}'s contributions to the adjoints.
 */
public final class ReverseTransform {
  /** An adjoint array: element {@code i} of a parameter's adjoint is {@code array[offset + i]}. */
  private record ArrayAdjoint(Variable array, Expr offset) {}

  private final Function f;
  private final Activity activity;
  private final Variable gradOut = new Variable("gradOut", Type.DOUBLE_ARRAY, Variable.Role.PARAMETER);
  private final Map<Variable, Variable> bars = new HashMap<>();
  private final Map<Variable, ArrayAdjoint> arrayBars = new HashMap<>();
  private final Set<Variable> needed = new LinkedHashSet<>();
  private final Map<Stmt, Variable> branchFlags = new IdentityHashMap<>();
  private final Map<Stmt, Variable> tripCounts = new IdentityHashMap<>();
  private final Map<Stmt, List<Stmt>> adjoints = new IdentityHashMap<>();

  private ReverseTransform(Function f) {
    this.f = f;
    this.activity = Activity.of(f);
  }

  /** The gradient of a desugared function: its parameters plus {@code gradOut}, returning the value. */
  public static Function gradient(Function desugared) {
    return new ReverseTransform(desugared).transform();
  }

  private Function transform() {
    List<Stmt> body = f.body();
    Stmt.Return ret = (Stmt.Return) body.get(body.size() - 1);
    List<Stmt> stmts = body.subList(0, body.size() - 1);

    List<Stmt> out = new ArrayList<>();
    out.add(new Stmt.Fill(gradOut, ZERO));
    List<Stmt> scalarWrites = new ArrayList<>();
    Expr offset = Expr.Literal.ofInt(0);
    for (Function.Parameter p : f.parameters()) {
      if (!p.differentiable()) {
        continue;
      }
      Variable v = p.variable();
      if (v.type() == Type.DOUBLE) {
        Variable bar = bar(v);
        scalarWrites.add(new Stmt.ArrayUpdate(gradOut, offset, new Expr.Ref(bar), false));
        offset = add(offset, Expr.Literal.ofInt(1));
      } else if (isZero(offset)) {
        Variable alias = new Variable(v.name() + "Bar", Type.DOUBLE_ARRAY, Variable.Role.ADJOINT);
        out.add(new Stmt.Assign(alias, new Expr.Ref(gradOut), true, null));
        arrayBars.put(v, new ArrayAdjoint(alias, Expr.Literal.ofInt(0)));
        offset = add(offset, new Expr.Length(new Expr.Ref(v)));
      } else {
        arrayBars.put(v, new ArrayAdjoint(gradOut, offset));
        offset = add(offset, new Expr.Length(new Expr.Ref(v)));
      }
    }

    Variable value = new Variable("value", Type.DOUBLE, Variable.Role.SYNTHETIC);
    List<Stmt> returnAdjoint = new ArrayList<>();
    backprop(ret.value(), ONE, returnAdjoint);
    computeNeeded(stmts, returnAdjoint);

    out.add(new Stmt.Comment("Forward sweep: " + f.name() + " as written, plus what the reverse sweep needs."));
    out.addAll(forward(stmts, true));
    out.add(new Stmt.Assign(value, ret.value(), true, ret.origin()));
    out.add(new Stmt.Comment("Reverse sweep: adjoints in reverse order."));
    out.addAll(returnAdjoint);
    out.addAll(reverse(stmts));
    out.addAll(scalarWrites);
    out.add(new Stmt.Return(new Expr.Ref(value), null));

    List<Function.Parameter> params = new ArrayList<>(f.parameters());
    params.add(new Function.Parameter(gradOut, false, false));
    return new Function(f.name() + "Gradient", params, out);
  }

  private Variable bar(Variable v) {
    return bars.computeIfAbsent(v, k -> new Variable(k.name() + "Bar", Type.DOUBLE, Variable.Role.ADJOINT));
  }

  // ------------------------------------------------------------------------------------------ needed values

  private void computeNeeded(List<Stmt> stmts, List<Stmt> returnAdjoint) {
    addPrimalReads(Exprs.reads(returnAdjoint));
    seedFromAdjoints(stmts);
    int size;
    do {
      size = needed.size();
      closeOver(stmts);
    } while (needed.size() != size);
  }

  private void addPrimalReads(Set<Variable> reads) {
    for (Variable v : reads) {
      if (v.role() != Variable.Role.ADJOINT && v != gradOut) {
        needed.add(v);
      }
    }
  }

  private void seedFromAdjoints(List<Stmt> stmts) {
    for (Stmt s : stmts) {
      if (s instanceof Stmt.Assign a && activity.isActive(a.target())) {
        addPrimalReads(Exprs.reads(adjoint(a)));
      } else if (s instanceof Stmt.If i) {
        seedFromAdjoints(i.then());
        seedFromAdjoints(i.otherwise());
      } else if (s instanceof Stmt.Loop l) {
        seedFromAdjoints(l.body());
        seedFromAdjoints(l.update());
      }
    }
  }

  /** Values that needed values, branch records and trip counts are computed from are needed too. */
  private void closeOver(List<Stmt> stmts) {
    for (Stmt s : stmts) {
      if (s instanceof Stmt.Assign a) {
        if (needed.contains(a.target())) {
          addPrimalReads(Exprs.reads(a.value()));
        }
      } else if (s instanceof Stmt.If i) {
        if (matters(i)) {
          addPrimalReads(Exprs.reads(i.condition()));
        }
        closeOver(i.then());
        closeOver(i.otherwise());
      } else if (s instanceof Stmt.Loop l) {
        if (matters(l)) {
          addPrimalReads(Exprs.reads(l.condition()));
        }
        closeOver(l.body());
        closeOver(l.update());
      }
    }
  }

  /** Whether the reverse sweep has anything to do for this statement. */
  private boolean matters(Stmt s) {
    return activity.containsActive(s) || assignsNeeded(s);
  }

  private boolean assignsNeeded(Stmt s) {
    for (Variable v : Exprs.writes(List.of(s))) {
      if (needed.contains(v)) {
        return true;
      }
    }
    return false;
  }

  /** Needed variables that an inactive compound statement overwrites: saved before it, restored after. */
  private List<Variable> savedAround(Stmt s) {
    Set<Variable> locals = s instanceof Stmt.Loop l ? l.bodyLocals() : Set.of();
    List<Variable> out = new ArrayList<>();
    for (Variable v : Exprs.writes(List.of(s))) {
      if (needed.contains(v) && !locals.contains(v)) {
        out.add(v);
      }
    }
    return out;
  }

  // ------------------------------------------------------------------------------------------ taping mode

  private List<Stmt> forward(List<Stmt> stmts, boolean full) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : stmts) {
      if (s instanceof Stmt.Assign a) {
        boolean isNeeded = needed.contains(a.target());
        if (!full && !isNeeded) {
          continue;
        }
        if (isNeeded && !a.declaration() && inverse(a) == null) {
          out.add(new Stmt.Push(new Expr.Ref(a.target())));
        }
        out.add(a);
      } else if (!activity.containsActive(s)) {
        if (assignsNeeded(s)) {
          // No adjoint inside: treat it as one assignment of everything it overwrites.
          for (Variable v : savedAround(s)) {
            out.add(new Stmt.Push(new Expr.Ref(v)));
          }
          out.addAll(plain(List.of(s), full));
        } else if (full) {
          out.add(s);
        }
      } else if (s instanceof Stmt.If i) {
        Variable flag = branchFlags.computeIfAbsent(
            i, k -> new Variable("tookBranch", Type.BOOLEAN, Variable.Role.SYNTHETIC));
        out.add(new Stmt.Assign(flag, i.condition(), true, null));
        out.add(new Stmt.If(new Expr.Ref(flag), forward(i.then(), full), forward(i.otherwise(), full)));
      } else if (s instanceof Stmt.Loop l) {
        Variable trips = tripCounts.computeIfAbsent(
            l, k -> new Variable("trips", Type.INT, Variable.Role.SYNTHETIC));
        // Count before the loop's initialisers, so that they stay next to the loop (for (i = 0; ...)).
        int at = out.size();
        while (at > 0 && out.get(at - 1) instanceof Stmt.Assign init && l.headerLocals().contains(init.target())) {
          at--;
        }
        out.add(at, new Stmt.Assign(trips, Expr.Literal.ofInt(0), true, null));
        List<Stmt> body = new ArrayList<>();
        for (Variable v : carried(l).saved) {
          body.add(new Stmt.Push(new Expr.Ref(v)));
        }
        body.addAll(plain(l.body(), full));
        body.add(increment(trips, Op.ADD));
        out.add(l.withParts(l.condition(), plain(l.update(), full), body, l.bodyLocals()));
      } else {
        throw new IllegalStateException("unexpected statement in reverse mode: " + s);
      }
    }
    return out;
  }

  private static Stmt increment(Variable v, Op op) {
    return new Stmt.Assign(v, new Expr.Binary(op, new Expr.Ref(v), Expr.Literal.ofInt(1), Type.INT), false, null);
  }

  // ------------------------------------------------------------------------------------------ plain mode

  /** The statements as written ({@code full}) or only those computing needed values. */
  private List<Stmt> plain(List<Stmt> stmts, boolean full) {
    if (full) {
      return stmts;
    }
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : stmts) {
      if (!assignsNeeded(s)) {
        continue;
      }
      if (s instanceof Stmt.Assign) {
        out.add(s);
      } else if (s instanceof Stmt.If i) {
        out.add(new Stmt.If(i.condition(), plain(i.then(), false), plain(i.otherwise(), false)));
      } else if (s instanceof Stmt.Loop l) {
        out.add(l.withParts(l.condition(), plain(l.update(), false), plain(l.body(), false), l.bodyLocals()));
      }
    }
    return out;
  }

  // ------------------------------------------------------------------------------------------ reverse mode

  private List<Stmt> reverse(List<Stmt> stmts) {
    List<Stmt> out = new ArrayList<>();
    for (int k = stmts.size() - 1; k >= 0; k--) {
      Stmt s = stmts.get(k);
      if (s instanceof Stmt.Assign a) {
        if (needed.contains(a.target()) && !a.declaration()) {
          Stmt inverse = inverse(a);
          out.add(inverse != null ? inverse : new Stmt.Pop(a.target()));
        }
        if (activity.isActive(a.target())) {
          out.addAll(adjoint(a));
        }
      } else if (!activity.containsActive(s)) {
        if (assignsNeeded(s)) {
          List<Variable> saved = savedAround(s);
          for (int j = saved.size() - 1; j >= 0; j--) {
            out.add(new Stmt.Pop(saved.get(j)));
          }
        }
      } else if (s instanceof Stmt.If i) {
        List<Stmt> then = reverse(i.then());
        List<Stmt> otherwise = reverse(i.otherwise());
        if (!then.isEmpty() || !otherwise.isEmpty()) {
          out.add(new Stmt.If(new Expr.Ref(branchFlags.get(i)), then, otherwise));
        }
      } else if (s instanceof Stmt.Loop l) {
        out.addAll(reverseLoop(l));
      }
    }
    return out;
  }

  private List<Stmt> reverseLoop(Stmt.Loop l) {
    Variable trips = tripCounts.get(l);
    Carried carried = carried(l);
    List<Stmt> body = new ArrayList<>();
    body.add(new Stmt.Comment("Back to the state at the start of this iteration."));
    for (int j = carried.saved.size() - 1; j >= 0; j--) {
      body.add(new Stmt.Pop(carried.saved.get(j)));
    }
    body.addAll(carried.restores);
    List<Stmt> iteration = new ArrayList<>(l.body());
    iteration.addAll(l.update());
    // Trailing statements without adjoints would be run and at once undone: drop them from both sweeps.
    while (!iteration.isEmpty() && !activity.containsActive(iteration.get(iteration.size() - 1))) {
      iteration.remove(iteration.size() - 1);
    }
    List<Stmt> recompute = forward(iteration, false);
    if (!recompute.isEmpty()) {
      body.add(new Stmt.Comment("Recompute this iteration's values."));
      body.addAll(recompute);
    }
    body.addAll(reverse(iteration));
    Stmt.Loop loop =
        new Stmt.Loop(
            Stmt.Loop.Kind.FOR,
            new Expr.Binary(Op.GT, new Expr.Ref(trips), Expr.Literal.ofInt(0), Type.BOOLEAN),
            List.of(increment(trips, Op.SUB)),
            body,
            Set.of(),
            Set.of());
    return List.of(loop);
  }

  /** How a loop's carried needed values get back to an iteration's start in the reverse sweep. */
  private record Carried(List<Variable> saved, List<Stmt> restores) {}

  private Carried carried(Stmt.Loop l) {
    List<Stmt> iteration = new ArrayList<>(l.body());
    iteration.addAll(l.update());
    Set<Variable> written = Exprs.writes(iteration);
    List<Variable> saved = new ArrayList<>();
    List<Stmt> restores = new ArrayList<>();
    for (Variable v : written) {
      if (!needed.contains(v) || l.bodyLocals().contains(v)) {
        continue;
      }
      if (v.role() == Variable.Role.SYNTHETIC && conditionRequiresFalse(l.condition(), v)) {
        // A flag the loop condition tests: false at every iteration's start.
        restores.add(new Stmt.Assign(v, Expr.Literal.of(false), false, null));
        continue;
      }
      Stmt inverse = loopInverse(iteration, written, v);
      if (inverse != null) {
        restores.add(inverse);
      } else {
        saved.add(v);
      }
    }
    return new Carried(saved, restores);
  }

  private static boolean conditionRequiresFalse(Expr condition, Variable v) {
    if (condition instanceof Expr.Binary b && b.op() == Op.AND) {
      return conditionRequiresFalse(b.left(), v) || conditionRequiresFalse(b.right(), v);
    }
    return condition instanceof Expr.Unary u
        && u.op() == Op.NOT
        && u.operand() instanceof Expr.Ref r
        && r.variable() == v;
  }

  /**
   * An integer stepped once per iteration by a loop-invariant amount ({@code i++}, {@code i += k}) is restored by
   * stepping back, not by saving it.
   */
  private Stmt loopInverse(List<Stmt> iteration, Set<Variable> written, Variable v) {
    Stmt.Assign step = null;
    for (Stmt s : iteration) {
      if (s instanceof Stmt.Assign a && a.target() == v) {
        if (step != null) {
          return null;
        }
        step = a;
      } else if (!(s instanceof Stmt.Assign) && Exprs.writes(List.of(s)).contains(v)) {
        return null;
      }
    }
    if (step == null) {
      return null;
    }
    Stmt inverse = inverse(step);
    if (inverse == null) {
      return null;
    }
    Expr amount = ((Expr.Binary) step.value()).right();
    for (Variable r : Exprs.reads(amount)) {
      if (written.contains(r)) {
        return null;
      }
    }
    return inverse;
  }

  /** {@code i = i - c} for {@code i = i + c} on an integer (exact, wrap-around included); else null. */
  private static Stmt inverse(Stmt.Assign a) {
    Variable v = a.target();
    if (!v.type().isIntegral()
        || !(a.value() instanceof Expr.Binary b)
        || (b.op() != Op.ADD && b.op() != Op.SUB)
        || !(b.left() instanceof Expr.Ref r && r.variable() == v)
        || Exprs.reads(b.right()).contains(v)
        || b.right().type() != v.type() && !(v.type() == Type.LONG && b.right().type() == Type.INT)) {
      return null;
    }
    Op back = b.op() == Op.ADD ? Op.SUB : Op.ADD;
    return new Stmt.Assign(v, new Expr.Binary(back, new Expr.Ref(v), b.right(), v.type()), false, null);
  }

  // ------------------------------------------------------------------------------------------ adjoints

  /** The adjoint of one assignment to an active variable, with the values as they were before it. */
  private List<Stmt> adjoint(Stmt.Assign a) {
    return adjoints.computeIfAbsent(a, k -> buildAdjoint(a));
  }

  private List<Stmt> buildAdjoint(Stmt.Assign a) {
    List<Stmt> out = new ArrayList<>();
    if (a.origin() != null) {
      out.add(new Stmt.Comment("adjoint of: " + a.origin()));
    }
    Variable v = a.target();
    Variable vBar = bar(v);
    Expr e = a.value();
    if (e instanceof Expr.Binary b
        && (b.op() == Op.ADD || b.op() == Op.SUB)
        && b.left() instanceof Expr.Ref r
        && r.variable() == v
        && !Exprs.reads(b.right()).contains(v)) {
      // v = v ± rest: v's adjoint passes through unchanged.
      Expr g = b.op() == Op.ADD ? new Expr.Ref(vBar) : neg(new Expr.Ref(vBar));
      backprop(b.right(), g, out);
    } else if (Exprs.reads(e).contains(v)) {
      Variable incoming = new Variable(v.name() + "BarIn", Type.DOUBLE, Variable.Role.ADJOINT);
      out.add(new Stmt.Assign(incoming, new Expr.Ref(vBar), true, null));
      out.add(new Stmt.Assign(vBar, ZERO, false, null));
      backprop(e, new Expr.Ref(incoming), out);
    } else {
      backprop(e, new Expr.Ref(vBar), out);
      out.add(new Stmt.Assign(vBar, ZERO, false, null));
    }
    return Collections.unmodifiableList(out);
  }

  /** Adds {@code g · ∂e/∂u} to the adjoint of every active {@code u} that {@code e} reads. */
  private void backprop(Expr e, Expr g, List<Stmt> out) {
    if (!activity.isActive(e)) {
      return;
    }
    if (e instanceof Expr.Ref r) {
      Variable uBar = bar(r.variable());
      out.add(new Stmt.Assign(uBar, add(new Expr.Ref(uBar), g), false, null));
    } else if (e instanceof Expr.Index i) {
      Variable array = ((Expr.Ref) i.array()).variable();
      ArrayAdjoint adj = arrayBars.get(array);
      out.add(new Stmt.ArrayUpdate(adj.array(), add(adj.offset(), i.index()), g, true));
    } else if (e instanceof Expr.Unary u) {
      backprop(u.operand(), neg(g), out);
    } else if (e instanceof Expr.Conditional c) {
      List<Stmt> then = new ArrayList<>();
      List<Stmt> otherwise = new ArrayList<>();
      backprop(c.ifTrue(), g, then);
      backprop(c.ifFalse(), g, otherwise);
      out.add(new Stmt.If(c.condition(), then, otherwise));
    } else if (Rules.isSelection(e)) {
      backprop(Rules.asSelection((Expr.Call) e), g, out);
    } else if (e instanceof Expr.Binary || e instanceof Expr.Call) {
      List<Expr> operands = e instanceof Expr.Binary b ? List.of(b.left(), b.right()) : ((Expr.Call) e).args();
      List<Expr> partials = Rules.partials(e);
      for (int k = 0; k < operands.size(); k++) {
        if (partials.get(k) != null && activity.isActive(operands.get(k))) {
          backprop(operands.get(k), mul(g, partials.get(k)), out);
        }
      }
    }
  }
}
