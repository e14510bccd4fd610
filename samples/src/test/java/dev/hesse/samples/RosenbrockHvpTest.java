package dev.hesse.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import dev.hesse.Objective;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The seed example's Hessian-vector product and directional derivative against the hand-derived tridiagonal Hessian
 *
 * <pre>
 *   H[i][i]   = 1200 x_i² − 400 x_{i+1} + 2   (i < n − 1)   + 200   (i > 0)
 *   H[i][i+1] = H[i+1][i] = −400 x_i
 * </pre>
 *
 * <p>Tolerance: |(Hv)_i − ref_i| <= 1e-12 B_i where B_i sums the absolute values of the terms of (Hv)_i with H_ii
 * split into its terms: B_i = (1200 x_i² + 400 |x_{i+1}| + 2) |v_i| + 400 |x_i| |v_{i+1}| (i < n − 1) + 200 |v_i| +
 * 400 |x_{i−1}| |v_{i−1}| (i > 0). Cancellation among these terms (inside H_ii as well as across j) is inherent: the
 * generated code and the reference both sum them in floating point and can only be exact to a few eps · B_i, so a
 * bound relative to |(Hv)_i| alone would be dishonest where (Hv)_i happens to be small. 1e-12 is ~4500 ulps of B_i.
 */
class RosenbrockHvpTest {

  static final double REL = 1e-12;

  /** H·v from the hand-derived tridiagonal Hessian, and in bound[] the sums B_i of absolute term values. */
  static double[] handHvp(double[] x, double[] v, double[] bound) {
    int n = x.length;
    double[] hv = new double[n];
    for (int i = 0; i < n; i++) {
      double b = 0;
      if (i < n - 1) {
        hv[i] += (1200 * x[i] * x[i] - 400 * x[i + 1] + 2) * v[i] - 400 * x[i] * v[i + 1];
        b += (1200 * x[i] * x[i] + 400 * Math.abs(x[i + 1]) + 2) * Math.abs(v[i]) + 400 * Math.abs(x[i] * v[i + 1]);
      }
      if (i > 0) {
        hv[i] += 200 * v[i] - 400 * x[i - 1] * v[i - 1];
        b += 200 * Math.abs(v[i]) + 400 * Math.abs(x[i - 1] * v[i - 1]);
      }
      bound[i] = b;
    }
    return hv;
  }

  static void assertWithin(double[] expected, double[] actual, double[] bound, String what) {
    assertEquals(expected.length, actual.length, what + ": length");
    StringBuilder bad = new StringBuilder();
    for (int i = 0; i < expected.length; i++) {
      double err = Math.abs(expected[i] - actual[i]);
      if (!(err <= REL * bound[i])) {
        bad.append(String.format("%n  [%d] expected %.17g, actual %.17g, |diff| %.3g > %.3g",
            i, expected[i], actual[i], err, REL * bound[i]));
        if (bad.length() > 2000) {
          break;
        }
      }
    }
    if (bad.length() > 0) {
      fail(what + ":" + bad);
    }
  }

