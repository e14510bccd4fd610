package dev.hesse.optimize;

import dev.hesse.HessianOperator;
import dev.hesse.Objective;

/**
 * The trust-region model at an iterate x: m(p) = f + gᵀp + ½ pᵀH p, with H available only through products.
 *
 * <p>As SciPy's {@code BaseQuadraticModel}, f and g are computed once per accepted iterate (never at rejected trial
 * points, where only f is evaluated), and H(x) is obtained once, lazily, through {@link Objective#hessianAt}, so
 * the work of the products that does not depend on v is shared by every CG step at x, including those of rejected
 * iterations.
 */
final class QuadraticModel {
  private final Objective objective;
  private final double[] x;
  private final double value;
  private final double[] gradient;
  private final double gradientNorm;
  private HessianOperator hessian;

  /** Takes ownership of {@code x} and {@code gradient}. */
  QuadraticModel(Objective objective, double[] x, double value, double[] gradient) {
    this.objective = objective;
    this.x = x;
    this.value = value;
    this.gradient = gradient;
    this.gradientNorm = Vectors.norm(gradient);
  }

  double[] x() {
    return x;
  }

  double value() {
    return value;
  }

  double[] gradient() {
    return gradient;
  }

  double gradientNorm() {
    return gradientNorm;
  }

  int dimension() {
    return x.length;
  }

  /** out = H(x)·v */
  void hvp(double[] v, double[] out) {
    if (hessian == null) {
      hessian = objective.hessianAt(x);
    }
    hessian.apply(v, out);
  }
}
