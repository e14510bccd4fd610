package dev.hesse.estimate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hesse.Objective;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class HutchinsonTest {
  /** A fixed symmetric 6 × 6 matrix with off-diagonal entries of several sizes in every row. */
  static final double[][] A = {
    {4, 1, -2, 0, 0.5, 0},
    {1, 3, 0, 1, 0, 0},
    {-2, 0, 5, 1.5, 0, -1},
    {0, 1, 1.5, 2, 0, 0},
    {0.5, 0, 0, 0, 1, 0.3},
    {0, 0, -1, 0, 0.3, 6},
  };

  /** Var(z_i (Az)_i) for one probe: Σ_{j≠i} A_ij² (Rademacher), plus 2 A_ii² (Gaussian). Derived by hand. */
  static double sampleVariance(int i, ProbeDistribution distribution) {
    double v = distribution == ProbeDistribution.GAUSSIAN ? 2 * A[i][i] * A[i][i] : 0;
    for (int j = 0; j < A.length; j++) {
      if (j != i) {
        v += A[i][j] * A[i][j];
      }
    }
    return v;
  }

  @Test
  void seedExperimentIsWithinItsStandardError() {
    double[] x = {2.2, 0.21};
    Objective f = TestFunctionsDerivatives.rosenbrock();
    DiagonalEstimate d = Hutchinson.diagonal(f, x, Sampling.of(30, 0));
    assertEquals(30, d.hvps());
    assertEquals(30, d.samples());
    assertEquals(SamplingStatus.FIXED_COUNT, d.status());
    double[] exact = {5726, 200};
    for (int i = 0; i < 2; i++) {
      // 4 standard errors: a correct estimator fails this for fewer than 1 seed in 10⁴; the seed is fixed anyway.
      assertTrue(Math.abs(d.diagonal()[i] - exact[i]) <= 4 * d.standardError()[i], d.toString());
      // Rademacher: z⊙Hz = diag(H) − 880 z0 z1 (1, 1), so the standard error is about 880/√30 = 160.7; the
      // sample standard deviation of ±880 is 880 unless the signs are very unbalanced.
      assertEquals(880 / Math.sqrt(30), d.standardError()[i], 0.25 * 880 / Math.sqrt(30));
    }
    // Both entries carry the same error term −880 mean(z0 z1), as in the seed's [5667.3, 141.3] (both −58.7).
    assertEquals(d.diagonal()[0] - 5726, d.diagonal()[1] - 200, 1e-9);
    assertArrayEquals(exact, ExactHessian.diagonal(f, x), 1e-12 * 5726);
  }

  @Test
  void diagonalIsUnbiasedOverManySeeds() {
    for (ProbeDistribution distribution : ProbeDistribution.values()) {
      int runs = 400;
      int samples = 10;
      double[] sum = new double[A.length];
      for (int seed = 0; seed < runs; seed++) {
        Sampling sampling = Sampling.builder().samples(samples).seed(seed).distribution(distribution).build();
        double[] d = Hutchinson.diagonal(Fixtures.quadratic(A), new double[A.length], sampling).diagonal();
        for (int i = 0; i < A.length; i++) {
          sum[i] += d[i];
        }
      }
      for (int i = 0; i < A.length; i++) {
        double mean = sum[i] / runs;
        double standardError = Math.sqrt(sampleVariance(i, distribution) / (runs * samples));
        // Within 4 standard errors of the mean of 4000 independent samples (two-sided normal tail 6e-5 per entry).
        assertEquals(A[i][i], mean, 4 * standardError, distribution + " entry " + i);
      }
    }
  }

  @Test
  void reportedStandardErrorMatchesObservedSpread() {
    for (ProbeDistribution distribution : ProbeDistribution.values()) {
      int runs = 400;
      int samples = 10;
      double[][] estimates = new double[runs][];
      double[] reportedVariance = new double[A.length];
      for (int seed = 0; seed < runs; seed++) {
        Sampling sampling = Sampling.builder().samples(samples).seed(1000 + seed).distribution(distribution).build();
        DiagonalEstimate d = Hutchinson.diagonal(Fixtures.quadratic(A), new double[A.length], sampling);
        estimates[seed] = d.diagonal();
        for (int i = 0; i < A.length; i++) {
          reportedVariance[i] += d.standardError()[i] * d.standardError()[i] / runs;
        }
      }
      for (int i = 0; i < A.length; i++) {
        double mean = 0;
        for (double[] e : estimates) {
          mean += e[i] / runs;
        }
        double spread = 0;
        for (double[] e : estimates) {
          spread += (e[i] - mean) * (e[i] - mean) / (runs - 1);
        }
        double observed = Math.sqrt(spread);
        double theoretical = Math.sqrt(sampleVariance(i, distribution) / samples);
        double reported = Math.sqrt(reportedVariance[i]);
        // The standard deviation of 400 estimates is within ~3.5% of the truth (1 sd, near-normal estimates); the RMS
        // of 400 reported errors within ~3%. 15% is over 4 sd for both.
        assertEquals(1, observed / theoretical, 0.15, distribution + " observed spread, entry " + i);
        assertEquals(1, reported / theoretical, 0.15, distribution + " reported error, entry " + i);
      }
    }
  }

  @Test
  void rademacherRecoversADiagonalHessianExactly() {
    double[][] diagonal = new double[5][5];
    for (int i = 0; i < 5; i++) {
      diagonal[i][i] = i - 2.5;
    }
    DiagonalEstimate d = Hutchinson.diagonal(Fixtures.quadratic(diagonal), new double[5], Sampling.of(3, 7));
    assertArrayEquals(new double[] {-2.5, -1.5, -0.5, 0.5, 1.5}, d.diagonal(), 0);
    assertArrayEquals(new double[5], d.standardError(), 0);
  }

  @Test
  void resultsDoNotDependOnTheThreadCount() throws Exception {
    double[] x = Fixtures.randomPoint(50, 3);
    Objective f = TestFunctionsDerivatives.rosenbrock();
    Sampling sequential = Sampling.builder().samples(101).seed(42).sequential().build();
    DiagonalEstimate reference = Hutchinson.diagonal(f, x, sequential);
    assertEquals(reference, Hutchinson.diagonal(f, x, sequential.toBuilder().execution(Execution.commonPool()).build()));
    for (int threads : new int[] {1, 2, 3}) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        Sampling parallel = sequential.toBuilder().execution(Execution.on(pool)).build();
        assertEquals(reference, Hutchinson.diagonal(f, x, parallel), threads + " threads");
        assertEquals(Hutchinson.trace(f, x, sequential), Hutchinson.trace(f, x, parallel));
      } finally {
        pool.shutdown();
      }
    }
    // A different seed gives a different estimate.
    assertTrue(!reference.equals(Hutchinson.diagonal(f, x, sequential.toBuilder().seed(43).build())));
  }

  @Test
  void adaptiveStopsAtTheTargetAndEqualsAFixedRunOfTheSameLength() {
    double[] x = Fixtures.randomPoint(10, 5);
    Objective f = TestFunctionsDerivatives.rosenbrock();
    Sampling rounds = Sampling.builder().samples(16).seed(9).build();
    DiagonalEstimate adaptive = Hutchinson.diagonal(f, x, rounds, AdaptiveTarget.of(0.02, 100_000));
    assertEquals(SamplingStatus.TARGET_REACHED, adaptive.status());
    assertTrue(adaptive.relativeError(ErrorNorm.NORM) <= 0.02, adaptive.toString());
    assertEquals(0, adaptive.samples() % 16);
    // One round fewer would not have met the target.
    DiagonalEstimate fewer = Hutchinson.diagonal(f, x, rounds.toBuilder().samples(adaptive.samples() - 16).build());
    assertTrue(fewer.relativeError(ErrorNorm.NORM) > 0.02);
    // Rounds of 16 (a multiple of the block size) reproduce the fixed run bit for bit.
    DiagonalEstimate fixed = Hutchinson.diagonal(f, x, rounds.toBuilder().samples(adaptive.samples()).build());
    assertArrayEquals(fixed.diagonal(), adaptive.diagonal(), 0);
    assertArrayEquals(fixed.standardError(), adaptive.standardError(), 0);
    // Error against the exact diagonal is consistent with the reported relative error.
    double[] exact = ExactHessian.diagonal(f, x);
    for (int i = 0; i < 10; i++) {
      assertEquals(exact[i], adaptive.diagonal()[i], 4.5 * adaptive.standardError()[i] + 1e-9);
    }
  }

  @Test
  void adaptiveStopsAtTheBudget() {
    double[] x = Fixtures.randomPoint(10, 5);
    DiagonalEstimate d = Hutchinson.diagonal(TestFunctionsDerivatives.rosenbrock(), x,
        Sampling.builder().samples(16).build(),
        AdaptiveTarget.builder().relativeError(1e-6).maxHvps(50).norm(ErrorNorm.MAX_ENTRY).build());
    assertEquals(SamplingStatus.BUDGET_EXHAUSTED, d.status());
    assertEquals(50, d.hvps());
    assertTrue(d.relativeError(ErrorNorm.MAX_ENTRY) > 1e-6);
  }

  @Test
  void traceIsUnbiasedWithCalibratedError() {
    // tr(A) = 21; Var(zᵀAz) for Rademacher = 2 Σ_{i≠j} A_ij² (Hutchinson 1990).
    double offDiagonal = 0;
    for (int i = 0; i < A.length; i++) {
      for (int j = 0; j < A.length; j++) {
        offDiagonal += i == j ? 0 : A[i][j] * A[i][j];
      }
    }
    int runs = 300;
    int samples = 20;
    double sum = 0;
    double reportedVariance = 0;
    for (int seed = 0; seed < runs; seed++) {
      TraceEstimate t = Hutchinson.trace(Fixtures.quadratic(A), new double[6], Sampling.of(samples, seed));
      assertEquals(TraceEstimate.Method.HUTCHINSON, t.method());
      assertEquals(samples, t.hvps());
      sum += t.trace();
      reportedVariance += t.standardError() * t.standardError() / runs;
    }
    double theoretical = Math.sqrt(2 * offDiagonal / samples);
    assertEquals(21, sum / runs, 4 * theoretical / Math.sqrt(runs));
    assertEquals(1, Math.sqrt(reportedVariance) / theoretical, 0.15);
  }
}
