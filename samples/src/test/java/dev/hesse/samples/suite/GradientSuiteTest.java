package dev.hesse.samples.suite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hesse.Objective;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For every suite function, at several random points of its domain (fixed seeds): the generated gradient method
 * returns exactly the original method's value and writes a gradient that matches central finite differences of the
 * original (see {@link Check}); wrong gradOut lengths are rejected; the generated Objective agrees.
 */
class GradientSuiteTest {

  static final long SEED = 0x4E55E_5EEDL;
  static final int POINTS = 4;

  static Iterable<Case> cases() {
    return Cases.all();
  }

  static Iterable<Case> objectiveCases() {
    return Cases.withObjective();
  }

  /** A random stream per case, independent of the order in which cases run. */
  static Random random(Case c) {
    return new Random(SEED ^ c.name().hashCode());
  }

  @Test
  void suiteIsLargeEnough() {
    long functions = Cases.all().stream().map(c -> c.name().replaceAll("\\[.*", "")).distinct().count();
    assertTrue(functions >= 45, "only " + functions + " distinct functions");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void valueIsExactAndGradientMatchesFiniteDifferences(Case c) {
    Random rnd = random(c);
    for (int p = 0; p < POINTS; p++) {
      double[] v = c.point().apply(rnd);
      double[] input = v.clone();
      double expected = c.original().applyAsDouble(v);

      double[] grad = new double[v.length];
      Arrays.fill(grad, Double.NaN); // every slot must be written, not accumulated into
      double actual = c.generated().apply(v, grad);
      assertArrayEquals(input, v, 0.0, "the gradient call changed its inputs");
      assertEquals(expected, actual, 0.0, () -> c.name() + ": value at " + Arrays.toString(v));

      // A second call (after a different one) gives bit-identical results: no state survives a call.
      double[] other = c.point().apply(new Random(p));
      c.generated().apply(other, new double[other.length]);
      double[] again = new double[v.length];
      Arrays.fill(again, 42.0);
      assertEquals(actual, c.generated().apply(v, again), 0.0, () -> c.name() + ": value on the repeated call");
      assertArrayEquals(grad, again, 0.0, () -> c.name() + ": gradient on the repeated call");

      Check.gradientMatches(c.name(), c.original(), v, grad);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void wrongGradOutLengthIsRejected(Case c) {
    double[] v = c.point().apply(random(c));
    int n = v.length;
    int[] wrong = n == 0 ? new int[] {1, 3} : new int[] {n - 1, n + 1, n + 3};
    for (int w : wrong) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> c.generated().apply(v, new double[w]),
              () -> c.name() + ": gradOut of length " + w + " instead of " + n);
      String message = String.valueOf(e.getMessage());
      assertTrue(message.contains(Integer.toString(n)) && message.contains(Integer.toString(w)),
          () -> c.name() + ": message should mention expected length " + n + " and actual " + w + ": " + message);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("objectiveCases")
  void objectiveAgreesWithGradientMethod(Case c) {
    Objective objective = c.objective().get();
    Random rnd = random(c);
    for (int p = 0; p < POINTS; p++) {
      double[] x = c.point().apply(rnd);
      double[] input = x.clone();
      double expected = c.original().applyAsDouble(x);
      assertEquals(expected, objective.value(x), 0.0, () -> c.name() + ": Objective.value");

      double[] viaMethod = new double[x.length];
      c.generated().apply(x, viaMethod);
      double[] viaObjective = new double[x.length];
      Arrays.fill(viaObjective, Double.NaN);
      assertEquals(expected, objective.gradient(x, viaObjective), 0.0, () -> c.name() + ": Objective.gradient value");
      assertArrayEquals(viaMethod, viaObjective, 0.0, () -> c.name() + ": Objective.gradient vs mGradient");
      assertArrayEquals(input, x, 0.0, "Objective.gradient changed x");
    }
    double[] x = c.point().apply(rnd);
    assertThrows(IllegalArgumentException.class, () -> objective.gradient(x, new double[x.length + 1]),
        () -> c.name() + ": Objective.gradient with gradOut of the wrong length");
  }
}
