package dev.hesse.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hesse.Objective;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class ValidationTest {
  private static final Objective ROSENBROCK = TestFunctionsDerivatives.rosenbrock();

  /** H = I, except that H·v is NaN in entry 1 whenever v[0] &lt; 0. */
  private static final Objective NAN_WHEN_FIRST_NEGATIVE = new Objective() {
    @Override
    public double value(double[] x) {
      return 0;
    }

    @Override
    public double gradient(double[] x, double[] gradOut) {
      return 0;
    }

    @Override
    public void hvp(double[] x, double[] v, double[] hvOut) {
      System.arraycopy(v, 0, hvOut, 0, v.length);
      if (v[0] < 0) {
        hvOut[1] = Double.NaN;
      }
    }
  };

  @Test
  void nonPositiveSampleCountsAreRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sampling.builder().samples(0));
    assertEquals("samples must be positive, got 0", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Sampling.of(-3, 0));
    e = assertThrows(IllegalArgumentException.class,
        () -> HutchPlusPlus.trace(ROSENBROCK, new double[] {1, 2}, Sampling.of(2, 0)));
    assertTrue(e.getMessage().contains("at least 3 samples"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> LanczosOptions.builder().count(0));
    assertThrows(IllegalArgumentException.class, () -> LanczosOptions.builder().count(4).maxSteps(3).build());
    e = assertThrows(IllegalArgumentException.class, () -> AdaptiveTarget.of(0.1, 1));
    assertTrue(e.getMessage().contains("maxHvps must be at least 2"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> AdaptiveTarget.of(-0.1, 100));
    assertTrue(e.getMessage().contains("relativeError must be positive"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> AdaptiveTarget.builder().maxHvps(10).build());
  }

  @Test
  void dimensionMismatchesNameBothLengths() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ExactHessian.sparse(ROSENBROCK, new double[5], SparsityPattern.tridiagonal(4)));
    assertEquals("dimension mismatch: the sparsity pattern has 4 entries but x has 5", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Lanczos.eigenvalues(ROSENBROCK, new double[2], LanczosOptions.top(3)));
    assertEquals("dimension mismatch: 3 eigenvalues requested but x has 2 entries", e.getMessage());
    SparseHessian h = ExactHessian.sparse(ROSENBROCK, new double[3], SparsityPattern.tridiagonal(3));
    e = assertThrows(IllegalArgumentException.class, () -> h.multiply(new double[4], new double[3]));
    assertEquals("dimension mismatch: v has 4 entries but the Hessian has 3", e.getMessage());
  }

  @Test
  void badPointsAndPatternsAreRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Hutchinson.diagonal(ROSENBROCK, new double[] {1, Double.NaN}, Sampling.of(4, 0)));
    assertEquals("x[1] is NaN: curvature needs a finite point", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ExactHessian.diagonal(ROSENBROCK, new double[0]));
    assertTrue(e.getMessage().startsWith("x has no entries"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> SparsityPattern.of(new int[][] {{0}, {2}}));
    assertEquals("column index 2 in row 1 is outside [0, 2)", e.getMessage());
  }

  @Test
  void nonFiniteHvpsNameTheLowestFailingProbeWhateverTheThreads() throws Exception {
    // The first probe whose z[0] is −1, from the documented per-probe streams.
    int expected = 0;
    double[] z = new double[4];
    while (true) {
      ProbeDistribution.RADEMACHER.fill(ProbeDistribution.stream(5, expected), z);
      if (z[0] < 0) {
        break;
      }
      expected++;
    }
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      for (Execution execution : new Execution[] {Execution.sequential(), Execution.commonPool(), Execution.on(pool)}) {
        Sampling sampling = Sampling.builder().samples(64).seed(5).execution(execution).build();
        NonFiniteCurvatureException e = assertThrows(NonFiniteCurvatureException.class,
            () -> Hutchinson.diagonal(NAN_WHEN_FIRST_NEGATIVE, new double[4], sampling));
        assertEquals(expected, e.probeIndex(), execution.toString());
        assertEquals(1, e.entry());
        assertEquals("Hessian-vector product for probe " + expected + " is NaN at entry 1 (of 4): the objective's hvp"
            + " is not finite at this x", e.getMessage());
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void nonFiniteHvpsInTheExactAndLanczosPaths() {
    Objective infinite = Fixtures.quadratic(new double[][] {{1, 0}, {0, Double.POSITIVE_INFINITY}});
    NonFiniteCurvatureException e = assertThrows(NonFiniteCurvatureException.class,
        () -> ExactHessian.dense(infinite, new double[2], Execution.sequential()));
    assertEquals("unit vector", e.probeKind());
    assertEquals(0, e.probeIndex()); // H e_0 already has 0 · ∞ = NaN in entry 1
    assertEquals(1, e.entry());
    e = assertThrows(NonFiniteCurvatureException.class,
        () -> ExactHessian.sparse(infinite, new double[2], SparsityPattern.diagonal(2)));
    assertEquals("colour", e.probeKind());
    e = assertThrows(NonFiniteCurvatureException.class, () -> Lanczos.top(infinite, new double[2]));
    assertTrue(e.getMessage().startsWith("Hessian-vector product for Lanczos step 0 is"), e.getMessage());
  }
}
