package dev.hesse.processor.simplify;

import dev.hesse.processor.ir.Expr;
import dev.hesse.processor.ir.Op;
import dev.hesse.processor.ir.Primitive;
import dev.hesse.processor.ir.Type;
import java.util.List;

/**
 * Smart constructors for derivative code: they apply identities that hold exactly for the derivative (x·1 = x, symbolic
 * zeros, literal folding), so that no {@code 0.0 * x} or {@code g * 1.0} is ever built. Never applied to the primal
 * (the user's own expressions), whose floating-point evaluation must not change.
 */
public final class Algebra {
  private Algebra() {}

  public static final Expr ZERO = Expr.Literal.of(0.0);
  public static final Expr ONE = Expr.Literal.of(1.0);

  public static Expr lit(double v) {
    return Expr.Literal.of(v);
  }

  static boolean isLiteral(Expr e, double v) {
    return e instanceof Expr.Literal l && l.value() instanceof Number && l.asDouble() == v;
  }

  public static boolean isZero(Expr e) {
    return isLiteral(e, 0.0);
  }

  static boolean isNumberLiteral(Expr e) {
    return e instanceof Expr.Literal l && l.value() instanceof Number;
  }

  private static Type numeric(Expr a, Expr b) {
    return Type.promote(a.type(), b.type());
  }

  private static Expr fold(Op op, Expr a, Expr b) {
    Type t = numeric(a, b);
    if (t != Type.DOUBLE) {
      long x = ((Number) ((Expr.Literal) a).value()).longValue();
      long y = ((Number) ((Expr.Literal) b).value()).longValue();
      long r;
      switch (op) {
        case ADD:
          r = x + y;
          break;
        case SUB:
          r = x - y;
          break;
        case MUL:
          r = x * y;
          break;
        default:
          return null;
      }
      return t == Type.INT ? Expr.Literal.ofInt((int) r) : new Expr.Literal(Type.LONG, r);
    }
    double x = ((Expr.Literal) a).asDouble();
    double y = ((Expr.Literal) b).asDouble();
    switch (op) {
      case ADD:
        return lit(x + y);
      case SUB:
        return lit(x - y);
      case MUL:
        return lit(x * y);
      case DIV:
        return lit(x / y);
      default:
        return null;
    }
  }

  public static Expr add(Expr a, Expr b) {
    if (isZero(a) && numeric(a, b) == b.type()) {
      return b;
    }
    if (isZero(b) && numeric(a, b) == a.type()) {
      return a;
    }
    if (isNumberLiteral(a) && isNumberLiteral(b)) {
      return fold(Op.ADD, a, b);
    }
    if (b instanceof Expr.Unary u && u.op() == Op.NEG) {
      return sub(a, u.operand());
    }
    if (a.type() == Type.DOUBLE && b.type() == Type.DOUBLE && sameValue(a, b, 0)) {
      // e + e is 2·e exactly (scaling by 2 commutes with rounding; overflow, NaN and signed zeros agree): the twin
      // terms of the product rule (x·x, c·c) cost one multiplication instead of two and an addition.
      return mul(TWO, a);
    }
    return new Expr.Binary(Op.ADD, a, b, numeric(a, b));
  }

  private static final Expr TWO = lit(2.0);

  /**
   * Whether two expressions always have the same value: equal, or equal once the operands of some additions and
   * multiplications are swapped (a single + or * is commutative exactly in IEEE arithmetic). Depth-limited.
   */
  static boolean sameValue(Expr a, Expr b, int depth) {
    if (a.equals(b)) {
      return true;
    }
    if (depth < 4
        && a instanceof Expr.Binary x
        && b instanceof Expr.Binary y
        && x.op() == y.op()
        && (x.op() == Op.ADD || x.op() == Op.MUL)
        && x.type() == y.type()) {
      return sameValue(x.left(), y.left(), depth + 1) && sameValue(x.right(), y.right(), depth + 1)
          || sameValue(x.left(), y.right(), depth + 1) && sameValue(x.right(), y.left(), depth + 1);
    }
    if (depth < 4 && a instanceof Expr.Unary x && b instanceof Expr.Unary y && x.op() == y.op()) {
      return sameValue(x.operand(), y.operand(), depth + 1);
    }
    return false;
  }

  public static Expr sub(Expr a, Expr b) {
    if (isZero(b) && a.type() == Type.DOUBLE) {
      return a;
    }
    if (isZero(a) && b.type() == Type.DOUBLE) {
      return neg(b);
    }
    if (isNumberLiteral(a) && isNumberLiteral(b)) {
      return fold(Op.SUB, a, b);
    }
    if (b instanceof Expr.Unary u && u.op() == Op.NEG) {
      return add(a, u.operand());
    }
    return new Expr.Binary(Op.SUB, a, b, numeric(a, b));
  }

