package dev.hesse.processor.ad;

import static dev.hesse.processor.simplify.Algebra.ONE;
import static dev.hesse.processor.simplify.Algebra.add;
import static dev.hesse.processor.simplify.Algebra.call;
import static dev.hesse.processor.simplify.Algebra.compare;
import static dev.hesse.processor.simplify.Algebra.div;
import static dev.hesse.processor.simplify.Algebra.lit;
import static dev.hesse.processor.simplify.Algebra.mul;
import static dev.hesse.processor.simplify.Algebra.neg;
import static dev.hesse.processor.simplify.Algebra.select;
import static dev.hesse.processor.simplify.Algebra.sub;

import dev.hesse.processor.ir.Callee;
import dev.hesse.processor.ir.Expr;
import dev.hesse.processor.ir.Op;
import dev.hesse.processor.ir.Primitive;
import java.util.Arrays;
import java.util.List;

/**
 * The derivative rules: one per primitive, and the only place where calculus lives. Each rule gives the partial
 * derivatives of a node with respect to its operands, as expressions over the operands and the node itself. The
 * reverse transform multiplies an adjoint by them; the tangent transform multiplies tangents by them. Partials are
 * built from the same primitives, so derivative code can itself be differentiated (forward over reverse).
 *
 * <p>Conventions at non-differentiable points, chosen like JAX's and documented in the README: abs'(0) = 0 (signum),
 * min and max pass the derivative to the first argument on ties (as Java returns it), hypot's derivative at (0, 0) is
 * 0, and floor, ceil, rint, round and signum have derivative 0. pow's partial with respect to the exponent,
 * pow(x, y)·log(x), is only built when the exponent is active, and is 0 where x ≤ 0 (pow is not differentiable in
 * the exponent there).
 */
public final class Rules {
  private Rules() {}

  /**
   * The partials of {@code node} with respect to each operand, in operand order; an entry is null where the operand
   * carries no derivative (integer operands, piecewise-constant functions).
   */
  public static List<Expr> partials(Expr node) {
    if (node instanceof Expr.Unary u && u.op() == Op.NEG) {
      return List.of(lit(-1.0));
    }
    if (node instanceof Expr.Binary b) {
      Expr l = b.left();
      Expr r = b.right();
      switch (b.op()) {
        case ADD:
          return List.of(ONE, ONE);
        case SUB:
          return List.of(ONE, lit(-1.0));
        case MUL:
          return List.of(r, l);
        case DIV:
          // d(l/r)/dr = -(l/r)/r: reuses the quotient, no squaring that could overflow.
          return List.of(div(ONE, r), neg(div(node, r)));
        case REM:
          {
            // l % r = l - r·trunc(l/r), with trunc locally constant.
            Expr q = div(l, r);
            Expr trunc = select(compare(Op.LT, q, lit(0.0)), call(Primitive.CEIL, q), call(Primitive.FLOOR, q));
            return List.of(ONE, neg(trunc));
          }
        default:
          throw new IllegalArgumentException("no derivative rule for operator " + b.op());
      }
    }
    if (node instanceof Expr.Call c) {
      return callPartials(c);
    }
    if (node instanceof Expr.Invoke i && i.callee().isCustom()) {
      return customPartials(i);
    }
    throw new IllegalArgumentException("no derivative rule for " + node);
  }

