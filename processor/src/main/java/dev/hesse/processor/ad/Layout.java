package dev.hesse.processor.ad;

import static dev.hesse.processor.simplify.Algebra.add;

import dev.hesse.processor.ir.Expr;
import dev.hesse.processor.ir.Function;
import dev.hesse.processor.ir.Op;
import dev.hesse.processor.ir.Type;
import dev.hesse.processor.ir.Variable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a differentiable parameter's elements live in {@code gradOut}, {@code v} and {@code hvOut}: a {@code double}
 * takes one slot, a {@code double[]} its length, a (rectangular) {@code double[][]} rows × columns, row by row.
 */
final class Layout {
  private Layout() {}

  /**
   * Each differentiable parameter of {@code f}, in order, with the slot of its first element in {@code gradOut},
   * {@code v} and {@code hvOut}: a double takes one slot, an array {@link #size} of them.
   */
  static Map<Variable, Expr> offsets(Function f) {
    Map<Variable, Expr> out = new LinkedHashMap<>();
    Expr offset = Expr.Literal.ofInt(0);
    for (Function.Parameter p : f.parameters()) {
      if (p.differentiable()) {
        Variable x = p.variable();
        out.put(x, offset);
        offset = add(offset, x.type() == Type.DOUBLE ? Expr.Literal.ofInt(1) : size(x));
      }
    }
    return out;
  }

  /** The number of slots of an array parameter. */
  static Expr size(Variable array) {
    Expr rows = new Expr.Length(new Expr.Ref(array));
    if (array.type() != Type.DOUBLE_MATRIX) {
      return rows;
    }
    return new Expr.Binary(Op.MUL, rows, columns(array), Type.INT);
  }

  /** {@code m.length == 0 ? 0 : m[0].length}. */
  static Expr columns(Variable matrix) {
    Expr rows = new Expr.Length(new Expr.Ref(matrix));
    return new Expr.Conditional(
        new Expr.Binary(Op.EQ, rows, Expr.Literal.ofInt(0), Type.BOOLEAN),
        Expr.Literal.ofInt(0),
        new Expr.Length(new Expr.Index(new Expr.Ref(matrix), Expr.Literal.ofInt(0))));
  }

  /**
   * The slot of element {@code x[i]} or {@code m[i][j]} of an array parameter whose first slot is {@code offset}:
   * {@code offset + i}, or {@code offset + i * m[i].length + j} (the matrix is rectangular).
   */
  static Expr slot(Expr.Index element, Expr offset) {
    if (element.array() instanceof Expr.Index row) {
      Expr rowStart =
          new Expr.Binary(Op.MUL, row.index(), new Expr.Length(row), Type.INT);
      return add(add(offset, rowStart), element.index());
    }
    return add(offset, element.index());
  }
}
