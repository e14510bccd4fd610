package dev.hesse.samples.suite;

import dev.hesse.CustomDerivative;
import dev.hesse.Differentiable;
import dev.hesse.NoDerivative;
import dev.hesse.library.Losses;
import org.hipparchus.special.Erf;

/**
 * Objectives written the way a statistics, machine-learning or physics user writes them: helper calls, data arrays,
 * sparse matrices, a library jar and a special function with a custom derivative.
 */
final class Models {
  private Models() {}

  /**
   * L2-regularised logistic regression, negative log-likelihood over a dense data matrix (rows are examples):
   * Σ_i softplus(z_i) − y_i z_i + λ/2 |w|², z_i = w·x_i + b, with softplus computed stably.
   */
  @Differentiable
  static double logisticDense(
      double[] w, double b, @NoDerivative double[][] x, @NoDerivative int[] y, @NoDerivative double lambda) {
    double nll = 0;
    for (int i = 0; i < x.length; i++) {
      double z = b;
      for (int j = 0; j < w.length; j++) {
        z += w[j] * x[i][j];
      }
      nll += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - y[i] * z;
    }
    double norm2 = 0;
    for (double wj : w) {
      norm2 += wj * wj;
    }
    return nll + 0.5 * lambda * norm2;
  }

  /** {@link #logisticDense} written over the rows of the data, as most people write it. */
  @Differentiable
  static double logisticByRows(
      double[] w, double b, @NoDerivative double[][] x, @NoDerivative int[] y, @NoDerivative double lambda) {
    double nll = 0;
    int i = 0;
    for (double[] row : x) {
      double z = b;
      for (int j = 0; j < w.length; j++) {
        z += w[j] * row[j];
      }
      nll += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - y[i] * z;
      i++;
    }
    double norm2 = 0;
    for (double wj : w) {
      norm2 += wj * wj;
    }
    return nll + 0.5 * lambda * norm2;
  }

  /** Σ_rows sqrt(1 + |row|²) over a differentiable matrix, by enhanced for loops over its rows and their elements. */
  @Differentiable
  static double rowNorms(double[][] m) {
    double total = 0;
    for (var row : m) {
      double squares = 1;
      for (double e : row) {
        squares += e * e;
      }
      total += Math.sqrt(squares);
    }
    return total;
  }

  /** The same objective through helper calls into the library jar (dot, softplus): composition across modules. */
  @Differentiable
  static double logisticViaLibrary(
      double[] w, double b, @NoDerivative double[][] x, @NoDerivative int[] y, @NoDerivative double lambda) {
    double nll = 0;
    for (int i = 0; i < x.length; i++) {
      double z = Losses.dot(w, x[i]) + b;
      nll += Losses.softplus(z) - y[i] * z;
    }
    return nll + 0.5 * lambda * Losses.dot(w, w);
  }