  private static List<Expr> callPartials(Expr.Call c) {
    Expr a = c.args().get(0);
    Expr b = c.args().size() > 1 ? c.args().get(1) : null;
    switch (c.function()) {
      case SIN:
        return List.of(call(Primitive.COS, a));
      case COS:
        return List.of(neg(call(Primitive.SIN, a)));
      case TAN:
        return List.of(add(ONE, mul(c, c)));
      case ASIN:
        return List.of(div(ONE, call(Primitive.SQRT, sub(ONE, mul(a, a)))));
      case ACOS:
        return List.of(neg(div(ONE, call(Primitive.SQRT, sub(ONE, mul(a, a))))));
      case ATAN:
        return List.of(div(ONE, add(ONE, mul(a, a))));
      case ATAN2:
        {
          // atan2(y, x): d/dy = x / (x² + y²), d/dx = -y / (x² + y²)
          Expr r2 = add(mul(b, b), mul(a, a));
          return List.of(div(b, r2), neg(div(a, r2)));
        }
      case SINH:
        return List.of(call(Primitive.COSH, a));
      case COSH:
        return List.of(call(Primitive.SINH, a));
      case TANH:
        return List.of(sub(ONE, mul(c, c)));
      case EXP:
        return List.of(c);
      case EXPM1:
        return List.of(call(Primitive.EXP, a));
      case LOG:
        return List.of(div(ONE, a));
      case LOG1P:
        return List.of(div(ONE, add(ONE, a)));
      case LOG10:
        return List.of(div(ONE, mul(a, lit(Math.log(10.0)))));
      case SQRT:
        return List.of(div(lit(0.5), c));
      case CBRT:
        return List.of(div(ONE, mul(lit(3.0), mul(c, c))));
      case POW:
        // In the exponent pow is differentiable only for a positive base (elsewhere it is defined at integers
        // only); taking 0 there keeps a zero tangent from turning into 0·NaN.
        return Arrays.asList(
            mul(b, call(Primitive.POW, a, sub(b, lit(1.0)))),
            select(compare(Op.GT, a, lit(0.0)), mul(c, call(Primitive.LOG, a)), lit(0.0)));
      case HYPOT:
        {
          Expr atOrigin = compare(Op.EQ, c, lit(0.0));
          return List.of(select(atOrigin, lit(0.0), div(a, c)), select(atOrigin, lit(0.0), div(b, c)));
        }
      case ABS:
        return List.of(call(Primitive.SIGNUM, a));
      case MIN:
      case MAX:
        {
          Expr firstWins = compare(c.function() == Primitive.MIN ? Op.LE : Op.GE, a, b);
          return List.of(select(firstWins, ONE, lit(0.0)), select(firstWins, lit(0.0), ONE));
        }
      case FLOOR:
      case CEIL:
      case RINT:
      case ROUND:
      case SIGNUM:
        return Arrays.asList(new Expr[c.args().size()]);
      default:
        throw new IllegalArgumentException("no derivative rule for Math." + c.function().javaName());
    }
  }

  /**
   * A user-supplied derivative ({@code @CustomDerivative}): each partial is a call of the user's own
   * {@code @Differentiable} method for it, with the same arguments, so that it can be differentiated again (HVP).
   */
  private static List<Expr> customPartials(Expr.Invoke i) {
    List<Callee.Param> params = i.callee().parameters();
    Expr[] out = new Expr[params.size()];
    int next = 0;
    for (int k = 0; k < params.size(); k++) {
      if (params.get(k).differentiable()) {
        out[k] = new Expr.Invoke(i.callee().partials().get(next++), Expr.Invoke.Variant.VALUE, i.args(), i.site());
      }
    }
    return Arrays.asList(out);
  }

  /** Whether a node's derivative comes from {@link #partials}: operators, Math functions, custom derivatives. */
  public static boolean hasPartials(Expr e) {
    return e instanceof Expr.Binary
        || e instanceof Expr.Call
        || e instanceof Expr.Invoke i && i.callee().isCustom() && i.variant() == Expr.Invoke.Variant.VALUE;
  }

  /** The operands that {@link #partials} refers to, in order. */
  public static List<Expr> operands(Expr e) {
    if (e instanceof Expr.Binary b) {
      return List.of(b.left(), b.right());
    }
    if (e instanceof Expr.Call c) {
      return c.args();
    }
    return ((Expr.Invoke) e).args();
  }

  /**
   * min and max select one operand: for derivatives they are {@code a <= b ? a : b} (min) and {@code a >= b ? a : b}
   * (max), so that the derivative code takes one branch instead of multiplying by 0 or 1.
   */
  public static Expr asSelection(Expr.Call c) {
    Expr a = c.args().get(0);
    Expr b = c.args().get(1);
    Op op = c.function() == Primitive.MIN ? Op.LE : Op.GE;
    return new Expr.Conditional(compare(op, a, b), a, b);
  }

  public static boolean isSelection(Expr e) {
    return e instanceof Expr.Call c && (c.function() == Primitive.MIN || c.function() == Primitive.MAX);
  }
}
