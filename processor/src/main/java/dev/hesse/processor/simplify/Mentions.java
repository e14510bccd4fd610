package dev.hesse.processor.simplify;

import dev.hesse.processor.ir.Expr;
import dev.hesse.processor.ir.Exprs;
import dev.hesse.processor.ir.Stmt;
import dev.hesse.processor.ir.Variable;
import java.util.List;
import java.util.Set;

/** Which of a few variables statements mention (read, write, fill or update), without building sets of all. */
final class Mentions {
  private Mentions() {}

  /** Adds to {@code out} the variables of {@code among} that the statements mention, nested statements included. */
  static void collect(List<Stmt> stmts, Set<Variable> among, Set<Variable> out) {
    for (Stmt s : stmts) {
      collect(s, among, out);
    }
  }

  static void collect(Stmt s, Set<Variable> among, Set<Variable> out) {
    if (s instanceof Stmt.Assign a) {
      add(a.target(), among, out);
      collect(a.value(), among, out);
    } else if (s instanceof Stmt.ArrayUpdate u) {
      add(u.array(), among, out);
      collect(u.index(), among, out);
      collect(u.value(), among, out);
    } else if (s instanceof Stmt.Fill f) {
      add(f.array(), among, out);
      collect(f.value(), among, out);
    } else if (s instanceof Stmt.If i) {
      collect(i.condition(), among, out);
      collect(i.then(), among, out);
      collect(i.otherwise(), among, out);
    } else if (s instanceof Stmt.Loop l) {
      collect(l.condition(), among, out);
      collect(l.body(), among, out);
      collect(l.update(), among, out);
    } else if (!(s instanceof Stmt.Comment)) {
      List<Stmt> one = List.of(s);
      for (Variable v : Exprs.reads(one)) {
        add(v, among, out);
      }
      for (Variable v : Exprs.writes(one)) {
        add(v, among, out);
      }
      if (s instanceof Stmt.ZeroOutside z) {
        add(z.array(), among, out);
      }
    }
  }

  static void collect(Expr e, Set<Variable> among, Set<Variable> out) {
    if (e instanceof Expr.Ref r) {
      add(r.variable(), among, out);
    } else if (e instanceof Expr.Literal || e instanceof Expr.FieldRef) {
      return;
    } else if (e instanceof Expr.Binary b) {
      collect(b.left(), among, out);
      collect(b.right(), among, out);
    } else if (e instanceof Expr.Unary u) {
      collect(u.operand(), among, out);
    } else if (e instanceof Expr.Index i) {
      collect(i.array(), among, out);
      collect(i.index(), among, out);
    } else {
      for (Variable v : Exprs.reads(e)) {
        add(v, among, out);
      }
    }
  }

  /** Whether the statements mention any of the variables. */
  static boolean any(List<Stmt> stmts, Set<Variable> among) {
    Set<Variable> found = new java.util.HashSet<>();
    collect(stmts, among, found);
    return !found.isEmpty();
  }

  private static void add(Variable v, Set<Variable> among, Set<Variable> out) {
    if (among.contains(v)) {
      out.add(v);
    }
  }
}
