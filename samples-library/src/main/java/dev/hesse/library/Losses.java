package dev.hesse.library;

import dev.hesse.Differentiable;
import dev.hesse.NoDerivative;

/**
 * Building blocks of objectives, shipped as a library: code compiled against this jar calls these methods from its
 * own {@code @Differentiable} methods, and Hesse chains their derivatives through {@link LossesDerivatives}' building
 * blocks ({@code huberPullback}, {@code huberTangent}, {@code huberPullbackTangent}, ...) without reading this source.
 * {@code composable = true} asks for those building blocks: Hesse generates them for callers it compiles together with
 * a method anyway, but cannot know about callers compiled later against this jar.
 */
public final class Losses {
  private Losses() {}

  /** The Huber loss of a residual: quadratic within {@code delta}, linear beyond (C¹ at ±delta). */
  @Differentiable(composable = true)
  public static double huber(double residual, @NoDerivative double delta) {
    double a = Math.abs(residual);
    return a <= delta ? 0.5 * residual * residual : delta * (a - 0.5 * delta);
  }

  /** log Σ exp(z_i), computed stably (shifted by the largest z_i). */
  @Differentiable(composable = true)
  public static double logSumExp(double[] z) {
    double max = z[0];
    for (int i = 1; i < z.length; i++) {
      max = Math.max(max, z[i]);
    }
    double sum = 0;
    for (int i = 0; i < z.length; i++) {
      sum += Math.exp(z[i] - max);
    }
    return max + Math.log(sum);
  }

  /** log(1 + e^z) without overflow. */
  @Differentiable(composable = true)
  public static double softplus(double z) {
    return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
  }

  /** a · b. */
  @Differentiable(composable = true)
  public static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
