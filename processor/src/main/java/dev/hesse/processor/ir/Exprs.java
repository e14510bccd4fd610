package dev.hesse.processor.ir;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/** Small structural helpers over expressions and statements. */
public final class Exprs {
  private Exprs() {}

  /** The variables an expression reads. */
  public static Set<Variable> reads(Expr e) {
    Set<Variable> out = new LinkedHashSet<>();
    collectReads(e, out);
    return out;
  }

  /**
   * The local holding a {@code Math} call's value, as generated code names it wherever it keeps one (shared calls,
   * saved calls): {@code tanhOfA} for {@code Math.tanh(a)}, else {@code tanhValue}.
   */
  public static String valueName(Expr.Call c) {
    String fn = c.function().javaName();
    if (c.args().size() == 1 && c.args().get(0) instanceof Expr.Ref r) {
      String arg = r.variable().name();
      return fn + "Of" + Character.toUpperCase(arg.charAt(0)) + arg.substring(1);
    }
    return fn + "Value";
  }

  public static void collectReads(Expr e, Set<Variable> out) {
    if (e instanceof Expr.Ref r) {
      out.add(r.variable());
    } else if (e instanceof Expr.Index i) {
      collectReads(i.array(), out);
      collectReads(i.index(), out);
    } else if (e instanceof Expr.Length l) {
      collectReads(l.array(), out);
    } else if (e instanceof Expr.Unary u) {
      collectReads(u.operand(), out);
    } else if (e instanceof Expr.Binary b) {
      collectReads(b.left(), out);
      collectReads(b.right(), out);
    } else if (e instanceof Expr.Call c) {
      c.args().forEach(a -> collectReads(a, out));
    } else if (e instanceof Expr.Conditional c) {
      collectReads(c.condition(), out);
      collectReads(c.ifTrue(), out);
      collectReads(c.ifFalse(), out);
    } else if (e instanceof Expr.Cast c) {
      collectReads(c.operand(), out);
    } else if (e instanceof Expr.Invoke i) {
      i.args().forEach(a -> collectReads(a, out));
    } else if (e instanceof Expr.NewArray n) {
      n.dimensions().forEach(d -> collectReads(d, out));
    }
  }

  /** The array variable at the root of an element access {@code a[i]} or {@code m[i][j]}, or null. */
  public static Variable root(Expr e) {
    while (e instanceof Expr.Index i) {
      e = i.array();
    }
    return e instanceof Expr.Ref r ? r.variable() : null;
  }

  /** The element access with its root array replaced: {@code a[i]} becomes {@code b[i]}. */
  public static Expr withRoot(Expr e, Expr root) {
    if (e instanceof Expr.Index i) {
      return new Expr.Index(withRoot(i.array(), root), i.index());
    }
    return root;
  }

  /** Whether any statement, nested ones in branches and loops included, satisfies {@code test}. */
  public static boolean anyStatement(List<Stmt> stmts, Predicate<Stmt> test) {
    for (Stmt s : stmts) {
      if (test.test(s)
          || s instanceof Stmt.If i && (anyStatement(i.then(), test) || anyStatement(i.otherwise(), test))
          || s instanceof Stmt.Loop l && (anyStatement(l.body(), test) || anyStatement(l.update(), test))) {
        return true;
      }
    }
    return false;
  }

  /** Whether any statement (nested ones included) writes an array element. */
  public static boolean containsStore(List<Stmt> stmts) {
    return anyStatement(stmts, s -> s instanceof Stmt.Store || s instanceof Stmt.PopInto);
  }

  /** The number of nodes in an expression. */
  public static int size(Expr e) {
    // The common kinds without rebuilding anything; the others (and their subtrees) by rewrite.
    if (e instanceof Expr.Ref || e instanceof Expr.Literal || e instanceof Expr.FieldRef) {
      return 1;
    }
    if (e instanceof Expr.Binary b) {
      return 1 + size(b.left()) + size(b.right());
    }
    if (e instanceof Expr.Unary u) {
      return 1 + size(u.operand());
    }
    if (e instanceof Expr.Index i) {
      return 1 + size(i.array()) + size(i.index());
    }
    if (e instanceof Expr.Length l) {
      return 1 + size(l.array());
    }
    int[] n = {0};
    rewrite(
        e,
        x -> {
          n[0]++;
          return x;
        });
    return n[0];
  }

