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

/** The seed example: the generated gradient of the chained Rosenbrock function against its hand-derived gradient. */
class RosenbrockTest {

  static final double REL = 1e-12;

  /** g_i = −400 x_i (x_{i+1} − x_i²) − 2 (1 − x_i) for i < n − 1, plus 200 (x_i − x_{i−1}²) for i > 0. */
  static double[] handGradient(double[] x) {
    int n = x.length;
    double[] g = new double[n];
    for (int i = 0; i < n; i++) {
      if (i < n - 1) {
        g[i] += -400 * x[i] * (x[i + 1] - x[i] * x[i]) - 2 * (1 - x[i]);
      }
      if (i > 0) {
        g[i] += 200 * (x[i] - x[i - 1] * x[i - 1]);
      }
    }
    return g;
  }

  /** |expected_i − actual_i| <= REL · max(1, |expected_i|) for every i. */
  static void assertClose(double[] expected, double[] actual, String what) {
    assertEquals(expected.length, actual.length, what + ": length");
    for (int i = 0; i < expected.length; i++) {
      double err = Math.abs(expected[i] - actual[i]);
      if (!(err <= REL * Math.max(1, Math.abs(expected[i])))) {
        fail(String.format("%s: component %d expected %.17g, actual %.17g", what, i, expected[i], actual[i]));
      }
    }
  }

  @ParameterizedTest(name = "n = {0}")
  @ValueSource(ints = {2, 10, 1000})
  void gradientMatchesHandDerivedFormula(int n) {
    Random rnd = new Random(1234 + n);
    for (int p = 0; p < 5; p++) {
      double[] x = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = -2 + 4 * rnd.nextDouble();
      }
      double[] input = x.clone();
      double[] g = new double[n];
      Arrays.fill(g, Double.NaN);
      double f = RosenbrockDerivatives.rosenbrockGradient(x, g);
      assertEquals(Rosenbrock.rosenbrock(x), f, 0.0, "value");
      assertArrayEquals(input, x, 0.0, "x was modified");
      assertClose(handGradient(x), g, "n = " + n + ", point " + p);
    }
  }

  @Test
  void seedPoint() {
    double[] x = {2.2, 0.21};
    double[] g = new double[2];
    double f = RosenbrockDerivatives.rosenbrockGradient(x, g);
    assertEquals(Rosenbrock.rosenbrock(x), f, 0.0);
    assertEquals(2145.13, f, REL * 2145.13);
    assertClose(new double[] {4076.8, -926}, g, "seed point");
  }

  @Test
  void minimumHasZeroGradient() {
    double[] x = {1, 1, 1, 1, 1};
    double[] g = new double[5];
    assertEquals(0.0, RosenbrockDerivatives.rosenbrockGradient(x, g), 0.0);
    assertArrayEquals(new double[5], g, 0.0);
  }

  @Test
  void singleCoordinateIsConstantZero() {
    double[] g = {Double.NaN};
    assertEquals(0.0, RosenbrockDerivatives.rosenbrockGradient(new double[] {3.0}, g), 0.0);
    assertArrayEquals(new double[] {0.0}, g, 0.0);
  }

  @Test
  void objectiveGivesTheSameValueAndGradient() {
    Objective objective = RosenbrockDerivatives.rosenbrock();
    Random rnd = new Random(99);
    for (int n : new int[] {2, 10, 1000}) {
      double[] x = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = -2 + 4 * rnd.nextDouble();
      }
      double expected = Rosenbrock.rosenbrock(x);
      assertEquals(expected, objective.value(x), 0.0, "Objective.value");
      double[] viaMethod = new double[n];
      RosenbrockDerivatives.rosenbrockGradient(x, viaMethod);
      double[] viaObjective = new double[n];
      assertEquals(expected, objective.gradient(x, viaObjective), 0.0, "Objective.gradient value");
      assertArrayEquals(viaMethod, viaObjective, 0.0, "Objective.gradient");
      assertClose(handGradient(x), viaObjective, "Objective, n = " + n);
    }
  }

  @Test
  void wrongGradOutLengthIsRejected() {
    double[] x = {0.5, -0.25, 1.5};
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RosenbrockDerivatives.rosenbrockGradient(x, new double[2]));
    String message = String.valueOf(e.getMessage());
    if (!(message.contains("3") && message.contains("2"))) {
      fail("message should mention both lengths 3 and 2: " + message);
    }
    assertThrows(IllegalArgumentException.class,
        () -> RosenbrockDerivatives.rosenbrock().gradient(x, new double[4]));
  }
}
