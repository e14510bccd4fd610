package dev.hesse.samples.suite;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Random;

/**
 * Reference Hessian-vector products by central differences of the generated <em>gradient</em> along the direction:
 * H(x)·d ≈ (g(x + t d) − g(x − t d)) / 2t. The gradient itself is checked against finite differences of the original
 * method by {@link GradientSuiteTest} and is exact up to rounding, so this reference has only the errors of one
 * level of differencing (differencing the original twice would square them away: eps / t² instead of eps / t).
 *
 * <h2>Error analysis and tolerance</h2>
 *
 * <p>The directions are drawn by {@link #direction} with |d_i| <= max(1, |x_i|), so x ± t d moves coordinate i by at
 * most t·max(1, |x_i|): with t <= {@link Check#H_RICHARDSON} this is exactly the reach {@link Check} uses and that the
 * samplers' margins in {@link Cases} are built for. Write G for the magnitude of the gradient's components (and of the
 * terms the generated code sums to get them) and F_k for that of the k-th directional derivative of f along d.
 *
 * <ul>
 *   <li><b>Plain</b> D(t) with t = cbrt(eps) ≈ 6.1e-6: truncation t² F_4 / 6 ≈ 6e-12 F_4; rounding of the two
 *       gradient evaluations eps G / t ≈ 4e-11 G; rounding of x ± t d (the step actually taken differs from t d by
 *       at most ulp(x_i)/2 per coordinate) |H| eps max(1, |x|) / t ≈ 4e-11 |H| max(1, |x|).
 *   <li><b>Richardson</b> R = (4 D(t/2) − D(t)) / 3 with t = 1e-3: truncation t⁴ F_6 / 480 ≈ 2e-15 F_6; rounding ≈ 3
 *       eps G / t ≈ 7e-13 G, and ≈ 7e-13 |H| max(1, |x|) for the rounded steps. R is the reference.
 * </ul>
 *
 * <p>At the suite's test points these magnitudes are 1 to 1e3 (up to ~1e5 for Elementary.casts, whose tolerance
 * scales with it through |Hv|), so R is accurate to about 1e-12 … 1e-9 absolute. A product is accepted when |R_j −
 * (Hv)_j| <= {@link #TOL} (1 + |(Hv)_j|) with TOL = 1e-6: at least three orders of magnitude above the reference's
 * error, while a real bug (a missing second-order term such as the f''·(tangent)² of a unary op, a cross term dropped
 * or doubled, a tangent not propagated through a loop-carried variable, a slot of the wrong parameter) changes a
 * component by O(|Hv|) or O(1).
 *
 * <p><b>Kink guard.</b> The gradient must be smooth on the segment [x − 1e-3 d, x + 1e-3 d]: f must be C² there, not
 * only C¹ (e.g. ControlFlow.spline, whose second derivative jumps at 0). As in {@link Check}, R is compared with the
 * independent plain estimate D(cbrt(eps)); where g is smooth they agree to ~1e-10, across a jump of g or of its
 * derivative they disagree by O(1). A disagreement above {@link #KINK_TOL} (1 + |R_j|) fails as a <em>bad test
 * point</em>, never as a generator bug.
 */
public final class HvpCheck {
  private HvpCheck() {}

  /** Acceptance: |Hv_fd − Hv| <= TOL (1 + |Hv|). */
  public static final double TOL = 1e-6;

  /** Maximal disagreement between the Richardson and plain estimates where the gradient is smooth. */
  public static final double KINK_TOL = 1e-7;

  /** A direction d with d_i = u_i max(1, |x_i|), u_i uniform in [−1, 1]: the finite differences stay in reach. */
  public static double[] direction(Random r, double[] x) {
    double[] d = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      d[i] = (2 * r.nextDouble() - 1) * Math.max(1, Math.abs(x[i]));
    }
    return d;
  }

  /** A direction with entries uniform in [−1, 1] (for the checks that do not difference). */
  public static double[] unitBox(Random r, int n) {
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = 2 * r.nextDouble() - 1;
    }
    return d;
  }

  /** (g(x + t d) − g(x − t d)) / 2t, g the generated gradient. */
  public static double[] central(Case.Gradient gradient, double[] x, double[] d, double t) {
    int n = x.length;
    double[] plus = new double[n];
    double[] minus = new double[n];
    for (int i = 0; i < n; i++) {
      plus[i] = x[i] + t * d[i];
      minus[i] = x[i] - t * d[i];
    }
    double[] gp = new double[n];
    double[] gm = new double[n];
    gradient.apply(plus, gp);
    gradient.apply(minus, gm);
    double[] out = new double[n];
    for (int j = 0; j < n; j++) {
      out[j] = (gp[j] - gm[j]) / (2 * t);
    }
    return out;
  }

  /** The Richardson-extrapolated difference R = (4 D(t/2) − D(t)) / 3 with t = 1e-3. */
  public static double[] richardson(Case.Gradient gradient, double[] x, double[] d) {
    double[] coarse = central(gradient, x, d, Check.H_RICHARDSON);
    double[] fine = central(gradient, x, d, Check.H_RICHARDSON / 2);
    double[] r = new double[x.length];
    for (int j = 0; j < r.length; j++) {
      r[j] = (4 * fine[j] - coarse[j]) / 3;
    }
    return r;
  }

  /** The reference H·d, failing with "bad test point" if the gradient is not smooth near x along d. */
  public static double[] reference(String label, Case.Gradient gradient, double[] x, double[] d) {
    double[] r = richardson(gradient, x, d);
    double[] plain = central(gradient, x, d, Check.H_PLAIN);
    for (int j = 0; j < r.length; j++) {
      if (!(Math.abs(r[j] - plain[j]) <= KINK_TOL * (1 + Math.abs(r[j])))) {
        fail(String.format(
            "bad test point for %s: the gradient is not smooth near x = %s along d = %s, component %d"
                + " (Richardson %.17g, plain %.17g); choose points away from the function's kinks"
                + " (f must be C² around the point)",
            label, Arrays.toString(x), Arrays.toString(d), j, r[j], plain[j]));
      }
    }
    return r;
  }

  /** Asserts |reference_j − actual_j| <= TOL (1 + |actual_j|) for every j, reporting all mismatching components. */
  public static void hvpMatches(String label, Case.Gradient gradient, double[] x, double[] d, double[] actual) {
    double[] reference = reference(label, gradient, x, d);
    StringBuilder bad = new StringBuilder();
    for (int j = 0; j < x.length; j++) {
      double err = Math.abs(reference[j] - actual[j]);
      if (!(err <= TOL * (1 + Math.abs(actual[j])))) {
        bad.append(String.format(
            "%n  [%d] expected (differences of the gradient) %.15g, generated %.15g, |diff| %.3g",
            j, reference[j], actual[j], err));
      }
    }
    if (bad.length() > 0) {
      fail("H·v of " + label + " at x = " + Arrays.toString(x) + ", v = " + Arrays.toString(d) + " is wrong:" + bad);
    }
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  static double norm(double[] a) {
    return Math.sqrt(dot(a, a));
  }
}