  /** Rebuilds an expression bottom-up, applying {@code f} to every node after its children. */
  public static Expr rewrite(Expr e, UnaryOperator<Expr> f) {
    Expr rebuilt;
    if (e instanceof Expr.Index i) {
      rebuilt = new Expr.Index(rewrite(i.array(), f), rewrite(i.index(), f));
    } else if (e instanceof Expr.Length l) {
      rebuilt = new Expr.Length(rewrite(l.array(), f));
    } else if (e instanceof Expr.Unary u) {
      rebuilt = new Expr.Unary(u.op(), rewrite(u.operand(), f));
    } else if (e instanceof Expr.Binary b) {
      rebuilt = new Expr.Binary(b.op(), rewrite(b.left(), f), rewrite(b.right(), f), b.type());
    } else if (e instanceof Expr.Call c) {
      List<Expr> args = new ArrayList<>();
      c.args().forEach(a -> args.add(rewrite(a, f)));
      rebuilt = new Expr.Call(c.function(), c.strict(), args, c.type());
    } else if (e instanceof Expr.Conditional c) {
      rebuilt =
          new Expr.Conditional(
              rewrite(c.condition(), f), rewrite(c.ifTrue(), f), rewrite(c.ifFalse(), f));
    } else if (e instanceof Expr.Cast c) {
      rebuilt = new Expr.Cast(c.type(), rewrite(c.operand(), f));
    } else if (e instanceof Expr.Invoke i) {
      List<Expr> args = new ArrayList<>();
      i.args().forEach(a -> args.add(rewrite(a, f)));
      rebuilt = new Expr.Invoke(i.callee(), i.variant(), args, i.site());
    } else if (e instanceof Expr.NewArray n) {
      List<Expr> dims = new ArrayList<>();
      n.dimensions().forEach(d -> dims.add(rewrite(d, f)));
      rebuilt = new Expr.NewArray(n.type(), dims);
    } else {
      rebuilt = e;
    }
    return f.apply(rebuilt);
  }

  /** Every variable assigned (or popped) anywhere inside the statements, nested blocks included. */
  public static Set<Variable> writes(List<Stmt> stmts) {
    Set<Variable> out = new LinkedHashSet<>();
    for (Stmt s : stmts) {
      collectWrites(s, out);
    }
    return out;
  }

  private static void collectWrites(Stmt s, Set<Variable> out) {
    if (s instanceof Stmt.Assign a) {
      out.add(a.target());
    } else if (s instanceof Stmt.Pop p) {
      out.add(p.target());
    } else if (s instanceof Stmt.Store st) {
      out.add(st.array());
    } else if (s instanceof Stmt.PopInto p) {
      out.add(root(p.target()));
    } else if (s instanceof Stmt.Replay r) {
      out.add(r.target());
    } else if (s instanceof Stmt.If i) {
      i.then().forEach(t -> collectWrites(t, out));
      i.otherwise().forEach(t -> collectWrites(t, out));
    } else if (s instanceof Stmt.Loop l) {
      l.body().forEach(t -> collectWrites(t, out));
      l.update().forEach(t -> collectWrites(t, out));
    }
  }

  /**
   * Every expression the statements evaluate, nested blocks included: conditions, values, indices (of element writes
   * too) and call arguments. For searches over whole expressions (a call, a user method's invocation).
   */
  public static List<Expr> expressions(List<Stmt> stmts) {
    List<Expr> out = new ArrayList<>();
    collectExpressions(stmts, out);
    return out;
  }

