package dev.hesse.samples.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Enhanced for loops over a matrix's rows ({@code for (double[] row : m)}): against closed forms, and against the
 * same objective written with indices.
 */
class RowLoopsTest {
  @Test
  void rowNormsGradientAndHessianMatchTheClosedForm() {
    // f(m) = Σ_r sqrt(1 + |m_r|²): ∂f/∂m_rj = m_rj / s_r with s_r = sqrt(1 + |m_r|²), and the Hessian is block
    // diagonal by rows, H_r = (I − m_r m_rᵀ / s_r²) / s_r, so (H v)_r = (v_r − m_r (m_r·v_r) / s_r²) / s_r.
    Random random = new Random(5);
    for (int trial = 0; trial < 5; trial++) {
      double[][] m = new double[3][4];
      for (double[] row : m) {
        for (int j = 0; j < row.length; j++) {
          row[j] = Cases.u(random, -2, 2);
        }
      }
      double[] v = Cases.vec(random, 12, -1, 1);
      double[] grad = new double[12];
      double[] hv = new double[12];
      double value = ModelsDerivatives.rowNormsGradient(m, grad);
      ModelsDerivatives.rowNormsHvp(m, v, hv);
      double expectedValue = 0;
      for (int r = 0; r < m.length; r++) {
        double squares = 1;
        double dot = 0;
        for (int j = 0; j < 4; j++) {
          squares += m[r][j] * m[r][j];
          dot += m[r][j] * v[4 * r + j];
        }
        double s = Math.sqrt(squares);
        expectedValue += s;
        for (int j = 0; j < 4; j++) {
          // Values of order 1; both sides differ by rounding only (a few ulps).
          assertEquals(m[r][j] / s, grad[4 * r + j], 1e-14, "gradient at row " + r + ", column " + j);
          assertEquals((v[4 * r + j] - m[r][j] * dot / squares) / s, hv[4 * r + j], 1e-14, "H·v at " + r + ", " + j);
        }
      }
      assertEquals(expectedValue, value, 1e-13);
      assertEquals(Models.rowNorms(m), value, 0.0, "the gradient returns the value bit for bit");
    }
  }

  @Test
  void logisticOverRowsEqualsTheIndexedVersion() {
    // Same arithmetic in the same order (row[j] is x[i][j]): equal up to the rounding of a differently shaped sweep.
    Random random = new Random(9);
    for (int trial = 0; trial < 5; trial++) {
      double[] w = Cases.vec(random, 3, -1, 1);
      double b = Cases.u(random, -1, 1);
      double[] dir = Cases.vec(random, 4, -1, 1);
      double[] byRows = new double[4];
      double[] indexed = new double[4];
      ModelsDerivatives.logisticByRowsGradient(w, b, ModelCases.X, ModelCases.Y, 0.3, byRows);
      ModelsDerivatives.logisticDenseGradient(w, b, ModelCases.X, ModelCases.Y, 0.3, indexed);
      double[] hvByRows = new double[4];
      double[] hvIndexed = new double[4];
      ModelsDerivatives.logisticByRowsHvp(w, b, ModelCases.X, ModelCases.Y, 0.3, dir, hvByRows);
      ModelsDerivatives.logisticDenseHvp(w, b, ModelCases.X, ModelCases.Y, 0.3, dir, hvIndexed);
      for (int k = 0; k < 4; k++) {
        assertEquals(indexed[k], byRows[k], 1e-13 * (1 + Math.abs(indexed[k])));
        assertEquals(hvIndexed[k], hvByRows[k], 1e-13 * (1 + Math.abs(hvIndexed[k])));
      }
    }
  }
}
