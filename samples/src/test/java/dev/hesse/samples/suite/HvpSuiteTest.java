package dev.hesse.samples.suite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.hesse.Objective;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For every suite function, at several random points of its domain with random directions (fixed seeds), the
 * generated {@code mHvp} and {@code mDirectional}:
 *
 * <ul>
 *   <li>mHvp returns exactly the original method's value and writes an H·v that matches central differences of the
 *       generated gradient along v (see {@link HvpCheck});
 *   <li>the Hessian they imply is symmetric: uᵀ(H w) = wᵀ(H u);
 *   <li>mDirectional returns ∇f·v, ∇f from the generated gradient;
 *   <li>inputs are not modified, every slot of hvOut is written, no state survives a call, a zero direction gives a
 *       zero product, and wrong lengths of v and hvOut are rejected;
 *   <li>the generated Objective's hvp agrees with mHvp.
 * </ul>
 */
class HvpSuiteTest {

  static final long SEED = 0x4E55_2D0FL;
  static final int POINTS = 4;

  /**
   * Symmetry: |uᵀ(Hw) − wᵀ(Hu)| <= SYM_REL (|u| |Hw| + |w| |Hu|) + SYM_ABS. Both sides are exact up to the rounding of
   * one H·v evaluation and a dot product, i.e. a few hundred ulps of the magnitudes involved for the suite's short
   * computations (more for the long loops, which contract); 1e-10 is ~4.5e5 ulps of headroom and still catches any
   * asymmetric error (a cross term missing in one direction, a tangent routed to the wrong slot), which is O(|H_ij|)
   * and with random u, w of the order of |u| |Hw| itself. SYM_ABS only covers H = 0 (e.g. n = 0) where both are 0.
   */
  static final double SYM_REL = 1e-10;

  static final double SYM_ABS = 1e-14;

  /**
   * Directional derivative against the reverse-mode gradient: |D − Σ g_i v_i| <= DIR_REL Σ |g_i v_i| + DIR_ABS.
   * Forward and reverse mode evaluate the same chain-rule products in a different association, each exact up to a
   * small multiple of eps times the magnitudes of the products; relative to Σ |g_i v_i| (not |Σ g_i v_i|, which may
   * cancel) 1e-12 is ~4500 ulps. Any derivative bug in either mode is O(1) relative.
   */
  static final double DIR_REL = 1e-12;

  static final double DIR_ABS = 1e-14;

  static Iterable<Case> cases() {
    return Cases.all();
  }

  static Iterable<Case> objectiveCases() {
    return Cases.withObjective();
  }

  /** A random stream per case, independent of the order in which cases run (and of the gradient suite's). */
  static Random random(Case c) {
    return new Random(SEED ^ c.name().hashCode());
  }

