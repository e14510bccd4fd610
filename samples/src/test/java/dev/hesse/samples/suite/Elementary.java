package dev.hesse.samples.suite;

import dev.hesse.Differentiable;

/**
 * Straight-line functions (no loops) that together use every supported elementary function, operator, cast and
 * constant. Each function states its domain: the suite's test points lie inside it and away from the points where the
 * function is not differentiable.
 */
public final class Elementary {
  private Elementary() {}

  static final double SCALE = 2.5;
  static final int POWER = 3;

  /** A polynomial with a quotient. Domain: y != 0 (points use y in [0.5, 2]). */
  @Differentiable
  public static double polynomial(double x, double y) {
    return 3 * x * x * y - 2 * x * y * y * y + 5 * x - 7 + x / y;
  }

  /** sin, cos, tan. Domain: |0.3 x| < pi/2 (points use x, y in [-3, 3]). */
  @Differentiable
  public static double trig(double x, double y) {
    return Math.sin(x) * Math.cos(y) + Math.tan(0.3 * x) - Math.cos(x * y);
  }

  /** asin, acos, atan. Domain: |x| < 1, |y| < 1 (points in [-0.9, 0.9]). */
  @Differentiable
  public static double inverseTrig(double x, double y) {
    return Math.asin(x) * 2 + Math.acos(y) - Math.atan(x * y) + Math.atan(3 * y);
  }

  /**
   * Polar angle times radius: atan2 and hypot. Note the parameter order (y, x), so the gradient is (d/dy, d/dx).
   * Domain: off the branch cut {x <= 0, y = 0} and the origin (points use y in [0.2, 2], x in [-2, 2]).
   */
  @Differentiable
  public static double polarAngle(double y, double x) {
    return Math.atan2(y, x) * Math.hypot(x, y);
  }

  /** sinh, cosh, tanh. Domain: all reals (points in [-3, 3]). */
  @Differentiable
  public static double hyperbolic(double x) {
    return Math.sinh(x) + Math.cosh(0.5 * x) * Math.tanh(x) - Math.tanh(x * x);
  }

  /** exp, expm1, log, log1p, log10. Domain: x > -2 (points use x in [-1.5, 2.5], y in [-2, 2]). */
  @Differentiable
  public static double expLog(double x, double y) {
    return Math.exp(0.5 * x) - Math.expm1(y) + Math.log(x * x + 1) + Math.log1p(y * y) + Math.log10(2 + x);
  }

  /** sqrt and cbrt. Domain: x > 0, y != 0 (cbrt has a vertical tangent at 0), x y > -1. */
  @Differentiable
  public static double roots(double x, double y) {
    return Math.sqrt(x) + Math.cbrt(y) * x + Math.sqrt(x * y + 1);
  }

  /** pow with variable base and variable exponent. Domain: a > 0, b > 0 (points in [0.3, 2.5]). */
  @Differentiable
  public static double powVariable(double a, double b) {
    return Math.pow(a, b) + Math.pow(b, 2.5) - Math.pow(a + b, -0.5);
  }

  /**
   * pow with a negative base and constant integral exponents (an int parameter, a literal and an int constant). The
   * derivative with respect to the base is finite everywhere; one that multiplies log(base) by a zero exponent
   * derivative produces NaN here. Domain: all reals, n >= 1 (points use x in [-2, 2] and x - 1 < 0 often).
   */
  @Differentiable
  public static double powNegativeBase(double x, int n) {
    return Math.pow(x, n) + Math.pow(x, 2.0) - Math.pow(x - 1, POWER);
  }

  /** The StrictMath variants. Domain: |y| > 0 (abs), (x, y) != 0, x > -3 (points x in [-2, 2], |y| in [0.2, 1.5]). */
  @Differentiable
  public static double strictMath(double x, double y) {
    return StrictMath.sin(x) * StrictMath.exp(y)
        + StrictMath.hypot(x, 2 * y)
        + StrictMath.atan2(y, x + 3)
        + StrictMath.log(2 + StrictMath.cos(x))
        + StrictMath.pow(StrictMath.abs(y) + 1, x)
        + StrictMath.sqrt(StrictMath.cosh(x)) * StrictMath.tanh(y);
  }

  /** The Euclidean norm of a 3-vector via nested hypot. Domain: not the origin. */
  @Differentiable
  public static double hypotNorm(double x, double y, double z) {
    return Math.hypot(Math.hypot(x, y), z);
  }

  /**
   * abs, min and max, evaluated away from their kinks. Domain (differentiable): x != 0, x != y, x y != 1, y != 2,
   * |y - 2| != x^2 / 2 (points keep a margin of 0.05 from each).
   */
  @Differentiable
  public static double absMinMax(double x, double y) {
    return Math.abs(x) * Math.min(x, y) + Math.max(x * y, 1.0) - Math.min(Math.abs(y - 2), 0.5 * x * x);
  }

  /**
   * floor, ceil, rint, round (returns long) and signum, used inside arithmetic: they contribute zero derivative.
   * Domain: x and y not within 0.05 of an integer or half-integer (rint, round(3y) jumps at 3y = k + 1/2).
   */
  @Differentiable
  public static double piecewiseConstant(double x, double y) {
    return Math.floor(x) * y
        + Math.round(3 * y) * x
        + Math.signum(x) * x * x
        + Math.rint(x) * Math.ceil(y)
        + Math.sin(Math.floor(x) + y);
  }

  /** Math.PI, Math.E and static final constants of the class. Domain: all reals. */
  @Differentiable
  public static double constants(double x) {
    return Math.PI * x * x + Math.E * Math.sin(x) + SCALE * x + POWER * x * x * x / 6;
  }

  /** Unary minus, nested parentheses and division. Domain: x + y != -10 (points in [-3, 3]). */
  @Differentiable
  public static double rational(double x, double y) {
    return -x / (1 + y * y) - -(y) / (x * x + 2) + (x - y) / (x + y + 10);
  }

  /**
   * Integer arithmetic on int constants (/ and %), ++, -- and compound assignments on an int, an int local mixed into double arithmetic.
   * Domain: all reals; m != 0.
   */
  @Differentiable
  static double intArithmetic(double x, int n, int m) {
    int q = n / m;
    int r = n % m;
    int s = q * 2 - r;
    s++;
    s++;
    s--;
    s += m;
    s *= 3;
    s -= 3 * m;
    s /= 3;
    double k = (double) s / m;
    return k * x * x + (q + r) * Math.sin(x) + (n / 3) * x;
  }

  /**
   * Casts double -> int and double -> long (piecewise constant), long -> double, and long arithmetic. Domain: 10 x not
   * within 0.25 of an integer (the casts jump at multiples of 0.1).
   */
  @Differentiable
  public static double casts(double x, long big) {
    int whole = (int) x;
    long scaled = (long) (x * 10);
    double frac = x - whole;
    double lb = (double) (big % 1000);
    long millions = big / 1000000;
    return frac * frac * lb + scaled * x + (double) millions * Math.cos(x) + (double) whole;
  }
}
