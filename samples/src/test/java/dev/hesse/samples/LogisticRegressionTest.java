package dev.hesse.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hesse.optimize.TrustRegionResult;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.RealVector;
import org.junit.jupiter.api.Test;

/**
 * The logistic-regression sample against an independent solution: Newton's method (IRLS) with the textbook gradient
 * Xᵀ(σ(Xθ) − y) + λθ̃ and Hessian XᵀSX + λĨ written out by hand, solved with Hipparchus' Cholesky.
 */
class LogisticRegressionTest {
  @Test
  void trustRegionFitMatchesHandWrittenNewton() {
    LogisticRegression.Data data = LogisticRegression.synthetic(300, 5, 7);
    double lambda = 0.5;
    TrustRegionResult result = LogisticRegression.fit(data, lambda);
    assertTrue(result.success(), result.toString());

    double[] reference = irls(data, lambda);
    // Strong convexity: |θ − θ*| ≤ |∇f(θ)| / λ_min(H); λ_min is well above 0.01 here (300 examples, 5 features).
    for (int j = 0; j < reference.length; j++) {
      assertEquals(reference[j], result.x()[j], result.gradientNorm() / 0.01, "θ[" + j + "]");
    }
  }

  @Test
  void generatedGradientMatchesTheTextbookFormula() {
    LogisticRegression.Data data = LogisticRegression.synthetic(50, 3, 3);
    double[] theta = {0.2, -0.5, 0.7, 0.1};
    double[] grad = new double[4];
    LogisticRegressionDerivatives.negLogLikelihoodGradient(theta, data.x(), data.y(), 0.3, grad);
    double[] expected = textbookGradient(data, theta, 0.3);
    for (int j = 0; j < 4; j++) {
      assertEquals(expected[j], grad[j], 1e-12 * Math.max(1, Math.abs(expected[j])), "g[" + j + "]");
    }
  }

  private static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  private static double[] textbookGradient(LogisticRegression.Data data, double[] theta, double lambda) {
    double[] g = new double[theta.length];
    for (int i = 0; i < data.x().length; i++) {
      double z = theta[0];
      for (int j = 0; j < data.x()[i].length; j++) {
        z += theta[j + 1] * data.x()[i][j];
      }
      double r = sigmoid(z) - data.y()[i];
      g[0] += r;
      for (int j = 0; j < data.x()[i].length; j++) {
        g[j + 1] += r * data.x()[i][j];
      }
    }
    for (int j = 1; j < theta.length; j++) {
      g[j] += lambda * theta[j];
    }
    return g;
  }

  private static double[] irls(LogisticRegression.Data data, double lambda) {
    int n = data.x()[0].length + 1;
    double[] theta = new double[n];
    for (int iteration = 0; iteration < 50; iteration++) {
      RealMatrix h = new Array2DRowRealMatrix(n, n);
      for (double[] row : data.x()) {
        double[] xi = new double[n];
        xi[0] = 1;
        System.arraycopy(row, 0, xi, 1, n - 1);
        double z = 0;
        for (int j = 0; j < n; j++) {
          z += theta[j] * xi[j];
        }
        double s = sigmoid(z) * (1 - sigmoid(z));
        for (int a = 0; a < n; a++) {
          for (int b = a; b < n; b++) {
            double entry = s * xi[a] * xi[b];
            h.addToEntry(a, b, entry);
            if (b != a) {
              h.addToEntry(b, a, entry);
            }
          }
        }
      }
      for (int j = 1; j < n; j++) {
        h.addToEntry(j, j, lambda);
      }
      RealVector step =
          new CholeskyDecomposition(h).getSolver().solve(new ArrayRealVector(textbookGradient(data, theta, lambda)));
      for (int j = 0; j < n; j++) {
        theta[j] -= step.getEntry(j);
      }
      if (step.getNorm() < 1e-13) {
        break;
      }
    }
    return theta;
  }
}
