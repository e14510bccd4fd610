package dev.hesse.samples.suite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hesse.HessianOperator;
import dev.hesse.Objective;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated {@code hessianAt} operator (record once at x, replay the tangent sweep per product) must give exactly
 * the products {@code mHvp} gives: it evaluates the same operations in the same order, only reading v-independent
 * values from its tape. Bit-for-bit equality is the right reference.
 */
@Timeout(120)
class HessianOperatorTest {
  static java.util.List<Case> cases() {
    return Cases.withObjective();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void manyProductsAtOnePointEqualFreshHvps(Case c) {
    Random random = new Random(c.name().hashCode());
    Objective objective = c.objective().get();
    for (int trial = 0; trial < 3; trial++) {
      double[] x = c.point().apply(random);
      HessianOperator hessian = objective.hessianAt(x);
      double[] xBefore = x.clone();
      for (int product = 0; product < 4; product++) {
        double[] v = new double[x.length];
        for (int i = 0; i < v.length; i++) {
          v[i] = random.nextGaussian();
        }
        double[] expected = new double[x.length];
        objective.hvp(xBefore, v, expected);
        double[] actual = new double[x.length];
        Arrays.fill(actual, Double.NaN);
        hessian.apply(v, actual);
        assertArrayEquals(expected, actual, 0.0, c.name() + " at " + Arrays.toString(xBefore));
        // The operator copied x: changing the caller's array afterwards changes nothing.
        if (x.length > 0) {
          x[0] += 1.0;
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void wrongLengthsAreRejected(Case c) {
    double[] x = c.point().apply(new Random(7));
    HessianOperator hessian = c.objective().get().hessianAt(x);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> hessian.apply(new double[x.length + 1], new double[x.length]));
    assertEquals(true, e.getMessage().contains(Integer.toString(x.length + 1)), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> hessian.apply(new double[x.length], new double[x.length + 2]));
  }
}
