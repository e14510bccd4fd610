package dev.hesse.samples;

import dev.hesse.Differentiable;
import dev.hesse.NoDerivative;
import dev.hesse.Objective;
import dev.hesse.optimize.TrustRegionNewton;
import dev.hesse.optimize.TrustRegionOptions;
import dev.hesse.optimize.TrustRegionResult;
import java.util.Random;

/**
 * A two-layer tanh network fitted to a curve by trust-region Newton-CG: the loss is ordinary Java over weight
 * matrices and a local array of hidden activations; Hesse generates its gradient and exact Hessian-vector products,
 * and the generated {@link NeuralNetworkDerivatives.MeanSquaredErrorLayout} maps the four weight parameters to the
 * one flat vector the optimiser works on.
 */
public final class NeuralNetwork {
  private NeuralNetwork() {}

  /**
   * Mean squared error of the network x ↦ w2 · tanh(W1 x + b1) + b2 over the examples ({@code xs[s]}, {@code ys[s]}).
   */
  @Differentiable
  public static double meanSquaredError(
      double[][] w1, double[] b1, double[] w2, double b2, @NoDerivative double[][] xs, @NoDerivative double[] ys) {
    double[] hidden = new double[b1.length];
    double sum = 0;
    for (int s = 0; s < xs.length; s++) {
      for (int j = 0; j < b1.length; j++) {
        double z = b1[j];
        for (int i = 0; i < xs[s].length; i++) {
          z += w1[j][i] * xs[s][i];
        }
        hidden[j] = Math.tanh(z);
      }
      double prediction = b2;
      for (int j = 0; j < b1.length; j++) {
        prediction += w2[j] * hidden[j];
      }
      double error = prediction - ys[s];
      sum += error * error;
    }
    return sum / xs.length;
  }

  /** The network's loss as an {@link Objective} of all its weights, laid out flat by the generated layout class. */
  public static Objective objective(int inputs, int hiddenUnits, double[][] xs, double[] ys) {
    NeuralNetworkDerivatives.MeanSquaredErrorLayout layout =
        NeuralNetworkDerivatives.meanSquaredErrorLayout(
            new double[hiddenUnits][inputs], new double[hiddenUnits], new double[hiddenUnits]);
    return new Objective() {
      @Override
      public double value(double[] theta) {
        return meanSquaredError(layout.w1(theta), layout.b1(theta), layout.w2(theta), layout.b2(theta), xs, ys);
      }

      @Override
      public double gradient(double[] theta, double[] gradOut) {
        return NeuralNetworkDerivatives.meanSquaredErrorGradient(
            layout.w1(theta), layout.b1(theta), layout.w2(theta), layout.b2(theta), xs, ys, gradOut);
      }

      @Override
      public void hvp(double[] theta, double[] v, double[] hvOut) {
        NeuralNetworkDerivatives.meanSquaredErrorHvp(
            layout.w1(theta), layout.b1(theta), layout.w2(theta), layout.b2(theta), xs, ys, v, hvOut);
      }
    };
  }

  /** Samples of y = sin(2x) on [-1.5, 1.5]. */
  public static double[][] inputs(int samples) {
    double[][] xs = new double[samples][1];
    for (int s = 0; s < samples; s++) {
      xs[s][0] = -1.5 + 3.0 * s / (samples - 1);
    }
    return xs;
  }

  public static double[] targets(double[][] xs) {
    double[] ys = new double[xs.length];
    for (int s = 0; s < xs.length; s++) {
      ys[s] = Math.sin(2 * xs[s][0]);
    }
    return ys;
  }

  /** Small random weights (seeded), then trust-region Newton-CG on the exact HVPs. */
  public static TrustRegionResult fit(int hiddenUnits, double[][] xs, double[] ys, long seed) {
    Objective loss = objective(1, hiddenUnits, xs, ys);
    Random random = new Random(seed);
    double[] theta = new double[3 * hiddenUnits + 1];
    for (int k = 0; k < theta.length; k++) {
      theta[k] = 0.5 * random.nextGaussian();
    }
    return TrustRegionNewton.minimize(
        loss, theta, TrustRegionOptions.builder().gradientTolerance(1e-6).maxIterations(2000).build());
  }

  public static void main(String[] args) {
    double[][] xs = inputs(40);
    double[] ys = targets(xs);
    long t0 = System.nanoTime();
    TrustRegionResult result = fit(8, xs, ys, 1);
    double ms = (System.nanoTime() - t0) / 1e6;
    System.out.println("Two-layer tanh network (1-8-1, 25 weights) fitted to sin(2x) at 40 points,"
        + " trust-region Newton-CG");
    System.out.println("  " + result.message());
    System.out.printf("  mean squared error %.2e, |g| = %.1e, %d iterations, %d HVPs, %.0f ms (cold JVM)%n",
        result.value(), result.gradientNorm(), result.iterations(), result.hvpEvaluations(), ms);
  }
}