  private static void collectExpressions(List<Stmt> stmts, List<Expr> out) {
    for (Stmt s : stmts) {
      if (s instanceof Stmt.Assign a) {
        out.add(a.value());
      } else if (s instanceof Stmt.ArrayUpdate u) {
        out.add(u.index());
        out.add(u.value());
      } else if (s instanceof Stmt.Fill f) {
        out.add(f.value());
      } else if (s instanceof Stmt.Store st) {
        out.add(st.target());
        out.add(st.value());
      } else if (s instanceof Stmt.PopInto p) {
        out.add(p.target());
      } else if (s instanceof Stmt.ZeroOutside z) {
        out.add(z.from());
        out.add(z.to());
      } else if (s instanceof Stmt.Push p) {
        out.add(p.value());
      } else if (s instanceof Stmt.Record r) {
        out.add(r.value());
      } else if (s instanceof Stmt.Return r) {
        out.add(r.value());
      } else if (s instanceof Stmt.Pullback p) {
        out.addAll(p.arguments());
      } else if (s instanceof Stmt.PullbackTangent p) {
        out.addAll(p.arguments());
      } else if (s instanceof Stmt.If i) {
        out.add(i.condition());
        collectExpressions(i.then(), out);
        collectExpressions(i.otherwise(), out);
      } else if (s instanceof Stmt.Loop l) {
        out.add(l.condition());
        collectExpressions(l.body(), out);
        collectExpressions(l.update(), out);
      }
    }
  }

  /** Every variable read anywhere inside the statements (conditions, right-hand sides, indices). */
  public static Set<Variable> reads(List<Stmt> stmts) {
    Set<Variable> out = new LinkedHashSet<>();
    for (Stmt s : stmts) {
      collectReads(s, out);
    }
    return out;
  }

  private static void collectReads(Stmt s, Set<Variable> out) {
    if (s instanceof Stmt.Assign a) {
      collectReads(a.value(), out);
    } else if (s instanceof Stmt.ArrayUpdate u) {
      out.add(u.array());
      collectReads(u.index(), out);
      collectReads(u.value(), out);
    } else if (s instanceof Stmt.Fill f) {
      collectReads(f.value(), out);
    } else if (s instanceof Stmt.Store st) {
      collectReads(st.target(), out);
      collectReads(st.value(), out);
    } else if (s instanceof Stmt.PopInto p) {
      collectReads(p.target(), out);
    } else if (s instanceof Stmt.ZeroOutside z) {
      collectReads(z.from(), out);
      collectReads(z.to(), out);
    } else if (s instanceof Stmt.Push p) {
      collectReads(p.value(), out);
    } else if (s instanceof Stmt.Record r) {
      collectReads(r.value(), out);
    } else if (s instanceof Stmt.Return r) {
      collectReads(r.value(), out);
    } else if (s instanceof Stmt.Pullback p) {
      p.arguments().forEach(a -> collectReads(a, out));
    } else if (s instanceof Stmt.PullbackTangent p) {
      p.arguments().forEach(a -> collectReads(a, out));
    } else if (s instanceof Stmt.If i) {
      collectReads(i.condition(), out);
      i.then().forEach(t -> collectReads(t, out));
      i.otherwise().forEach(t -> collectReads(t, out));
    } else if (s instanceof Stmt.Loop l) {
      collectReads(l.condition(), out);
      l.body().forEach(t -> collectReads(t, out));
      l.update().forEach(t -> collectReads(t, out));
    }
  }

  public static Expr not(Expr e) {
    if (e instanceof Expr.Unary u && u.op() == Op.NOT) {
      return u.operand();
    }
    if (e instanceof Expr.Literal l && l.type() == Type.BOOLEAN) {
      return Expr.Literal.of(!(Boolean) l.value());
    }
    return new Expr.Unary(Op.NOT, e);
  }

  public static Expr and(Expr a, Expr b) {
    if (a instanceof Expr.Literal l && Boolean.TRUE.equals(l.value())) {
      return b;
    }
    if (b instanceof Expr.Literal l && Boolean.TRUE.equals(l.value())) {
      return a;
    }
    return new Expr.Binary(Op.AND, a, b, Type.BOOLEAN);
  }
}