  static double[] nans(int n) {
    double[] a = new double[n];
    Arrays.fill(a, Double.NaN);
    return a;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void valueIsExactAndHvpMatchesDifferencesOfTheGradient(Case c) {
    Random rnd = random(c);
    for (int p = 0; p < POINTS; p++) {
      double[] x = c.point().apply(rnd);
      double[] v = HvpCheck.direction(rnd, x);
      double[] xIn = x.clone();
      double[] vIn = v.clone();
      double expected = c.original().applyAsDouble(x);

      double[] hv = nans(x.length); // every slot must be written, not accumulated into
      double actual = c.hvp().apply(x, v, hv);
      assertArrayEquals(xIn, x, 0.0, () -> c.name() + ": the Hvp call changed x");
      assertArrayEquals(vIn, v, 0.0, () -> c.name() + ": the Hvp call changed v");
      assertEquals(expected, actual, 0.0, () -> c.name() + ": value returned by Hvp at " + Arrays.toString(x));
      for (int j = 0; j < hv.length; j++) {
        int slot = j;
        assertTrue(Double.isFinite(hv[j]),
            () -> c.name() + ": hvOut[" + slot + "] = " + hv[slot] + " (not written, or not finite) at x = "
                + Arrays.toString(x) + ", v = " + Arrays.toString(v));
      }

      // A second call (after a different one) gives bit-identical results: no state survives a call.
      double[] other = c.point().apply(new Random(p));
      c.hvp().apply(other, HvpCheck.direction(new Random(p + 1), other), new double[other.length]);
      double[] again = new double[x.length];
      Arrays.fill(again, 42.0);
      assertEquals(actual, c.hvp().apply(x, v, again), 0.0, () -> c.name() + ": value on the repeated Hvp call");
      assertArrayEquals(hv, again, 0.0, () -> c.name() + ": H·v on the repeated call");

      HvpCheck.hvpMatches(c.name(), c.generated(), x, v, hv);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void hessianIsSymmetric(Case c) {
    Random rnd = random(c);
    for (int p = 0; p < POINTS; p++) {
      double[] x = c.point().apply(rnd);
      double[] u = HvpCheck.unitBox(rnd, x.length);
      double[] w = HvpCheck.unitBox(rnd, x.length);
      double[] hu = new double[x.length];
      double[] hw = new double[x.length];
      c.hvp().apply(x, u, hu);
      c.hvp().apply(x, w, hw);
      double uHw = HvpCheck.dot(u, hw);
      double wHu = HvpCheck.dot(w, hu);
      double tol = SYM_REL * (HvpCheck.norm(u) * HvpCheck.norm(hw) + HvpCheck.norm(w) * HvpCheck.norm(hu)) + SYM_ABS;
      if (!(Math.abs(uHw - wHu) <= tol)) {
        fail(String.format("%s: Hessian not symmetric at x = %s: uᵀ(Hw) = %.17g, wᵀ(Hu) = %.17g, |diff| %.3g > %.3g"
                + "%n  u = %s%n  w = %s%n  Hu = %s%n  Hw = %s",
            c.name(), Arrays.toString(x), uHw, wHu, Math.abs(uHw - wHu), tol, Arrays.toString(u),
            Arrays.toString(w), Arrays.toString(hu), Arrays.toString(hw)));
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void directionalDerivativeIsGradientDotV(Case c) {
    Random rnd = random(c);
    for (int p = 0; p < POINTS; p++) {
      double[] x = c.point().apply(rnd);
      double[] v = HvpCheck.unitBox(rnd, x.length);
      double[] xIn = x.clone();
      double[] vIn = v.clone();
      double[] g = new double[x.length];
      c.generated().apply(x, g);
      double expected = 0;
      double scale = 0;
      for (int i = 0; i < x.length; i++) {
        expected += g[i] * v[i];
        scale += Math.abs(g[i] * v[i]);
      }
      double actual = c.directional().apply(x, v);
      assertArrayEquals(xIn, x, 0.0, () -> c.name() + ": the Directional call changed x");
      assertArrayEquals(vIn, v, 0.0, () -> c.name() + ": the Directional call changed v");
      double err = Math.abs(actual - expected);
      double tol = DIR_REL * scale + DIR_ABS;
      if (!(err <= tol)) {
        fail(String.format("%s: Directional at x = %s, v = %s: expected ∇f·v = %.17g (gradient %s), actual %.17g,"
                + " |diff| %.3g > %.3g",
            c.name(), Arrays.toString(x), Arrays.toString(v), expected, Arrays.toString(g), actual, err, tol));
      }
      double other = c.directional().apply(c.point().apply(new Random(p)), HvpCheck.unitBox(new Random(p), x.length));
      assertEquals(actual, c.directional().apply(x, v), 0.0,
          () -> c.name() + ": Directional on the repeated call (after another call with " + other + ")");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void zeroDirectionGivesZeroProduct(Case c) {
    double[] x = c.point().apply(random(c));
    double[] hv = nans(x.length);
    assertEquals(c.original().applyAsDouble(x), c.hvp().apply(x, new double[x.length], hv), 0.0,
        () -> c.name() + ": Hvp value with v = 0");
    assertArrayEquals(new double[x.length], hv, 0.0, () -> c.name() + ": H·0 at x = " + Arrays.toString(x));
    assertEquals(0.0, c.directional().apply(x, new double[x.length]), 0.0, () -> c.name() + ": ∇f·0");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void wrongLengthsAreRejected(Case c) {
    double[] x = c.point().apply(random(c));
    int n = x.length;
    int[] wrong = n == 0 ? new int[] {1, 3} : new int[] {n - 1, n + 1, n + 3};
    for (int w : wrong) {
      expectLengthError(c.name() + ": Hvp with v of length " + w + " instead of " + n, n, w,
          () -> c.hvp().apply(x, new double[w], new double[n]));
      expectLengthError(c.name() + ": Hvp with hvOut of length " + w + " instead of " + n, n, w,
          () -> c.hvp().apply(x, new double[n], new double[w]));
      assertThrows(IllegalArgumentException.class, () -> c.directional().apply(x, new double[w]),
          () -> c.name() + ": Directional with v of length " + w + " instead of " + n);
    }
  }

  private static void expectLengthError(String what, int expected, int actual, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call, what);
    String message = String.valueOf(e.getMessage());
    assertTrue(message.contains(Integer.toString(expected)) && message.contains(Integer.toString(actual)),
        () -> what + ": message should mention expected length " + expected + " and actual " + actual + ": "
            + message);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("objectiveCases")
  void objectiveHvpAgreesWithHvpMethod(Case c) {
    Objective objective = c.objective().get();
    Random rnd = random(c);
    for (int p = 0; p < POINTS; p++) {
      double[] x = c.point().apply(rnd);
      double[] v = HvpCheck.unitBox(rnd, x.length);
      double[] xIn = x.clone();
      double[] vIn = v.clone();
      double[] viaMethod = new double[x.length];
      c.hvp().apply(x, v, viaMethod);
      double[] viaObjective = nans(x.length);
      objective.hvp(x, v, viaObjective);
      assertArrayEquals(viaMethod, viaObjective, 0.0, () -> c.name() + ": Objective.hvp vs mHvp");
      assertArrayEquals(xIn, x, 0.0, () -> c.name() + ": Objective.hvp changed x");
      assertArrayEquals(vIn, v, 0.0, () -> c.name() + ": Objective.hvp changed v");
    }
    double[] x = c.point().apply(rnd);
    int n = x.length;
    assertThrows(IllegalArgumentException.class, () -> objective.hvp(x, new double[n + 1], new double[n]),
        () -> c.name() + ": Objective.hvp with v of the wrong length");
    assertThrows(IllegalArgumentException.class, () -> objective.hvp(x, new double[n], new double[n + 1]),
        () -> c.name() + ": Objective.hvp with hvOut of the wrong length");
  }
}
