package dev.hesse.samples.suite;

import dev.hesse.Differentiable;
import dev.hesse.NoDerivative;

/**
 * Branches without loops: if / else if / else, ternaries whose branches carry derivatives, early returns, boolean
 * logic over constants, variables overwritten in one branch, reassigned parameters. Each function states its domain;
 * the test points keep a margin from every branch switch so that the function is smooth around them.
 */
public final class ControlFlow {
  private ControlFlow() {}

  /** Huber loss. Domain: delta > 0, |r| != delta (points keep |r| at least 0.05 away from delta). */
  @Differentiable
  public static double huber(double r, double delta) {
    double a = Math.abs(r);
    if (a <= delta) {
      return 0.5 * r * r;
    }
    return delta * (a - 0.5 * delta);
  }

  /**
   * A piecewise cubic written as an else-if chain into a local declared without initialiser. Domain: x not within
   * 0.05 of -1, 0 or 1 (the pieces join continuously but only the first derivative matches at 0).
   */
  @Differentiable
  public static double spline(double x) {
    double y;
    if (x < -1) {
      y = -2 * x - 1;
    } else if (x < 0) {
      y = x * x * x + 2 * x * x - x;
    } else if (x < 1) {
      y = -x + 0.5 * x * x;
    } else {
      y = Math.log(x) - 0.5 + x * x * x / 3;
    }
    return y * (1 + 0.1 * x);
  }

  /** Ternaries whose both branches depend on the inputs. Domain: x != y, y != 0, x y != 1 (margin 0.05). */
  @Differentiable
  public static double ternaryActive(double x, double y) {
    double z = x > y ? x * x * y : Math.sin(x) + y;
    double w = z * (y > 0 ? y : -y) + (x * y > 1 ? Math.exp(-x) : Math.log(2 + x * x));
    return w;
  }

  /** Returns inside branches and at the end. Domain: x != 0, x != 2, y != ln 3 (margin 0.05). */
  @Differentiable
  public static double earlyReturns(double x, double y) {
    if (x < 0) {
      return x * y * y;
    }
    double t = Math.exp(y);
    if (t > 3) {
      return t * x - y;
    } else if (x > 2) {
      return x / t;
    }
    return x + t * t;
  }

  /**
   * Boolean and int constant parameters, boolean locals, && || ! and a data-dependent boolean. Domain: x^2 + y^2 != 2
   * (margin 0.05).
   */
  @Differentiable
  public static double flags(double x, double y, boolean square, boolean negate, int mode) {
    boolean big = x * x + y * y > 2 && !(mode == 3);
    boolean either = square || big;
    double v = either ? x * x : x;
    if (negate && !big) {
      v = -v;
    }
    if (mode == 1 || (mode == 2 && square)) {
      v += y * v;
    }
    return v + (big ? Math.sin(y) : y * y);
  }

  /** A variable overwritten in one branch only and read afterwards. Domain: x != 1 (margin 0.05). */
  @Differentiable
  public static double overwrittenInBranch(double x, double y) {
    double a = x * y;
    double spare = 7;
    if (x > 1) {
      a = Math.sin(x) + y;
      spare = a * 2;
    }
    double b = a * a + x;
    return b * a + spare;
  }

  /** Both parameters reassigned, with every compound assignment operator. Domain: all reals. */
  @Differentiable
  public static double reassignedParams(double x, double y) {
    x = x * x + y;
    y = y - x;
    x += Math.sin(y);
    x *= y;
    x /= 1 + y * y;
    x -= y;
    return x * y;
  }

  /**
   * Clamping with @NoDerivative bounds between differentiable scalars: the gradient is (d/dx, d/dy) only. Domain: x
   * != lo, x != hi (margin 0.05), lo < hi.
   */
  @Differentiable
  public static double clamp(double x, @NoDerivative double lo, @NoDerivative double hi, double y) {
    double c = Math.min(Math.max(x, lo), hi);
    return c * y + x * x * lo;
  }

  /** Nested if / else including an if without braces. Domain: x != 0, y != 0, z != 1 (margin 0.05). */
  @Differentiable
  public static double nestedIfs(double x, double y, double z) {
    double r;
    if (x > 0) {
      if (y > 0) {
        r = x * y * z;
      } else {
        r = x - y * z;
      }
      r += z;
    } else {
      r = Math.cos(x + y) * z;
      if (z > 1) r *= z;
    }
    return r;
  }
}
