package dev.hesse.processor.simplify;

import dev.hesse.processor.ir.Expr;
import dev.hesse.processor.ir.Exprs;
import dev.hesse.processor.ir.Function;
import dev.hesse.processor.ir.Op;
import dev.hesse.processor.ir.Stmt;
import dev.hesse.processor.ir.Type;
import dev.hesse.processor.ir.Variable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Stores each element of an output array once, as hand-written code does, instead of zeroing the whole array and then
 * accumulating into it ({@code Arrays.fill(gradOut, 0)}, then {@code xBar[i] -= a; xBar[i + 1] += b} in a loop): a
 * load and a store per update, and a whole extra pass over the array, become one store per element.
 *
 * <p>It applies to the first loop after the fill that touches the array, when that loop steps a counter {@code i}
 * by one and its only touches of the array are unconditional accumulations into elements {@code i + c} (c a
 * constant) at the top of its body. Element {@code i + cmin} is then complete at the end of iteration {@code i}: no
 * later iteration adds to it. The elements {@code i + cmin .. i + cmax} still receiving contributions are kept in
 * locals, one per offset, that are added to in the same order as the array elements were; at the end of each
 * iteration the first is stored and the others shift down. After the loop, the elements it did not store are zeroed
 * and those still in locals are stored. The values written are bit-identical to those of the accumulating code.
 *
 * <p>Runs on finished code only: the tangent transform and the linearisation never see its output.
 */
public final class OutputWrites {
  private OutputWrites() {}

  public static Function apply(Function f) {
    if (!onlyKnownStatements(f.body())) {
      return f;
    }
    List<Stmt> body = rewrite(f.body());
    return body == null ? f : new Function(f.name(), f.parameters(), body);
  }

  /** The rewritten top-level statements, or null when the pattern does not apply. */
  private static List<Stmt> rewrite(List<Stmt> body) {
    int fillAt = -1;
    for (int k = 0; k < body.size() && fillAt < 0; k++) {
      if (body.get(k) instanceof Stmt.Fill fill
          && fill.value() instanceof Expr.Literal lit
          && lit.type() == Type.DOUBLE
          && Double.doubleToRawLongBits(lit.asDouble()) == 0L) {
        fillAt = k;
      }
    }
    if (fillAt < 0) {
      return null;
    }
    Set<Variable> targets = new LinkedHashSet<>();
    targets.add(((Stmt.Fill) body.get(fillAt)).array());
    int loopAt = -1;
    for (int k = fillAt + 1; k < body.size(); k++) {
      Stmt s = body.get(k);
      if (s instanceof Stmt.Assign a
          && a.target().type().isArray()
          && a.value() instanceof Expr.Ref r
          && targets.contains(r.variable())) {
        targets.add(a.target()); // an alias: xBar = gradOut
        continue;
      }
      if (mentions(List.of(s), targets)) {
        loopAt = k;
        break;
      }
    }
    if (loopAt < 1
        || !(body.get(loopAt) instanceof Stmt.Loop loop)
        || loop.kind() != Stmt.Loop.Kind.FOR
        || !(body.get(loopAt - 1) instanceof Stmt.Assign init)) {
      return null;
    }
    Variable i = init.target();
    Expr start = init.value();
    Set<Variable> loopWrites = Exprs.writes(List.of(loop));
    if (i.type() != Type.INT
        || !loop.headerLocals().contains(i)
        || !isIncrement(loop.update(), i)
        || Exprs.writes(loop.body()).contains(i)
        || Exprs.reads(start).contains(i)
        || Exprs.reads(start).stream().anyMatch(loopWrites::contains)
        || Exprs.reads(loop.condition()).stream().anyMatch(targets::contains)
        || mentions(loop.update(), targets)) {
      return null;
    }
    // The loop's touches of the array: unconditional increments of elements i + c at the top of its body.
    Variable array = null;
    TreeSet<Integer> offsets = new TreeSet<>();
    Expr firstIndex = null;
    for (Stmt s : loop.body()) {
      if (s instanceof Stmt.ArrayUpdate u && targets.contains(u.array())) {
        Integer c = offset(u.index(), i);
        if (!u.accumulate() || c == null || array != null && array != u.array()
            || Exprs.reads(u.value()).stream().anyMatch(targets::contains)) {
          return null;
        }
        array = u.array();
        offsets.add(c);
      } else if (mentions(List.of(s), targets)) {
        return null;
      }
    }
    if (array == null) {
      return null;
    }
    int min = offsets.first();
    int span = offsets.last() - min;
    List<Variable> pending = new ArrayList<>();
    for (int d = 0; d <= span; d++) {
      int c = min + d;
      String suffix = c < 0 ? "AtMinus" + -c : "At" + c;
      pending.add(new Variable(array.name() + suffix, Type.DOUBLE, Variable.Role.ADJOINT));
    }

    List<Stmt> loopBody = new ArrayList<>();
    for (Stmt s : loop.body()) {
      if (s instanceof Stmt.ArrayUpdate u && u.array() == array) {
        Variable r = pending.get(offset(u.index(), i) - min);
        Expr value =
            u.value() instanceof Expr.Unary neg && neg.op() == Op.NEG
                ? new Expr.Binary(Op.SUB, new Expr.Ref(r), neg.operand(), Type.DOUBLE)
                : new Expr.Binary(Op.ADD, new Expr.Ref(r), u.value(), Type.DOUBLE);
        loopBody.add(new Stmt.Assign(r, value, false, null));
      } else {
        loopBody.add(s);
      }
    }
    loopBody.add(new Stmt.ArrayUpdate(array, index(i, min), new Expr.Ref(pending.get(0)), false));
    for (int d = 0; d < span; d++) {
      loopBody.add(new Stmt.Assign(pending.get(d), new Expr.Ref(pending.get(d + 1)), false, null));
    }
    loopBody.add(new Stmt.Assign(pending.get(span), Algebra.ZERO, false, null));

    List<Stmt> out = new ArrayList<>(body.subList(0, fillAt));
    out.addAll(body.subList(fillAt + 1, loopAt - 1));
    for (Variable r : pending) {
      out.add(new Stmt.Assign(r, Algebra.ZERO, true, null));
    }
    out.add(init);
    out.add(loop.withParts(loop.condition(), loop.update(), loopBody, loop.bodyLocals()));
    // Stored by the loop: elements start + min .. i + min (exclusive), i now one past the last iteration.
    out.add(new Stmt.ZeroOutside(array, plus(start, min), index(i, min)));
    // Still pending: element i + min + d, which some iteration added to iff the loop ran at least m times, m the
    // smallest positive distance c - (min + d) to an offset c.
    Expr trips = start instanceof Expr.Literal l && l.isNumber(0)
        ? new Expr.Ref(i)
        : new Expr.Binary(Op.SUB, new Expr.Ref(i), start, Type.INT);
    for (int d = 0; d < span; d++) {
      int m = offsets.higher(min + d) - (min + d);
      out.add(
          new Stmt.If(
              new Expr.Binary(Op.GE, trips, Expr.Literal.ofInt(m), Type.BOOLEAN),
              List.of(new Stmt.ArrayUpdate(array, index(i, min + d), new Expr.Ref(pending.get(d)), false)),
              List.of()));
    }
    out.addAll(body.subList(loopAt + 1, body.size()));
    return out;
  }