  static double[] uniform(Random rnd, int n, double lo, double hi) {
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = lo + (hi - lo) * rnd.nextDouble();
    }
    return a;
  }

  @ParameterizedTest(name = "n = {0}")
  @ValueSource(ints = {2, 10, 1000})
  void hvpMatchesHandDerivedHessian(int n) {
    Random rnd = new Random(4321 + n);
    for (int p = 0; p < 5; p++) {
      double[] x = uniform(rnd, n, -2, 2);
      double[] v = uniform(rnd, n, -1, 1);
      double[] xIn = x.clone();
      double[] vIn = v.clone();
      double[] hv = new double[n];
      Arrays.fill(hv, Double.NaN);
      double f = RosenbrockDerivatives.rosenbrockHvp(x, v, hv);
      assertEquals(Rosenbrock.rosenbrock(x), f, 0.0, "value");
      assertArrayEquals(xIn, x, 0.0, "x was modified");
      assertArrayEquals(vIn, v, 0.0, "v was modified");
      double[] bound = new double[n];
      double[] expected = handHvp(x, v, bound);
      assertWithin(expected, hv, bound, "H·v, n = " + n + ", point " + p);
    }
  }

  @ParameterizedTest(name = "n = {0}")
  @ValueSource(ints = {2, 10, 1000})
  void hessianColumnsAreTheHandDerivedOnes(int n) {
    // H e_k is column k: exercises every diagonal entry and both neighbours separately (no cancellation across j).
    Random rnd = new Random(777 + n);
    double[] x = uniform(rnd, n, -2, 2);
    int[] ks = n <= 10 ? java.util.stream.IntStream.range(0, n).toArray() : new int[] {0, 1, 2, n / 2, n - 2, n - 1};
    for (int k : ks) {
      double[] e = new double[n];
      e[k] = 1;
      double[] hv = new double[n];
      Arrays.fill(hv, Double.NaN);
      RosenbrockDerivatives.rosenbrockHvp(x, e, hv);
      double[] bound = new double[n];
      assertWithin(handHvp(x, e, bound), hv, bound, "column " + k + ", n = " + n);
    }
  }

  @Test
  void seedPoint() {
    double[] x = {2.2, 0.21};
    double[] v = {1.2, 3.1};
    double[] hv = new double[2];
    double f = RosenbrockDerivatives.rosenbrockHvp(x, v, hv);
    assertEquals(Rosenbrock.rosenbrock(x), f, 0.0);
    // H = [[5726, −880], [−880, 200]]; H v = [6871.2 − 2728, −1056 + 620] = [20716/5, −436].
    double[] expected = {20716.0 / 5, -436};
    for (int i = 0; i < 2; i++) {
      if (!(Math.abs(expected[i] - hv[i]) <= REL * Math.abs(expected[i]))) {
        fail(String.format("seed point H·v[%d]: expected %.17g, actual %.17g", i, expected[i], hv[i]));
      }
    }
    // ∇f = [4076.8, −926] (RosenbrockTest.seedPoint), so ∇f·v = 4892.16 − 2870.6 = 2021.56.
    double d = RosenbrockDerivatives.rosenbrockDirectional(x, v);
    if (!(Math.abs(2021.56 - d) <= REL * (4076.8 * 1.2 + 926 * 3.1))) {
      fail(String.format("seed point ∇f·v: expected 2021.56, actual %.17g", d));
    }
  }

  @Test
  void atTheMinimumHessianIsTheKnownTridiagonal() {
    // x = 1: H[i][i] = 802 (i < n − 1) + 200 (i > 0), off-diagonal −400; H·1 = [402, 202, ..., 202, −200].
    double[] x = {1, 1, 1, 1, 1};
    double[] ones = {1, 1, 1, 1, 1};
    double[] hv = new double[5];
    assertEquals(0.0, RosenbrockDerivatives.rosenbrockHvp(x, ones, hv), 0.0);
    assertArrayEquals(new double[] {402, 202, 202, 202, -200}, hv, 0.0);
    assertEquals(0.0, RosenbrockDerivatives.rosenbrockDirectional(x, ones), 0.0);
  }

  @Test
  void singleCoordinateHasZeroHessian() {
    double[] hv = {Double.NaN};
    assertEquals(0.0, RosenbrockDerivatives.rosenbrockHvp(new double[] {3.0}, new double[] {2.0}, hv), 0.0);
    assertArrayEquals(new double[] {0.0}, hv, 0.0);
    assertEquals(0.0, RosenbrockDerivatives.rosenbrockDirectional(new double[] {3.0}, new double[] {2.0}), 0.0);
  }

  @ParameterizedTest(name = "n = {0}")
  @ValueSource(ints = {2, 10, 1000})
  void directionalMatchesHandDerivedGradient(int n) {
    Random rnd = new Random(2468 + n);
    for (int p = 0; p < 5; p++) {
      double[] x = uniform(rnd, n, -2, 2);
      double[] v = uniform(rnd, n, -1, 1);
      double[] xIn = x.clone();
      double[] vIn = v.clone();
      // g_i = −400 x_i (x_{i+1} − x_i²) − 2 (1 − x_i)  (i < n − 1)  + 200 (x_i − x_{i−1}²)  (i > 0); the bound sums
      // the absolute values of the terms of Σ g_i v_i.
      double expected = 0;
      double bound = 0;
      for (int i = 0; i < n; i++) {
        double gi = 0;
        double bi = 0;
        if (i < n - 1) {
          gi += -400 * x[i] * (x[i + 1] - x[i] * x[i]) - 2 * (1 - x[i]);
          bi += 400 * Math.abs(x[i]) * (Math.abs(x[i + 1]) + x[i] * x[i]) + 2 * (1 + Math.abs(x[i]));
        }
        if (i > 0) {
          gi += 200 * (x[i] - x[i - 1] * x[i - 1]);
          bi += 200 * (Math.abs(x[i]) + x[i - 1] * x[i - 1]);
        }
        expected += gi * v[i];
        bound += bi * Math.abs(v[i]);
      }
      double actual = RosenbrockDerivatives.rosenbrockDirectional(x, v);
      assertArrayEquals(xIn, x, 0.0, "x was modified");
      assertArrayEquals(vIn, v, 0.0, "v was modified");
      if (!(Math.abs(expected - actual) <= REL * bound)) {
        fail(String.format("n = %d, point %d: ∇f·v expected %.17g, actual %.17g, |diff| %.3g > %.3g",
            n, p, expected, actual, Math.abs(expected - actual), REL * bound));
      }
    }
  }

  @Test
  void objectiveHvpIsTheHvpMethod() {
    Objective objective = RosenbrockDerivatives.rosenbrock();
    Random rnd = new Random(100);
    for (int n : new int[] {2, 10, 1000}) {
      double[] x = uniform(rnd, n, -2, 2);
      double[] v = uniform(rnd, n, -1, 1);
      double[] viaMethod = new double[n];
      RosenbrockDerivatives.rosenbrockHvp(x, v, viaMethod);
      double[] viaObjective = new double[n];
      Arrays.fill(viaObjective, Double.NaN);
      objective.hvp(x, v, viaObjective);
      assertArrayEquals(viaMethod, viaObjective, 0.0, "Objective.hvp vs rosenbrockHvp, n = " + n);
      double[] bound = new double[n];
      assertWithin(handHvp(x, v, bound), viaObjective, bound, "Objective.hvp, n = " + n);
    }
  }

  @Test
  void wrongLengthsAreRejected() {
    double[] x = {0.5, -0.25, 1.5};
    for (double[][] args : new double[][][] {
      {new double[2], new double[3]}, {new double[4], new double[3]}, {new double[3], new double[2]},
      {new double[3], new double[4]},
    }) {
      double[] v = args[0];
      double[] out = args[1];
      int wrong = v.length != 3 ? v.length : out.length;
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> RosenbrockDerivatives.rosenbrockHvp(x, v, out), "v " + v.length + ", hvOut " + out.length);
      String message = String.valueOf(e.getMessage());
      if (!(message.contains("3") && message.contains(Integer.toString(wrong)))) {
        fail("message should mention both lengths 3 and " + wrong + ": " + message);
      }
      assertThrows(IllegalArgumentException.class, () -> RosenbrockDerivatives.rosenbrock().hvp(x, v, out),
          "Objective.hvp with v " + v.length + ", hvOut " + out.length);
    }
    assertThrows(IllegalArgumentException.class, () -> RosenbrockDerivatives.rosenbrockDirectional(x, new double[2]));
    assertThrows(IllegalArgumentException.class, () -> RosenbrockDerivatives.rosenbrockDirectional(x, new double[4]));
  }
}