  /**
   * The same objective over a sparse data matrix in CSR form: the nonzeros of row i are
   * {@code values[rowStart[i] .. rowStart[i+1])} in columns {@code columns[...]}.
   */
  @Differentiable
  static double logisticCsr(
      double[] w,
      double b,
      @NoDerivative int[] rowStart,
      @NoDerivative int[] columns,
      @NoDerivative double[] values,
      @NoDerivative int[] y,
      @NoDerivative double lambda) {
    double nll = 0;
    for (int i = 0; i + 1 < rowStart.length; i++) {
      double z = b;
      for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
        z += w[columns[k]] * values[k];
      }
      nll += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - y[i] * z;
    }
    double norm2 = 0;
    for (int j = 0; j < w.length; j++) {
      norm2 += w[j] * w[j];
    }
    return nll + 0.5 * lambda * norm2;
  }

  /**
   * Softmax cross-entropy of multinomial regression with {@code classes} classes: weights row-major in {@code w}
   * (class c's weights at c·d .. c·d + d − 1), logits s_c = w_c·x_i, loss Σ_i logsumexp(s) − s_{y_i}, the
   * log-sum-exp shifted by the largest logit.
   */
  @Differentiable
  static double softmaxCrossEntropy(
      double[] w, @NoDerivative double[][] x, @NoDerivative int[] y, @NoDerivative int classes) {
    int d = w.length / classes;
    double loss = 0;
    for (int i = 0; i < x.length; i++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < classes; c++) {
        double s = 0;
        for (int j = 0; j < d; j++) {
          s += w[c * d + j] * x[i][j];
        }
        max = Math.max(max, s);
      }
      double sumExp = 0;
      double target = 0;
      for (int c = 0; c < classes; c++) {
        double s = 0;
        for (int j = 0; j < d; j++) {
          s += w[c * d + j] * x[i][j];
        }
        sumExp += Math.exp(s - max);
        if (c == y[i]) {
          target = s;
        }
      }
      loss += max + Math.log(sumExp) - target;
    }
    return loss;
  }

  /**
   * A one-dimensional Gaussian mixture's log-likelihood. Parameters packed in {@code theta}: K means, K log standard
   * deviations, K unnormalised log weights (softmax). Σ_i log Σ_k π_k N(x_i | μ_k, σ_k), with both log-sum-exps
   * shifted by their maxima.
   */
  @Differentiable
  static double gaussianMixture(double[] theta, @NoDerivative double[] data) {
    int k = theta.length / 3;
    double maxLogit = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < k; c++) {
      maxLogit = Math.max(maxLogit, theta[2 * k + c]);
    }
    double normaliser = 0;
    for (int c = 0; c < k; c++) {
      normaliser += Math.exp(theta[2 * k + c] - maxLogit);
    }
    double logNormaliser = maxLogit + Math.log(normaliser);
    double total = 0;
    for (double xi : data) {
      double best = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < k; c++) {
        double u = (xi - theta[c]) * Math.exp(-theta[k + c]);
        double logDensity = theta[2 * k + c] - logNormaliser - theta[k + c] - 0.5 * u * u;
        best = Math.max(best, logDensity);
      }
      double sum = 0;
      for (int c = 0; c < k; c++) {
        double u = (xi - theta[c]) * Math.exp(-theta[k + c]);
        double logDensity = theta[2 * k + c] - logNormaliser - theta[k + c] - 0.5 * u * u;
        sum += Math.exp(logDensity - best);
      }
      total += best + Math.log(sum) - 0.5 * Math.log(2 * Math.PI);
    }
    return total;
  }

  /** Lennard-Jones energy of a cluster, positions xyz-interleaved: Σ_{i<j} 4ε((σ/r)¹² − (σ/r)⁶). */
  @Differentiable
  static double lennardJones(double[] positions, @NoDerivative double epsilon, @NoDerivative double sigma) {
    int atoms = positions.length / 3;
    double energy = 0;
    for (int i = 0; i < atoms; i++) {
      for (int j = i + 1; j < atoms; j++) {
        double dx = positions[3 * i] - positions[3 * j];
        double dy = positions[3 * i + 1] - positions[3 * j + 1];
        double dz = positions[3 * i + 2] - positions[3 * j + 2];
        double s2 = sigma * sigma / (dx * dx + dy * dy + dz * dz);
        double s6 = s2 * s2 * s2;
        energy += 4 * epsilon * (s6 * s6 - s6);
      }
    }
    return energy;
  }

  /** Robust regression with the library's Huber loss and its log-sum-exp: both called across the jar boundary. */
  @Differentiable
  static double robustFit(double[] coef, @NoDerivative double[] t, @NoDerivative double[] obs) {
    double loss = 0;
    for (int i = 0; i < t.length; i++) {
      double fit = coef[0] + coef[1] * t[i] + coef[2] * Math.sin(t[i]);
      loss += Losses.huber(fit - obs[i], 0.5);
    }
    return loss + 0.1 * Losses.logSumExp(coef);
  }

  /** The error function, from Hipparchus: a library call Hesse cannot read, given a derivative below. */
  @CustomDerivative("erfDerivative")
  static double erf(double x) {
    return Erf.erf(x);
  }

  /** erf'(x) = 2/√π · exp(−x²); @Differentiable itself, so HVPs through erf are exact. */
  @Differentiable
  static double erfDerivative(double x) {
    return 2 / Math.sqrt(Math.PI) * Math.exp(-x * x);
  }

  /**
   * A probit-style model: Σ_i (Φ(a·t_i + b) − p_i)² with Φ(z) = (1 + erf(z/√2))/2 written through the custom erf.
   */
  @Differentiable
  static double probitFit(double a, double b, @NoDerivative double[] t, @NoDerivative double[] p) {
    double loss = 0;
    for (int i = 0; i < t.length; i++) {
      double phi = 0.5 * (1 + erf((a * t[i] + b) / Math.sqrt(2)));
      loss += (phi - p[i]) * (phi - p[i]);
    }
    return loss;
  }

  /** Helpers calling helpers: a chain of three levels with doubles and arrays crossing each call. */
  @Differentiable
  static double innerLevel(double a, double[] v) {
    double s = 0;
    for (int i = 0; i < v.length; i++) {
      s += Math.sin(a * v[i]);
    }
    return s * a;
  }

  @Differentiable
  static double middleLevel(double[] v, double a, @NoDerivative double shift) {
    return innerLevel(a + shift, v) * innerLevel(a * a, v) + Math.exp(innerLevel(0.5 * a, v) / 4);
  }

  @Differentiable
  static double outerLevel(double[] v, double a) {
    double total = 0;
    for (int k = 0; k < 3; k++) {
      total += middleLevel(v, a * (k + 1), 0.1 * k) / (k + 1);
    }
    return total + erf(a) * Losses.dot(v, v);
  }

  /** A helper called inside a loop that fills a local array, which a second loop reads back. */
  @Differentiable
  static double softplusLayer(double[] x, double[] w) {
    double[] h = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      h[i] = Losses.softplus(w[i] * x[i]) + innerLevel(x[i], w);
    }
    double out = 0;
    for (int i = 0; i < h.length; i++) {
      out += h[i] * h[(i + 1) % h.length];
    }
    return out;
  }
}
