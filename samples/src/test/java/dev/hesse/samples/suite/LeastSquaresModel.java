package dev.hesse.samples.suite;

import dev.hesse.Differentiable;

/**
 * A model object holding its data in fields, as users write it: the instance method's gradient reads the receiver's
 * fields as constants of the function.
 */
public final class LeastSquaresModel {
  final double[][] features;
  final double[] targets;
  double ridge;

  LeastSquaresModel(double[][] features, double[] targets, double ridge) {
    this.features = features;
    this.targets = targets;
    this.ridge = ridge;
  }

  /** ½ Σ_i (f_i·w − t_i)² + ½ ridge |w|², with a smooth soft-threshold on each residual. Domain: all reals. */
  @Differentiable
  public double loss(double[] w) {
    double sum = 0;
    for (int i = 0; i < features.length; i++) {
      double prediction = 0;
      for (int j = 0; j < w.length; j++) {
        prediction += this.features[i][j] * w[j];
      }
      double residual = prediction - targets[i];
      sum += 0.5 * residual * residual + Math.log(Math.cosh(0.1 * residual));
    }
    double norm = 0;
    for (double wj : w) {
      norm += wj * wj;
    }
    return sum + 0.5 * ridge * norm;
  }

  /** Closed form of {@link #loss}'s gradient, for the closed-form test. */
  double[] lossGradientByHand(double[] w) {
    double[] g = new double[w.length];
    for (int i = 0; i < features.length; i++) {
      double prediction = 0;
      for (int j = 0; j < w.length; j++) {
        prediction += features[i][j] * w[j];
      }
      double residual = prediction - targets[i];
      double dr = residual + 0.1 * Math.tanh(0.1 * residual);
      for (int j = 0; j < w.length; j++) {
        g[j] += dr * features[i][j];
      }
    }
    for (int j = 0; j < w.length; j++) {
      g[j] += ridge * w[j];
    }
    return g;
  }

  static LeastSquaresModel example() {
    return new LeastSquaresModel(
        new double[][] {{1.0, 0.5, -0.3}, {0.2, -1.1, 0.8}, {-0.7, 0.4, 1.5}, {1.2, 0.9, 0.1}},
        new double[] {0.3, -0.8, 1.1, 0.4},
        0.05);
  }
}
