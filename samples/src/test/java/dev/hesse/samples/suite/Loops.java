package dev.hesse.samples.suite;

import dev.hesse.Differentiable;
import dev.hesse.NoDerivative;

/**
 * Loops of every supported kind: for with run-time bounds (ascending and descending), nested, while, do-while,
 * enhanced for over a double[], break, continue, return inside loops, data-dependent branches and trip counts.
 * Functions whose control flow depends on the input are piecewise smooth; each states where it jumps, and the test
 * points keep a margin from those places.
 */
public final class Loops {
  private Loops() {}

  /** Σ x_i², with an enhanced for. Domain: all of R^n (n may be 0). */
  @Differentiable
  public static double sumOfSquares(double[] x) {
    double s = 0;
    for (double xi : x) {
      s += xi * xi;
    }
    return s;
  }

  /** Π x_i, accumulated with *=. Domain: all of R^n (points keep |x_i| >= 0.3 only to keep values moderate). */
  @Differentiable
  public static double product(double[] x) {
    double p = 1;
    for (int i = 0; i < x.length; i++) {
      p *= x[i];
    }
    return p;
  }

  /** Σ_k w_k x[idx_k] x[idx_{(k+1) mod m}]: gathers through an int[], repeated indices included. Domain: R^n. */
  @Differentiable
  public static double gatherPairs(double[] x, int[] idx, @NoDerivative double[] w) {
    double s = 0;
    for (int k = 0; k < idx.length; k++) {
      s += w[k] * x[idx[k]] * x[idx[(k + 1) % idx.length]];
    }
    return s;
  }

  /**
   * Strided index arithmetic (2i, 2i + 1, n - 1 - i, n / 2, n % 2). Domain: R^n (the quotient's denominator is >= 2).
   */
  @Differentiable
  public static double strided(double[] x) {
    int half = x.length / 2;
    double s = 0;
    for (int i = 0; i < half; i++) {
      s += x[2 * i] * x[2 * i + 1] - x[x.length - 1 - i] / (2 + x[i] * x[i]);
    }
    if (x.length % 2 == 1) {
      s += x[x.length - 1] * x[x.length - 1] * x[x.length - 1];
    }
    return s;
  }

