package dev.hesse.optimize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AdaHessianTest {
  static final int EXAMPLES = 4000;
  static final int FEATURES = 20;
  static final double LAMBDA = 1e-2;

  /** Gaussian features (plus a constant column), labels drawn from a logistic model with random weights. */
  static MiniBatchObjective syntheticLogisticRegression(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] truth = new double[FEATURES];
    for (int j = 0; j < FEATURES; j++) {
      truth[j] = random.nextGaussian();
    }
    double[][] features = new double[EXAMPLES][FEATURES];
    double[] labels = new double[EXAMPLES];
    for (int e = 0; e < EXAMPLES; e++) {
      double margin = 0;
      for (int j = 0; j < FEATURES; j++) {
        features[e][j] = j == FEATURES - 1 ? 1.0 : random.nextGaussian();
        margin += truth[j] * features[e][j];
      }
      labels[e] = random.nextDouble() < 1 / (1 + Math.exp(-margin)) ? 1 : -1;
    }
    return MiniBatchObjective.of(EXAMPLES,
        (order, from, to) -> TestObjectivesDerivatives.logisticLoss(features, labels, order, from, to, LAMBDA));
  }

  @Test
  void trainsLogisticRegressionToTheTrustRegionOptimum() {
    MiniBatchObjective loss = syntheticLogisticRegression(2024);
    double[] x0 = new double[FEATURES];
    TrustRegionResult optimum = TrustRegionNewton.minimize(loss.full(), x0,
        TrustRegionOptions.builder().gradientTolerance(1e-8).build());
    assertEquals(TrustRegionStatus.CONVERGED, optimum.status(), optimum.toString());

    AdaHessianOptions options = AdaHessianOptions.builder().epochs(20).batchSize(256).seed(1).build();
    long start = System.nanoTime();
    AdaHessianResult r = AdaHessian.minimize(loss, x0, options);
    double seconds = (System.nanoTime() - start) * 1e-9;
    System.out.printf("%nL2-regularised logistic regression, %d examples x %d features, lambda = %g:%n"
            + "  trust-region optimum %.10f (%d iterations, %d HVPs)%n"
            + "  AdaHessian (paper defaults, batch 256, %d epochs) %.10f, gap %.2e, %d steps, %.2f s%n",
        EXAMPLES, FEATURES, LAMBDA, optimum.value(), optimum.iterations(), optimum.hvpEvaluations(), r.epochs(),
        r.value(), r.value() - optimum.value(), r.steps(), seconds);
    assertTrue(r.value() - optimum.value() < 1e-3, "gap " + (r.value() - optimum.value()));
    assertTrue(r.value() >= optimum.value() - 1e-12, "the trust-region point is the optimum");
    assertEquals(20L * ((EXAMPLES + 255) / 256), r.steps());
    assertEquals(r.steps(), r.gradientEvaluations());
    assertEquals(r.steps(), r.hvpEvaluations());

    AdaHessianResult again = AdaHessian.minimize(loss, x0, options);
    assertArrayEquals(r.x(), again.x(), 0.0, "reproducible from the seed");
  }

  @Test
  void optionsAreValidatedAndDefaultsAreThePapers() {
    AdaHessianOptions o = AdaHessianOptions.defaults();
    assertEquals(0.15, o.learningRate());
    assertEquals(0.9, o.beta1());
    assertEquals(0.999, o.beta2());
    assertEquals(1e-4, o.epsilon());
    assertEquals(1.0, o.hessianPower());
    assertEquals(1, o.spatialBlock());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> AdaHessianOptions.builder().hessianPower(1.5));
    assertEquals("hessianPower must be in (0, 1], got 1.5", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> AdaHessianOptions.builder().beta2(1));
    assertEquals("beta2 must be in [0, 1), got 1.0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> MiniBatchObjective.of(0, (o1, f, t) -> null));
    assertEquals("a mini-batch objective needs at least one example, got size 0", e.getMessage());
  }

  @Test
  void spatialAveragingAndHessianPowerStillTrain() {
    MiniBatchObjective loss = syntheticLogisticRegression(7);
    double[] x0 = new double[FEATURES];
    double optimum = TrustRegionNewton.minimize(loss.full(), x0,
        TrustRegionOptions.builder().gradientTolerance(1e-8).build()).value();
    AdaHessianResult r = AdaHessian.minimize(loss, x0, AdaHessianOptions.builder()
        .epochs(20).batchSize(64).spatialBlock(4).hessianPower(0.5).probes(2).build());
    assertEquals(2 * r.steps(), r.hvpEvaluations());
    assertTrue(r.value() - optimum < 1e-2, "gap " + (r.value() - optimum));
  }
}
