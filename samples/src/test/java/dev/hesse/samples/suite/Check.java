package dev.hesse.samples.suite;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.function.ToDoubleFunction;

/**
 * Reference gradients by central finite differences, computed only from the original (hand-written) method; nothing
 * generated is used.
 *
 * <h2>Error analysis and tolerance</h2>
 *
 * <p>Per coordinate i, with scale s_i = max(1, |x_i|):
 *
 * <ul>
 *   <li><b>Plain central difference</b> D(h) = (f(x + h e_i) − f(x − h e_i)) / 2h with h = h0 s_i, h0 = cbrt(eps) ≈
 *       6.1e-6. Its truncation error is h² |f'''| / 6 ≈ 6e-12 |f'''| and its rounding error about eps |f| / h ≈ 4e-11
 *       |f|: about 1e-10 times the magnitude of the function and its derivatives. h0 = cbrt(eps) balances the two.
 *   <li><b>Richardson extrapolation</b> R = (4 D(h/2) − D(h)) / 3 with the larger h = 1e-3 s_i cancels the h² term:
 *       truncation h⁴ |f⁽⁵⁾| / 480 ≈ 2e-15 |f⁽⁵⁾|, rounding ≈ 3 eps |f| / h ≈ 7e-13 |f|. R is the reference.
 * </ul>
 *
 * <p>The suite's functions have |f| and their first five derivatives of order 1 to 1e3 at the test points, so R is
 * accurate to about 1e-12 … 1e-9 absolute. A gradient is accepted when |R − g| <= {@link #TOL} (1 + |g|) with TOL =
 * 1e-6: three or more orders of magnitude above the reference's own error (no false alarms from rounding), while any
 * real differentiation bug (a missing term, a wrong branch's adjoint, a stale or doubled accumulation) changes a
 * component by O(|g|) or O(1) and is caught with room to spare. The "1 +" makes the test absolute near g = 0.
 *
 * <p><b>Kink guard.</b> A finite difference across a branch switch, a jump of a piecewise-constant term or a change
 * of trip count is meaningless. Before comparing, R is compared with the independent estimate D(h0 s_i); two estimates
 * from step sizes 160 times apart agree to ~1e-10 where f is smooth on [x − 1e-3 s, x + 1e-3 s] and disagree wildly
 * across a jump. A disagreement above {@link #KINK_TOL} (1 + |R|) fails the test as a <em>bad test point</em> (a
 * suite bug, not a generator bug), so the suite cannot silently pass or fail by sampling near a kink.
 */
public final class Check {
  private Check() {}

  /** Machine epsilon, 2^-52. */
  public static final double EPS = Math.ulp(1.0);

  /** Step of the plain central difference: cbrt(eps) ≈ 6.06e-6. */
  public static final double H_PLAIN = Math.cbrt(EPS);

  /** Larger step of the Richardson pair (the smaller one is half of it). */
  public static final double H_RICHARDSON = 1e-3;

  /** Acceptance: |g_fd − g| <= TOL (1 + |g|). */
  public static final double TOL = 1e-6;

  /** Maximal disagreement between the two reference estimates where f is smooth. */
  public static final double KINK_TOL = 1e-7;

  /** Plain central difference of f at x along coordinate i with step h·max(1, |x_i|). */
  public static double central(ToDoubleFunction<double[]> f, double[] x, int i, double h0) {
    double[] y = x.clone();
    double step = h0 * Math.max(1, Math.abs(x[i]));
    double plus = x[i] + step;
    double minus = x[i] - step;
    y[i] = plus;
    double fp = f.applyAsDouble(y);
    y[i] = minus;
    double fm = f.applyAsDouble(y);
    // Divide by the step actually taken (plus - minus), not the nominal 2 * step: x_i ± step are rounded.
    return (fp - fm) / (plus - minus);
  }

  /** The Richardson-extrapolated central difference R along coordinate i. */
  public static double richardson(ToDoubleFunction<double[]> f, double[] x, int i) {
    double coarse = central(f, x, i, H_RICHARDSON);
    double fine = central(f, x, i, H_RICHARDSON / 2);
    return (4 * fine - coarse) / 3;
  }

  /**
   * The reference gradient of f at x, failing with "bad test point" if x is close to a non-differentiable point of f.
   */
  public static double[] gradient(String label, ToDoubleFunction<double[]> f, double[] x) {
    double[] g = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      double r = richardson(f, x, i);
      double plain = central(f, x, i, H_PLAIN);
      if (!(Math.abs(r - plain) <= KINK_TOL * (1 + Math.abs(r)))) {
        fail(String.format(
            "bad test point for %s: f is not smooth near x = %s along coordinate %d (Richardson %.17g, plain %.17g);"
                + " choose points away from the function's kinks",
            label, java.util.Arrays.toString(x), i, r, plain));
      }
      g[i] = r;
    }
    return g;
  }

  /** Asserts |reference_i − actual_i| <= TOL (1 + |actual_i|) for every i, reporting all mismatching components. */
  public static void gradientMatches(String label, ToDoubleFunction<double[]> f, double[] x, double[] actual) {
    double[] reference = gradient(label, f, x);
    StringBuilder bad = new StringBuilder();
    for (int i = 0; i < x.length; i++) {
      double err = Math.abs(reference[i] - actual[i]);
      if (!(err <= TOL * (1 + Math.abs(actual[i])))) {
        bad.append(String.format("%n  [%d] expected (finite differences) %.15g, generated %.15g, |diff| %.3g",
            i, reference[i], actual[i], err));
      }
    }
    if (bad.length() > 0) {
      fail("gradient of " + label + " at x = " + java.util.Arrays.toString(x) + " is wrong:" + bad);
    }
  }

  /** Asserts |expected_i − actual_i| <= tol · max(1, |expected_i|) for every i (closed-form comparisons). */
  public static void closeRelative(String label, double[] expected, double[] actual, double tol) {
    if (expected.length != actual.length) {
      fail(label + ": length " + actual.length + ", expected " + expected.length);
    }
    StringBuilder bad = new StringBuilder();
    for (int i = 0; i < expected.length; i++) {
      double err = Math.abs(expected[i] - actual[i]);
      if (!(err <= tol * Math.max(1, Math.abs(expected[i])))) {
        bad.append(String.format("%n  [%d] expected %.17g, actual %.17g, |diff| %.3g", i, expected[i], actual[i], err));
      }
    }
    if (bad.length() > 0) {
      fail(label + " differs beyond " + tol + " relative:" + bad);
    }
  }
}
