package dev.hesse.samples.suite;

import dev.hesse.Differentiable;
import dev.hesse.NoDerivative;

/**
 * Local arrays written and read in the body, and differentiable {@code double[][]} parameters (laid out row by row
 * in gradOut): the models a machine-learning or statistics user writes.
 */
public final class LocalArrays {
  private LocalArrays() {}

  static final double HALF_LOG_TWO_PI = 0.9189385332046727;

  /**
   * A two-layer tanh network's mean squared error over a small dataset: hidden = tanh(W1 x + b1), output w2·hidden +
   * b2. Gradient layout (W1 row by row, b1, w2, b2). Domain: all reals.
   */
  @Differentiable
  public static double twoLayerNet(
      double[][] W1, double[] b1, double[] w2, double b2, @NoDerivative double[][] xs, @NoDerivative double[] ys) {
    int hiddenUnits = b1.length;
    double[] hidden = new double[hiddenUnits];
    double loss = 0;
    for (int s = 0; s < xs.length; s++) {
      for (int j = 0; j < hiddenUnits; j++) {
        double z = b1[j];
        for (int i = 0; i < xs[s].length; i++) {
          z += W1[j][i] * xs[s][i];
        }
        hidden[j] = Math.tanh(z);
      }
      double out = b2;
      for (int j = 0; j < hiddenUnits; j++) {
        out += w2[j] * hidden[j];
      }
      double err = out - ys[s];
      loss += err * err;
    }
    return loss / xs.length;
  }

  /**
   * Softmax cross-entropy of multinomial regression, logits = W x in a local array, with a stable log-sum-exp.
   * Gradient layout (W row by row). Domain: all reals.
   */
  @Differentiable
  public static double softmaxRegression(double[][] W, @NoDerivative double[][] xs, int[] labels) {
    double[] logits = new double[W.length];
    double loss = 0;
    for (int s = 0; s < xs.length; s++) {
      for (int c = 0; c < W.length; c++) {
        double z = 0;
        for (int i = 0; i < W[c].length; i++) {
          z += W[c][i] * xs[s][i];
        }
        logits[c] = z;
      }
      double m = logits[0];
      for (double l : logits) {
        m = Math.max(m, l);
      }
      double sum = 0;
      for (int c = 0; c < logits.length; c++) {
        sum += Math.exp(logits[c] - m);
      }
      loss += m + Math.log(sum) - logits[labels[s]];
    }
    return loss;
  }

  /**
   * Negative log-likelihood of a one-dimensional Gaussian mixture with weights softmax(a): per-component log
   * densities in a local array, log-sum-exp over them. Gradient layout (mu, logSigma, a). Domain: all reals.
   */
  @Differentiable
  public static double gaussianMixture(double[] mu, double[] logSigma, double[] a, @NoDerivative double[] data) {
    int k = mu.length;
    double[] logWeight = new double[k];
    double aMax = a[0];
    for (int c = 1; c < k; c++) {
      aMax = Math.max(aMax, a[c]);
    }
    double norm = 0;
    for (int c = 0; c < k; c++) {
      norm += Math.exp(a[c] - aMax);
    }
    for (int c = 0; c < k; c++) {
      logWeight[c] = a[c] - aMax - Math.log(norm);
    }
    double[] logp = new double[k];
    double nll = 0;
    for (double y : data) {
      double best = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < k; c++) {
        double t = (y - mu[c]) * Math.exp(-logSigma[c]);
        logp[c] = logWeight[c] - logSigma[c] - 0.5 * t * t - HALF_LOG_TWO_PI;
        if (logp[c] > best) {
          best = logp[c];
        }
      }
      double s = 0;
      for (int c = 0; c < k; c++) {
        s += Math.exp(logp[c] - best);
      }
      nll -= best + Math.log(s);
    }
    return nll;
  }

  /**
   * Per-class accumulators written in one loop (input-dependent indices from int data) and read in another. Closed
   * form: Σ_c log1p(S_c) / n_c with S_c = Σ_{cls[i] = c} x_i². Domain: all reals.
   */
  @Differentiable
  public static double classSums(double[] x, int[] cls, int classes) {
    double[] sums = new double[classes];
    int[] counts = new int[classes];
    for (int i = 0; i < x.length; i++) {
      sums[cls[i]] += x[i] * x[i];
      counts[cls[i]]++;
    }
    double r = 0;
    for (int c = 0; c < classes; c++) {
      if (counts[c] > 0) {
        r += Math.log1p(sums[c]) / counts[c];
      }
    }
    return r;
  }

  /** One element overwritten several times, reading its old value: h[i % 3] = h[i % 3] * x[i] + sin x[i]. */
  @Differentiable
  public static double overwrite(double[] x) {
    double[] h = new double[3];
    h[0] = 1;
    for (int i = 0; i < x.length; i++) {
      h[i % 3] = h[i % 3] * x[i] + Math.sin(x[i]);
    }
    h[1] *= h[2];
    return h[0] + 2 * h[1] + 3 * h[2] * h[0];
  }

  /**
   * Writes inside branches, compound writes, and a scalar carried across iterations that reads the array.
   * Domain: x[i] away from 0.5.
   */
  @Differentiable
  public static double branches(double[] x, double scale) {
    int n = x.length;
    double[] h = new double[n];
    double carry = scale;
    for (int i = 0; i < n; i++) {
      if (x[i] > 0.5) {
        h[i] = x[i] * x[i] * carry;
      } else {
        h[i] = Math.exp(x[i]);
        h[(i + 1) % n] -= x[i] * scale;
      }
      carry = 0.5 * carry + h[i];
      h[i] /= 1 + carry * carry;
    }
    double s = 0;
    for (double v : h) {
      s += v * v;
    }
    return s + carry;
  }

  /** A local matrix written in nested loops, then read back: Σ_ij (m_ij)² with m = x xᵀ + diag(x). */
  @Differentiable
  public static double localMatrix(double[] x) {
    int n = x.length;
    double[][] m = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        m[i][j] = x[i] * x[j];
      }
      m[i][i] += x[i];
    }
    double s = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m[i].length; j++) {
        s += m[i][j] * m[i][j];
      }
    }
    return s;
  }

  /** A differentiable matrix with scalars and arrays around it: a quadratic form plus a bias. Layout (a, M, u). */
  @Differentiable
  public static double matrixLayout(double a, double[][] M, double[] u) {
    double s = a * a;
    for (int i = 0; i < M.length; i++) {
      for (int j = 0; j < M[i].length; j++) {
        s += u[i] * M[i][j] * u[j] + Math.sin(M[i][j] * a);
      }
    }
    return s;
  }
}