  public static Expr mul(Expr a, Expr b) {
    if ((isZero(a) || isZero(b)) && numeric(a, b) == Type.DOUBLE) {
      return ZERO;
    }
    if (isLiteral(a, 1.0) && b.type() == Type.DOUBLE) {
      return b;
    }
    if (isLiteral(b, 1.0) && a.type() == Type.DOUBLE) {
      return a;
    }
    if (isLiteral(a, -1.0) && b.type() == Type.DOUBLE) {
      return neg(b);
    }
    if (isLiteral(b, -1.0) && a.type() == Type.DOUBLE) {
      return neg(a);
    }
    if (isNumberLiteral(a) && isNumberLiteral(b)) {
      return fold(Op.MUL, a, b);
    }
    Expr scaled = foldScale(a, b);
    if (scaled == null) {
      scaled = foldScale(b, a);
    }
    if (scaled != null) {
      return scaled;
    }
    Expr hoisted = hoistScale(a, b);
    if (hoisted == null) {
      hoisted = hoistScale(b, a);
    }
    if (hoisted != null) {
      return hoisted;
    }
    if (a instanceof Expr.Unary u && u.op() == Op.NEG) {
      return neg(mul(u.operand(), b));
    }
    if (b instanceof Expr.Unary u && u.op() == Op.NEG) {
      return neg(mul(a, u.operand()));
    }
    return new Expr.Binary(Op.MUL, a, b, numeric(a, b));
  }

  /**
   * {@code (e·c1)·c2} as {@code e·(c1·c2)} when one of the literals is a power of two: scaling by 2^k is exact, so
   * both round the same (outside the subnormal range). Derivatives of {@code 100·c·c} are then {@code c·200.0}, not
   * {@code 2.0·(c·100)}. Null when the shape does not apply.
   */
  private static Expr foldScale(Expr product, Expr literal) {
    if (!(literal instanceof Expr.Literal l2 && l2.type() == Type.DOUBLE)
        || !(product instanceof Expr.Binary p && p.op() == Op.MUL && p.type() == Type.DOUBLE)) {
      return null;
    }
    Expr other;
    Expr.Literal l1;
    if (p.right() instanceof Expr.Literal r && isNumberLiteral(r)) {
      l1 = r;
      other = p.left();
    } else if (p.left() instanceof Expr.Literal r && isNumberLiteral(r)) {
      l1 = r;
      other = p.right();
    } else {
      return null;
    }
    double c1 = l1.asDouble();
    double c2 = l2.asDouble();
    if (other.type() != Type.DOUBLE || !(isPowerOfTwo(c1) || isPowerOfTwo(c2))) {
      return null;
    }
    double c = c1 * c2;
    if (!Double.isFinite(c) || c == 0 || !isNormal(c1) || !isNormal(c2)) {
      return null;
    }
    return mul(other, lit(c));
  }

  /**
   * {@code a·(2^k·e)} as {@code (a·e)·2^k}, exact for the same reason: a power-of-two factor moves to the outside,
   * where equal terms ({@code ḡ·r·0.5} and {@code ḡ·(0.5·r)}) look equal and literals fold.
   */
  private static Expr hoistScale(Expr a, Expr scaledProduct) {
    if (a instanceof Expr.Literal
        || a.type() != Type.DOUBLE
        || !(scaledProduct instanceof Expr.Binary p && p.op() == Op.MUL && p.type() == Type.DOUBLE)) {
      return null;
    }
    if (p.left() instanceof Expr.Literal l && isPowerOfTwo(l.asDouble()) && p.right().type() == Type.DOUBLE) {
      return mul(mul(a, p.right()), l);
    }
    if (p.right() instanceof Expr.Literal l && isPowerOfTwo(l.asDouble()) && p.left().type() == Type.DOUBLE) {
      return mul(mul(a, p.left()), l);
    }
    return null;
  }

  private static boolean isPowerOfTwo(double c) {
    double m = Math.abs(c);
    return isNormal(c) && m == Math.scalb(1.0, Math.getExponent(m));
  }

  private static boolean isNormal(double c) {
    return Double.isFinite(c) && Math.abs(c) >= Double.MIN_NORMAL;
  }

  public static Expr div(Expr a, Expr b) {
    if (isZero(a) && numeric(a, b) == Type.DOUBLE) {
      return ZERO;
    }
    if (isLiteral(b, 1.0) && a.type() == Type.DOUBLE) {
      return a;
    }
    if (isNumberLiteral(a) && isNumberLiteral(b) && numeric(a, b) == Type.DOUBLE) {
      return fold(Op.DIV, a, b);
    }
    if (a instanceof Expr.Unary u && u.op() == Op.NEG) {
      return neg(div(u.operand(), b));
    }
    return new Expr.Binary(Op.DIV, a, b, Type.DOUBLE);
  }

  public static Expr neg(Expr a) {
    if (a instanceof Expr.Unary u && u.op() == Op.NEG) {
      return u.operand();
    }
    if (a instanceof Expr.Literal l && l.type() == Type.DOUBLE) {
      return lit(-l.asDouble());
    }
    return new Expr.Unary(Op.NEG, a);
  }

  public static Expr call(Primitive p, Expr... args) {
    if (p == Primitive.POW && isLiteral(args[1], 1.0)) {
      return args[0]; // Math.pow(x, 1.0) is x exactly (Math.pow's specification)
    }
    if (p == Primitive.POW && isLiteral(args[1], 2.0)) {
      return new Expr.Binary(Op.MUL, args[0], args[0], Type.DOUBLE);
    }
    return new Expr.Call(p, false, List.of(args), Type.DOUBLE);
  }

  public static Expr select(Expr condition, Expr ifTrue, Expr ifFalse) {
    if (condition instanceof Expr.Literal l && l.value() instanceof Boolean b) {
      return b ? ifTrue : ifFalse;
    }
    if (ifTrue.equals(ifFalse)) {
      return ifTrue;
    }
    return new Expr.Conditional(condition, ifTrue, ifFalse);
  }

  public static Expr compare(Op op, Expr a, Expr b) {
    return new Expr.Binary(op, a, b, Type.BOOLEAN);
  }
}
