package dev.hesse.samples;

import dev.hesse.Differentiable;
import dev.hesse.NoDerivative;
import dev.hesse.library.Losses;
import dev.hesse.optimize.TrustRegionNewton;
import dev.hesse.optimize.TrustRegionOptions;
import dev.hesse.optimize.TrustRegionResult;
import java.util.Random;

/**
 * L2-regularised logistic regression fitted by trust-region Newton-CG on generated gradients and Hessian-vector
 * products: the negative log-likelihood is written as a statistician would, calling a helper ({@code softplus}) from
 * a separately compiled library.
 */
public final class LogisticRegression {
  private LogisticRegression() {}

  /**
   * Σ_i softplus(z_i) − y_i z_i + λ/2 |w|² with z_i = θ_0 + Σ_j θ_{j+1} x_ij: θ_0 the (unpenalised) intercept, the
   * rest the weights. {@code y} holds 0/1 labels.
   */
  @Differentiable
  public static double negLogLikelihood(
      double[] theta, @NoDerivative double[][] x, @NoDerivative int[] y, @NoDerivative double lambda) {
    double nll = 0;
    for (int i = 0; i < x.length; i++) {
      double z = theta[0];
      for (int j = 0; j < x[i].length; j++) {
        z += theta[j + 1] * x[i][j];
      }
      nll += Losses.softplus(z) - y[i] * z;
    }
    double penalty = 0;
    for (int j = 1; j < theta.length; j++) {
      penalty += theta[j] * theta[j];
    }
    return nll + 0.5 * lambda * penalty;
  }

  /** A synthetic problem: Gaussian features, labels drawn from a logistic model with known weights. */
  public record Data(double[][] x, int[] y, double[] trueTheta) {}

  public static Data synthetic(int examples, int features, long seed) {
    Random random = new Random(seed);
    double[] theta = new double[features + 1];
    for (int j = 0; j <= features; j++) {
      theta[j] = random.nextGaussian();
    }
    double[][] x = new double[examples][features];
    int[] y = new int[examples];
    for (int i = 0; i < examples; i++) {
      double z = theta[0];
      for (int j = 0; j < features; j++) {
        x[i][j] = random.nextGaussian();
        z += theta[j + 1] * x[i][j];
      }
      y[i] = random.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
    }
    return new Data(x, y, theta);
  }

  /**
   * The maximum a posteriori fit from θ = 0, to |∇| ≤ 1e-7 (summing thousands of terms leaves the gradient a
   * rounding floor near 1e-8).
   */
  public static TrustRegionResult fit(Data data, double lambda) {
    int n = data.x()[0].length + 1;
    return TrustRegionNewton.minimize(
        LogisticRegressionDerivatives.negLogLikelihood(data.x(), data.y(), lambda),
        new double[n],
        TrustRegionOptions.builder().gradientTolerance(1e-7).build());
  }

  public static void main(String[] args) {
    Data data = synthetic(2000, 20, 42);
    long t0 = System.nanoTime();
    TrustRegionResult result = fit(data, 1.0);
    double ms = (System.nanoTime() - t0) / 1e6;
    System.out.println("Logistic regression, 2000 examples x 20 features, λ = 1, trust-region Newton-CG");
    System.out.println("  " + result.message());
    System.out.printf("  NLL = %.6f, |g| = %.2e, %d iterations, %d HVPs, %.1f ms (cold JVM)%n",
        result.value(), result.gradientNorm(), result.iterations(), result.hvpEvaluations(), ms);
    System.out.printf("  θ[0..2] = [%.4f, %.4f, %.4f]   true [%.4f, %.4f, %.4f]%n",
        result.x()[0], result.x()[1], result.x()[2],
        data.trueTheta()[0], data.trueTheta()[1], data.trueTheta()[2]);
  }
}
