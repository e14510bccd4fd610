package dev.hesse.optimize;

/**
 * The outcome of {@link TrustRegionNewton#minimize}: the best point found and what it cost.
 *
 * <p>The counts come from a counting wrapper around the objective, so they include every evaluation (trial points,
 * preconditioner estimates). {@code x} is never worse than any point the run evaluated: the method only moves on
 * decrease, and a rejected trial point that happened to be lower is returned instead of the last iterate.
 *
 * @param x the best point found (a fresh array)
 * @param value f(x)
 * @param gradient ∇f(x) (a fresh array)
 * @param gradientNorm ‖∇f(x)‖₂
 * @param iterations trust-region iterations, accepted or rejected
 * @param valueEvaluations calls to {@code Objective.value}
 * @param gradientEvaluations calls to {@code Objective.gradient}
 * @param hvpEvaluations calls to {@code Objective.hvp}, including those spent on the preconditioner
 * @param cgSteps conjugate-gradient steps over all subproblems
 * @param radius the final trust radius
 * @param status why the run stopped; {@link TrustRegionStatus#message()} explains it
 */
public record TrustRegionResult(
    double[] x,
    double value,
    double[] gradient,
    double gradientNorm,
    int iterations,
    long valueEvaluations,
    long gradientEvaluations,
    long hvpEvaluations,
    long cgSteps,
    double radius,
    TrustRegionStatus status) {

  /** Whether the gradient tolerance was met. */
  public boolean success() {
    return status.success();
  }

  /** The status's explanation. */
  public String message() {
    return status.message();
  }

  @Override
  public String toString() {
    return String.format(
        "TrustRegionResult[%s; f = %.10g, |g| = %.3e, n = %d, iterations = %d, value/gradient/hvp evaluations ="
            + " %d/%d/%d, cg steps = %d, radius = %.3e]",
        status, value, gradientNorm, x.length, iterations, valueEvaluations, gradientEvaluations, hvpEvaluations,
        cgSteps, radius);
  }
}