  /** xᵀ A x with a constant double[][] matrix, nested loops. Domain: R^n, A is n x n. */
  @Differentiable
  public static double quadraticForm(double[] x, @NoDerivative double[][] a) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      double row = 0;
      for (int j = 0; j < x.length; j++) {
        row += a[i][j] * x[j];
      }
      s += x[i] * row;
    }
    return s;
  }

  /** A triangular nested loop (inner bound depends on the outer index) with an int -> double cast. Domain: R^n. */
  @Differentiable
  public static double triangularPairs(double[] x) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < i; j++) {
        s += Math.sin(x[i] - x[j]) * (double) (j + 1) / (i + 1);
      }
    }
    return s;
  }

  /**
   * while with break: sums squares until the partial sum exceeds the threshold; returns it times the stopping index.
   * Piecewise: jumps where a partial sum equals the threshold (points keep a margin of 0.05 from it).
   */
  @Differentiable
  public static double accumulateUntil(double[] x, @NoDerivative double threshold) {
    double s = 0;
    int i = 0;
    while (i < x.length) {
      s += x[i] * x[i];
      if (s > threshold) {
        break;
      }
      i++;
    }
    return s * (i + 1);
  }

  /** do-while with a fixed trip count: Newton's iteration for sqrt(a). Domain: a > 0 (points in [0.5, 9]). */
  @Differentiable
  public static double newtonSqrt(double a) {
    double y = 1 + 0.5 * a;
    int k = 0;
    do {
      y = 0.5 * (y + a / y);
      k++;
    } while (k < 8);
    return y;
  }

  /**
   * do-while whose trip count depends on the input: halves x until it is <= 1. Domain: x > 0; jumps at powers of two
   * (points are 2^(k + u) with u in [0.1, 0.9]).
   */
  @Differentiable
  public static double halvings(double x) {
    double y = x;
    int n = 0;
    do {
      y = y * 0.5;
      n++;
    } while (y > 1);
    return y * y + n * x;
  }

  /** continue (with and without braces) skipping negative entries and every third index. Domain: x_i != 0 (margin). */
  @Differentiable
  public static double positiveParts(double[] x) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      if (x[i] < 0) continue;
      if (i % 3 == 2) {
        continue;
      }
      s += x[i] * Math.log(1 + x[i]);
    }
    return s;
  }

  /**
   * return inside a loop: the first time the running sum of squares exceeds limit. Gradient layout: (x..., limit).
   * Piecewise: jumps where a partial sum equals limit (margin 0.05).
   */
  @Differentiable
  public static double firstExceeding(double[] x, double limit) {
    double acc = 0;
    for (int i = 0; i < x.length; i++) {
      acc += x[i] * x[i];
      if (acc > limit) {
        return acc * x[i] - limit;
      }
    }
    return -acc * limit;
  }

  /**
   * return inside a nested loop. Piecewise: jumps where a product x_i x_j equals cutoff (margin 0.05). Domain: n >= 1.
   */
  @Differentiable
  public static double firstLargePair(double[] x, @NoDerivative double cutoff) {
    for (int i = 0; i < x.length; i++) {
      for (int j = i + 1; j < x.length; j++) {
        if (x[i] * x[j] > cutoff) {
          return x[i] * x[j] + i - j;
        }
      }
    }
    return 0.5 * x[0];
  }

  /**
   * A while loop whose trip count depends on x[0]: t steps by 0.5 until it reaches x[0]. Domain: n >= 2, x[0] > 0;
   * jumps at multiples of 0.5 (points keep x[0] at least 0.1 away from them).
   */
  @Differentiable
  public static double stepsToReach(double[] x) {
    double t = 0;
    int n = 0;
    while (t < x[0]) {
      t += 0.5;
      n++;
    }
    return t * x[1] + n * x[0] * x[0] + x[1] * x[0];
  }

  /** long counters: a long local updated with += and *=, a long loop variable, long % and /. Domain: R^n. */
  @Differentiable
  public static double longCounter(double[] x, long start) {
    long c = start;
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      c += i;
      c *= 3;
      s += x[i] / (double) (c % 11 + 1);
    }
    for (long k = 0; k < 3; k += 1) {
      s += Math.sin(s) * (double) k;
    }
    long total = c / 7;
    return s * (double) (total % 5) + s * s;
  }

  /**
   * Data-dependent branches inside a loop, one reading the accumulated value. Domain: n >= 1, x_i != x_{i-1}, and
   * x_i != -0.5 where x_i <= x_{i-1} (margin 0.05).
   */
  @Differentiable
  public static double branchyRecurrence(double[] x) {
    double s = 0;
    for (int i = 1; i < x.length; i++) {
      if (x[i] > x[i - 1]) {
        s += x[i] * x[i - 1];
      } else if (x[i] < -0.5) {
        s -= Math.exp(x[i]);
      } else {
        s += Math.sin(x[i]) * s + x[i];
      }
    }
    return s;
  }

  /**
   * log Σ exp(x_i), stabilised by the running maximum found with an if inside an enhanced for. Smooth everywhere; the
   * points have distinct entries so that the maximum is unambiguous. Domain: n >= 1.
   */
  @Differentiable
  public static double logSumExp(double[] x) {
    double m = x[0];
    for (double xi : x) {
      if (xi > m) {
        m = xi;
      }
    }
    double s = 0;
    for (double xi : x) {
      s += Math.exp(xi - m);
    }
    return m + Math.log(s);
  }

  /** Horner's rule with a descending loop and i--: Σ c_i t^i. Gradient layout: (c..., t). Domain: R^(n+1). */
  @Differentiable
  public static double horner(double[] c, double t) {
    double p = 0;
    for (int i = c.length - 1; i >= 0; i--) {
      p = p * t + c[i];
    }
    return p;
  }

  /**
   * An unlabelled break in a for nested in a while (leaves the inner loop only). Piecewise: jumps where
   * x_j (r + 1) = 2.5 for r in {0, 1, 2} (margin 0.05).
   */
  @Differentiable
  public static double nestedWhileFor(double[] x) {
    double s = 0;
    int round = 0;
    while (round < 3) {
      for (int j = 0; j < x.length; j++) {
        if (x[j] * (round + 1) > 2.5) {
          break;
        }
        s += x[j] * (round + 1) * Math.cos(s);
      }
      round++;
    }
    return s;
  }

  /** while (true) left by break after a fixed, constant-dependent count: a damped iteration. Domain: R^2, steps >= 1. */
  @Differentiable
  public static double whileTrue(double[] x, int steps) {
    double u = x[0];
    double v = x[1];
    int k = 0;
    while (true) {
      double nu = 0.9 * u - 0.2 * Math.sin(v);
      v = 0.5 * v + 0.1 * u * u;
      u = nu;
      k++;
      if (k >= steps) {
        break;
      }
    }
    return u * u + v;
  }

  /** continue inside a do-while (jumps to the condition). Domain: n >= 1. */
  @Differentiable
  public static double doWhileContinue(double[] x) {
    int i = 0;
    double s = 0;
    do {
      i++;
      if (i % 2 == 0) {
        continue;
      }
      s += x[i - 1] * x[i - 1] * i;
    } while (i < x.length);
    return s;
  }

  /** Compensated (Kahan) summation followed by a square: mathematically (Σ x)² + Σ x / 2. Domain: R^n. */
  @Differentiable
  public static double kahan(double[] x) {
    double sum = 0;
    double comp = 0;
    for (double xi : x) {
      double y = xi - comp;
      double t = sum + y;
      comp = (t - sum) - y;
      sum = t;
    }
    return 0.5 * sum + sum * sum;
  }

  /** A product with a data-dependent factor: p *= (x_i > 0 ? x_i : 1 - x_i). Domain: x_i != 0 (margin 0.05). */
  @Differentiable
  public static double signedProduct(double[] x) {
    double p = 1;
    for (int i = 0; i < x.length; i++) {
      p *= x[i] > 0 ? x[i] : 1 - x[i];
    }
    return p;
  }

  /**
   * A three-point stencil from i = 1 (offsets -1, 0, +1 into x in one loop), with a scalar parameter after the array.
   * Domain: R^n x R (for n < 3 the loop does not run).
   */
  @Differentiable
  public static double stencil(double[] x, double a) {
    double s = a * a;
    for (int i = 1; i + 1 < x.length; i++) {
      double lap = x[i - 1] - 2 * x[i] + x[i + 1];
      s += lap * lap * a + Math.sin(x[i]);
    }
    return s;
  }

  /** Pairs two apart: offsets 0 and +2 into x, none at +1. Domain: R^n (for n < 3 the loop does not run). */
  @Differentiable
  public static double gappedPairs(double[] x) {
    double s = 0;
    for (int i = 0; i + 2 < x.length; i++) {
      s += x[i] * x[i + 2] + x[i + 2] * x[i + 2] * x[i + 2];
    }
    return s;
  }
}
