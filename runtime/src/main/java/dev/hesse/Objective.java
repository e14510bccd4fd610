package dev.hesse;

/**
 * A twice-differentiable function of one vector {@code x}: what optimisers and curvature estimators consume.
 *
 * <p>Hesse generates an implementation for every {@link Differentiable} method whose only differentiable parameter
 * is one {@code double[]}: {@code CDerivatives.m(<constants>)} binds the method's constant parameters and returns an
 * {@code Objective}.
 */
public interface Objective {

  /** The function's value at {@code x}. */
  double value(double[] x);

  /**
   * Writes the gradient of the function at {@code x} into {@code gradOut} and returns the value.
   *
   * @throws IllegalArgumentException if {@code gradOut.length != x.length}
   */
  double gradient(double[] x, double[] gradOut);

  /**
   * Writes the Hessian-vector product H(x)·v into {@code hvOut}.
   *
   * @throws IllegalArgumentException if {@code v} or {@code hvOut} does not have {@code x.length} entries
   * @throws UnsupportedOperationException if the implementation cannot compute it
   */
  void hvp(double[] x, double[] v, double[] hvOut);

  /**
   * H(x) as an operator for many products at one point. The default copies {@code x} and calls {@link #hvp} for
   * each product; Hesse's generated objectives override it to do the v-independent work only once.
   */
  default HessianOperator hessianAt(double[] x) {
    double[] at = x.clone();
    return (v, hvOut) -> hvp(at, v, hvOut);
  }
}
