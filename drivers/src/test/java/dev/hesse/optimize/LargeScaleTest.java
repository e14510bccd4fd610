package dev.hesse.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hesse.Objective;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * Rosenbrock at scale, from the standard start (−1.2, 1, −1.2, 1, …). Prints iterations, HVPs and wall time.
 *
 * <p>Chained Rosenbrock needs about 4n iterations from this start with any trust-region Newton method (SciPy's
 * trust-ncg: 4057 iterations at n = 1000, 40379 at n = 10⁴ from −1.2·1): the move to (1, …, 1) travels along the
 * chain. So n = 10⁴ is the chained test here, and n = 10⁶ runs the extended (block) Rosenbrock of MGH #21, whose
 * iteration count does not grow with n.
 */
class LargeScaleTest {

  private static TrustRegionResult solve(Objective f, int n, TrustRegionOptions options, String label) {
    double[] x0 = MghTest.alternating(n, -1.2, 1.0);
    long start = System.nanoTime();
    TrustRegionResult r = TrustRegionNewton.minimize(f, x0, options);
    double seconds = (System.nanoTime() - start) * 1e-9;
    System.out.printf("%n%s, n = %d: %s in %.2f s (%.3f ms per HVP)%n", label, n, r, seconds,
        1e3 * seconds / Math.max(1, r.hvpEvaluations()));
    return r;
  }

  /**
   * About 50 000 iterations and 230 000 HVPs (chained Rosenbrock needs about 4n trust-region iterations from the
   * standard start): 35 s on a quiet 2-core machine. Skip it with {@code -Dhesse.fastTests=true}.
   */
  @Test
  @DisabledIfSystemProperty(named = "hesse.fastTests", matches = "true")
  void chainedRosenbrockTenThousand() {
    int n = 10_000;
    TrustRegionResult r = solve(MghProblemsDerivatives.chainedRosenbrock(), n,
        TrustRegionOptions.builder().gradientTolerance(1e-8).maxIterations(100_000).build(),
        "Chained Rosenbrock");
    assertEquals(TrustRegionStatus.CONVERGED, r.status(), r.toString());
    assertTrue(r.value() < 1e-15, r.toString());
    for (double xi : r.x()) {
      assertEquals(1.0, xi, 1e-7);
    }
  }

  @Test
  void extendedRosenbrockOneMillion() {
    int n = 1_000_000;
    TrustRegionResult r = solve(MghProblemsDerivatives.extendedRosenbrock(), n,
        TrustRegionOptions.builder().gradientTolerance(1e-8).build(), "Extended Rosenbrock (MGH #21)");
    assertEquals(TrustRegionStatus.CONVERGED, r.status(), r.toString());
    assertTrue(r.value() < 1e-15, r.toString());
    assertTrue(r.iterations() < 100, r.toString());
  }
}
