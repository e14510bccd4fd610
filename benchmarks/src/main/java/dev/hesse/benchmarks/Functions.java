package dev.hesse.benchmarks;

import dev.hesse.Differentiable;
import dev.hesse.NoDerivative;

/**
 * The benchmarked functions, written as a user would; Hesse generates {@code FunctionsDerivatives} beside them.
 */
public final class Functions {
  private Functions() {}

  /** Chained Rosenbrock: Σ_{i=0}^{n-2} 100 (x[i+1] − x[i]²)² + (1 − x[i])². */
  @Differentiable
  public static double rosenbrock(double[] x) {
    double sum = 0;
    for (int i = 0; i < x.length - 1; i++) {
      double curve = x[i + 1] - x[i] * x[i];
      double offset = 1 - x[i];
      sum += 100 * curve * curve + offset * offset;
    }
    return sum;
  }

  /**
   * Mean squared-error loss (halved) of a two-layer tanh network, one hidden layer of {@code hidden} tanh units and a
   * linear output: pred(x) = b2 + Σ_j c_j tanh(b1_j + Σ_i W1_ji x_i), loss = (1/N) Σ_s ½ (pred(xs[s]) − ys[s])².
   *
   * <p>Weights flattened: {@code W1} row-major (hidden × d) at 0, {@code b1} at hidden·d, {@code c} at hidden·d +
   * hidden, {@code b2} last; {@code w.length == hidden * d + 2 * hidden + 1}.
   */
  @Differentiable
  public static double networkLoss(
      double[] w, @NoDerivative double[][] xs, @NoDerivative double[] ys, int hidden) {
    int d = xs[0].length;
    int b1 = hidden * d;
    int c = b1 + hidden;
    int b2 = c + hidden;
    double loss = 0;
    for (int s = 0; s < xs.length; s++) {
      double pred = w[b2];
      for (int j = 0; j < hidden; j++) {
        double a = w[b1 + j];
        for (int i = 0; i < d; i++) {
          a += w[j * d + i] * xs[s][i];
        }
        pred += w[c + j] * Math.tanh(a);
      }
      double r = pred - ys[s];
      loss += 0.5 * r * r;
    }
    return loss / xs.length;
  }

  /**
   * A scalar recurrent unit run over a sequence, squared error at every step: h_t = tanh(w0 h_{t−1} + w1 x_t + w2),
   * loss = Σ_t (h_t − y_t)². Its loop carries h, so its reverse sweep cannot be fused with it: backpropagation
   * through time.
   */
  @Differentiable
  public static double recurrentLoss(double[] w, @NoDerivative double[] xs, @NoDerivative double[] ys) {
    double h = 0;
    double loss = 0;
    for (int t = 0; t < xs.length; t++) {
      h = Math.tanh(w[0] * h + w[1] * xs[t] + w[2]);
      double r = h - ys[t];
      loss += r * r;
    }
    return loss;
  }
}
