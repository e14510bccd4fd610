package dev.hesse;

/**
 * The Hessian H(x) at one fixed point x, as a linear operator: {@code apply(v, hvOut)} writes H(x)·v.
 *
 * <p>Trust-region CG, Lanczos and Hutchinson call H·v many times at the same x. An operator from
 * {@link Objective#hessianAt(double[])} may do the work that does not depend on v once, when it is created, so that
 * each product after that costs only the tangent sweep.
 */
@FunctionalInterface
public interface HessianOperator {
  /**
   * Writes H(x)·v into {@code hvOut}.
   *
   * @throws IllegalArgumentException if {@code v} or {@code hvOut} does not have the dimension of x
   */
  void apply(double[] v, double[] hvOut);
}
