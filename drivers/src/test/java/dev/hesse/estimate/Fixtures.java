package dev.hesse.estimate;

import dev.hesse.Objective;
import java.util.Random;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.QRDecomposition;
import org.hipparchus.linear.RealMatrix;

/** Hand-written objectives and independent references for the tests. */
final class Fixtures {
  private Fixtures() {}

  /** f(x) = ½ xᵀAx for a fixed symmetric A: H = A everywhere, H·v = A·v. Stateless, so thread-safe. */
  static Objective quadratic(double[][] a) {
    int n = a.length;
    return new Objective() {
      @Override
      public double value(double[] x) {
        double[] ax = new double[n];
        multiply(a, x, ax);
        return 0.5 * HutchPlusPlus.dot(x, ax);
      }

      @Override
      public double gradient(double[] x, double[] gradOut) {
        multiply(a, x, gradOut);
        return 0.5 * HutchPlusPlus.dot(x, gradOut);
      }

      @Override
      public void hvp(double[] x, double[] v, double[] hvOut) {
        if (v.length != n || hvOut.length != n || x.length != n) {
          throw new IllegalArgumentException("wrong length");
        }
        multiply(a, v, hvOut);
      }
    };
  }

  static void multiply(double[][] a, double[] v, double[] out) {
    for (int i = 0; i < a.length; i++) {
      double s = 0;
      for (int j = 0; j < v.length; j++) {
        s += a[i][j] * v[j];
      }
      out[i] = s;
    }
  }

  /** U diag(λ) Uᵀ with U a random orthogonal matrix (Q of a Gaussian matrix), symmetrised exactly. */
  static double[][] withSpectrum(double[] eigenvalues, long seed) {
    int n = eigenvalues.length;
    Random random = new Random(seed);
    RealMatrix g = new Array2DRowRealMatrix(n, n);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        g.setEntry(i, j, random.nextGaussian());
      }
    }
    double[][] u = new QRDecomposition(g).getQ().getData();
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double s = 0;
        for (int k = 0; k < n; k++) {
          s += u[i][k] * eigenvalues[k] * u[j][k];
        }
        a[i][j] = s;
        a[j][i] = s;
      }
    }
    return a;
  }

  /** The hand-derived chained Rosenbrock Hessian (see /work/shared/reference/README.md), dense. */
  static double[][] rosenbrockHessian(double[] x) {
    int n = x.length;
    double[][] h = new double[n][n];
    for (int i = 0; i < n; i++) {
      if (i < n - 1) {
        h[i][i] += 1200 * x[i] * x[i] - 400 * x[i + 1] + 2;
        h[i][i + 1] = -400 * x[i];
        h[i + 1][i] = -400 * x[i];
      }
      if (i > 0) {
        h[i][i] += 200;
      }
    }
    return h;
  }

  /** A point with entries uniform in [−2, 2]. */
  static double[] randomPoint(int n, long seed) {
    Random random = new Random(seed);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = -2 + 4 * random.nextDouble();
    }
    return x;
  }
}
