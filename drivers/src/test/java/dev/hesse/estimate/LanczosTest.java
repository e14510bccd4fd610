package dev.hesse.estimate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hesse.Objective;
import java.util.Arrays;
import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.linear.MatrixUtils;
import org.junit.jupiter.api.Test;

class LanczosTest {

  /** Eigenvalues (descending) and eigenvectors of a dense symmetric matrix, by Hipparchus, independently. */
  private static EigenDecompositionSymmetric reference(double[][] a) {
    return new EigenDecompositionSymmetric(MatrixUtils.createRealMatrix(a));
  }

  private static double[] sortedDescending(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    for (int i = 0; i < v.length / 2; i++) {
      double t = v[i];
      v[i] = v[v.length - 1 - i];
      v[v.length - 1 - i] = t;
    }
    return v;
  }

  @Test
  void topEigenvaluesOfRosenbrockMatchADenseEigendecomposition() {
    int n = 300;
    double[] x = Fixtures.randomPoint(n, 21);
    Objective f = TestFunctionsDerivatives.rosenbrock();
    double[][] handDerived = Fixtures.rosenbrockHessian(x);
    EigenDecompositionSymmetric eigen = reference(handDerived);
    double[] exact = sortedDescending(eigen.getEigenvalues());

    EigenEstimate top = Lanczos.eigenvalues(f, x, LanczosOptions.top(3));
    assertEquals(LanczosStatus.CONVERGED, top.status());
    assertEquals(SpectrumEnd.LARGEST_ALGEBRAIC, top.spectrumEnd());
    assertEquals(top.steps() + 3, top.hvps());
    for (int p = 0; p < 3; p++) {
      EigenPair pair = top.pairs().get(p);
      // Residual ≤ tolerance·max|θ| (1e-8 · ~5000) bounds the eigenvalue error by r²/gap; 1e-9 relative is ample.
      assertEquals(exact[p], pair.value(), 1e-9 * exact[0], "eigenvalue " + p);
      assertTrue(pair.residualNorm() < 1e-6 * exact[0], "residual " + pair.residualNorm());
      // The eigenvector matches the reference's up to sign.
      double[] u = null;
      for (int k = 0; k < n; k++) {
        if (Math.abs(eigen.getEigenvalue(k) - exact[p]) < 1e-9 * exact[0]) {
          u = eigen.getEigenvector(k).toArray();
        }
      }
      assertEquals(1, Math.abs(HutchPlusPlus.dot(u, pair.vector())), 1e-8, "eigenvector " + p);
    }
  }

  @Test
  void theSeedPointsTopEigenvalueInClosedForm() {
    // H = [[5726, −880], [−880, 200]]: λ = 2963 ± √(2763² + 880²).
    EigenEstimate e = Lanczos.top(TestFunctionsDerivatives.rosenbrock(), new double[] {2.2, 0.21});
    assertEquals(2963 + Math.hypot(2763, 880), e.values()[0], 1e-12 * 6000);
    assertEquals(LanczosStatus.CONVERGED, e.status());
  }

  @Test
  void everyEndOfAnIndefiniteSpectrum() {
    double[] lambda = new double[80];
    for (int i = 0; i < lambda.length; i++) {
      lambda[i] = Math.sin(i) * 10; // in [−10, 10]
    }
    lambda[3] = -50;
    lambda[9] = 40;
    lambda[20] = 39;
    double[][] a = Fixtures.withSpectrum(lambda, 6);
    double[] exact = sortedDescending(reference(a).getEigenvalues());
    Objective f = Fixtures.quadratic(a);
    double[] x = new double[lambda.length];

    EigenEstimate magnitude = Lanczos.eigenvalues(f, x,
        LanczosOptions.builder().count(3).spectrumEnd(SpectrumEnd.LARGEST_MAGNITUDE).seed(3).build());
    assertArrayEquals(new double[] {-50, 40, 39}, magnitude.values(), 1e-9);
    assertArrayEquals(new double[] {exact[79], exact[0], exact[1]}, magnitude.values(), 1e-9);

    EigenEstimate smallest = Lanczos.eigenvalues(f, x,
        LanczosOptions.builder().count(2).spectrumEnd(SpectrumEnd.SMALLEST_ALGEBRAIC).build());
    assertArrayEquals(new double[] {exact[79], exact[78]}, smallest.values(), 1e-9);
    assertTrue(smallest.maxResidualNorm() < 1e-6);
  }

  @Test
  void repeatedEigenvaluesAreFoundThroughRestarts() {
    // The identity's Krylov space from any start is one-dimensional; restarts find the other copies.
    double[][] identity = new double[10][10];
    for (int i = 0; i < 10; i++) {
      identity[i][i] = 2;
    }
    EigenEstimate e = Lanczos.eigenvalues(Fixtures.quadratic(identity), new double[10], LanczosOptions.top(3));
    assertArrayEquals(new double[] {2, 2, 2}, e.values(), 1e-14);
    assertEquals(3, e.steps());
    assertEquals(LanczosStatus.CONVERGED, e.status());
    for (int p = 0; p < 3; p++) {
      for (int q = 0; q < 3; q++) {
        double d = HutchPlusPlus.dot(e.pairs().get(p).vector(), e.pairs().get(q).vector());
        assertEquals(p == q ? 1 : 0, d, 1e-14);
      }
    }
  }

  @Test
  void aStepLimitIsReportedWithHonestResiduals() {
    double[] lambda = new double[200];
    for (int i = 0; i < lambda.length; i++) {
      lambda[i] = 1 + i * 1e-3; // clustered: slow convergence
    }
    EigenEstimate e = Lanczos.eigenvalues(Fixtures.quadratic(Fixtures.withSpectrum(lambda, 9)), new double[200],
        LanczosOptions.builder().maxSteps(5).build());
    assertEquals(LanczosStatus.STEP_LIMIT, e.status());
    assertEquals(5, e.steps());
    assertEquals(6, e.hvps());
    // Some eigenvalue lies within the residual norm of θ (symmetric H).
    double theta = e.values()[0];
    double nearest = Double.MAX_VALUE;
    for (double l : lambda) {
      nearest = Math.min(nearest, Math.abs(l - theta));
    }
    assertTrue(nearest <= e.pairs().get(0).residualNorm() + 1e-12);
  }
}
