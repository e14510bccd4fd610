package dev.hesse.estimate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hesse.Objective;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ExactHessianTest {
  private static final Objective ROSENBROCK = TestFunctionsDerivatives.rosenbrock();

  private static double[] point(int n) {
    return n == 2 ? new double[] {2.2, 0.21} : Fixtures.randomPoint(n, n);
  }

  /** Entries agree with the hand-derived Hessian to rounding: relative to the largest entry, 1e-14. */
  private static double tolerance(double[][] h) {
    double max = 0;
    for (double[] row : h) {
      for (double e : row) {
        max = Math.max(max, Math.abs(e));
      }
    }
    return 1e-14 * max;
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 10, 1000})
  void exactDiagonalMatchesTheHandDerivedHessian(int n) {
    double[] x = point(n);
    double[][] expected = Fixtures.rosenbrockHessian(x);
    double[] diagonal = ExactHessian.diagonal(ROSENBROCK, x);
    double tolerance = tolerance(expected);
    for (int i = 0; i < n; i++) {
      assertEquals(expected[i][i], diagonal[i], tolerance, "H[" + i + "][" + i + "]");
    }
    if (n == 2) {
      assertArrayEquals(new double[] {5726, 200}, diagonal, 1e-12 * 5726);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 10, 1000})
  void denseHessianMatchesTheHandDerivedHessian(int n) {
    double[] x = point(n);
    double[][] expected = Fixtures.rosenbrockHessian(x);
    double[][] dense = ExactHessian.dense(ROSENBROCK, x, Execution.sequential());
    double tolerance = tolerance(expected);
    for (int i = 0; i < n; i++) {
      assertArrayEquals(expected[i], dense[i], tolerance, "row " + i);
    }
    assertEquals(dense.length, ExactHessian.dense(ROSENBROCK, x).length);
    if (n == 2) {
      assertArrayEquals(new double[] {5726, -880}, dense[0], 1e-12 * 5726);
      assertArrayEquals(new double[] {-880, 200}, dense[1], 1e-12 * 5726);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 3, 10, 1000})
  void tridiagonalColouringRecoversTheHessianFromThreeHvps(int n) {
    double[] x = point(n);
    double[][] expected = Fixtures.rosenbrockHessian(x);
    SparseHessian h = ExactHessian.sparse(ROSENBROCK, x, SparsityPattern.tridiagonal(n));
    assertEquals(Math.min(n, 3), h.hvps());
    assertEquals(Math.min(n, 3), h.colors());
    assertEquals(3 * n - 2, h.nonZeros());
    double tolerance = tolerance(expected);
    for (int i = 0; i < n; i++) {
      for (int j = Math.max(0, i - 2); j < Math.min(n, i + 3); j++) {
        assertEquals(expected[i][j], h.get(i, j), tolerance, "H[" + i + "][" + j + "]");
      }
    }
    assertTrue(h.asymmetry() < 1e-14, "asymmetry " + h.asymmetry());
    double[] v = Fixtures.randomPoint(n, 77);
    double[] viaSparse = new double[n];
    double[] viaHvp = new double[n];
    h.multiply(v, viaSparse);
    ROSENBROCK.hvp(x, v, viaHvp);
    assertArrayEquals(viaHvp, viaSparse, 10 * tolerance); // three products of entries ≤ max|H| with |v| ≤ 2
  }

  @Test
  void bandedPatternsTakeTwoBPlusOneColours() {
    for (int b = 0; b <= 4; b++) {
      SparsityPattern pattern = SparsityPattern.banded(500, b);
      ColumnColoring coloring = ColumnColoring.greedy(pattern);
      assertEquals(2 * b + 1, coloring.colors(), "half-bandwidth " + b);
      assertTrue(coloring.isValidFor(pattern));
    }
  }

  @Test
  void arbitraryPatternsAreSymmetrisedAndRecoveredExactly() {
    Random random = new Random(8);
    int n = 60;
    double[][] a = new double[n][n];
    int[][] rows = new int[n][];
    for (int i = 0; i < n; i++) {
      a[i][i] = random.nextGaussian() * 10;
      int j = random.nextInt(n);
      int k = random.nextInt(n);
      a[i][j] = a[j][i] = random.nextGaussian();
      a[i][k] = a[k][i] = random.nextGaussian();
      rows[i] = new int[] {j, k}; // only one triangle listed, no diagonal: of() adds the rest
    }
    a[0][n - 1] = a[n - 1][0] = 5; // an "arrow" entry
    rows[0] = new int[] {rows[0][0], rows[0][1], n - 1};
    SparsityPattern pattern = SparsityPattern.of(rows);
    assertTrue(pattern.contains(n - 1, 0) && pattern.contains(7, 7));
    ColumnColoring coloring = ColumnColoring.greedy(pattern);
    assertTrue(coloring.isValidFor(pattern));
    assertTrue(coloring.colors() < n / 3, coloring.toString());
    SparseHessian h = ExactHessian.sparse(Fixtures.quadratic(a), new double[n], pattern);
    assertEquals(coloring.colors(), h.hvps());
    double[][] dense = h.toDense();
    for (int i = 0; i < n; i++) {
      assertArrayEquals(a[i], dense[i], 1e-15, "row " + i);
    }
    assertEquals(0, h.asymmetry());
  }

  @Test
  void aPatternThatMissesNonZerosShowsAsAsymmetry() {
    // Pentadiagonal matrix, but only a tridiagonal pattern: the second band leaks into the recovered entries.
    int n = 20;
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++) {
      a[i][i] = 4;
      if (i + 1 < n) {
        a[i][i + 1] = a[i + 1][i] = -1 - 0.1 * i;
      }
      if (i + 2 < n) {
        a[i][i + 2] = a[i + 2][i] = 0.5;
      }
    }
    SparseHessian h = ExactHessian.sparse(Fixtures.quadratic(a), new double[n], SparsityPattern.tridiagonal(n));
    assertTrue(h.asymmetry() > 0.01, h.toString());
    assertFalse(new ColumnColoring(new int[] {0, 0}, 1).isValidFor(SparsityPattern.tridiagonal(2)));
  }
}
