package dev.hesse.processor.ad;

import static dev.hesse.processor.simplify.Algebra.add;

import dev.hesse.processor.ir.Expr;
import dev.hesse.processor.ir.Op;
import dev.hesse.processor.ir.Type;
import dev.hesse.processor.ir.Variable;

/**
 * Where a differentiable parameter's elements live in {@code gradOut}, {@code v} and {@code hvOut}: a {@code double}
 * takes one slot, a {@code double[]} its length, a (rectangular) {@code double[][]} rows × columns, row by row.
 */
final class Layout {
  private Layout() {}

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