  /**
   * Whether every statement is of a kind these finishing passes know (the IR may grow kinds they would misread, e.g.
   * calls writing into adjoint arrays): they leave other code alone.
   */
  static boolean onlyKnownStatements(List<Stmt> stmts) {
    for (Stmt s : stmts) {
      if (s instanceof Stmt.If i) {
        if (!onlyKnownStatements(i.then()) || !onlyKnownStatements(i.otherwise())) {
          return false;
        }
      } else if (s instanceof Stmt.Loop l) {
        if (!onlyKnownStatements(l.body()) || !onlyKnownStatements(l.update())) {
          return false;
        }
      } else if (!(s instanceof Stmt.Assign || s instanceof Stmt.ArrayUpdate || s instanceof Stmt.Fill
          || s instanceof Stmt.Return || s instanceof Stmt.Push || s instanceof Stmt.Pop
          || s instanceof Stmt.Record || s instanceof Stmt.Replay || s instanceof Stmt.Comment)) {
        return false;
      }
    }
    return true;
  }

  /** {@code i = i + 1} as the loop's whole update. */
  private static boolean isIncrement(List<Stmt> update, Variable i) {
    return update.size() == 1
        && update.get(0) instanceof Stmt.Assign a
        && a.target() == i
        && a.value() instanceof Expr.Binary b
        && b.op() == Op.ADD
        && b.left() instanceof Expr.Ref r
        && r.variable() == i
        && b.right() instanceof Expr.Literal l
        && l.type() == Type.INT
        && l.isNumber(1);
  }

  /** c for an index {@code i}, {@code i + c} or {@code i - c} with c an int literal; else null. */
  private static Integer offset(Expr index, Variable i) {
    if (index instanceof Expr.Ref r && r.variable() == i) {
      return 0;
    }
    if (index instanceof Expr.Binary b
        && (b.op() == Op.ADD || b.op() == Op.SUB)
        && b.type() == Type.INT
        && b.left() instanceof Expr.Ref r
        && r.variable() == i
        && b.right() instanceof Expr.Literal l
        && l.type() == Type.INT) {
      int c = ((Number) l.value()).intValue();
      if (Math.abs((long) c) > 1 << 20) {
        return null;
      }
      return b.op() == Op.ADD ? c : -c;
    }
    return null;
  }

  private static Expr index(Variable i, int c) {
    return plus(new Expr.Ref(i), c);
  }

  private static Expr plus(Expr e, int c) {
    if (c == 0) {
      return e;
    }
    if (e instanceof Expr.Literal l && l.type() == Type.INT) {
      return Expr.Literal.ofInt(((Number) l.value()).intValue() + c);
    }
    return c > 0
        ? new Expr.Binary(Op.ADD, e, Expr.Literal.ofInt(c), Type.INT)
        : new Expr.Binary(Op.SUB, e, Expr.Literal.ofInt(-c), Type.INT);
  }

  /** Whether the statements read, write, fill or update any of the variables. */
  private static boolean mentions(List<Stmt> stmts, Set<Variable> vars) {
    return Mentions.any(stmts, vars);
  }
}
