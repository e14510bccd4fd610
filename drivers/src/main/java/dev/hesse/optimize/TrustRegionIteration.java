package dev.hesse.optimize;

/**
 * What one trust-region iteration did, as passed to an {@link IterationCallback}.
 *
 * @param iteration 1-based iteration number
 * @param x the current iterate; a live view owned by the optimiser: read it during the callback, copy it to keep it,
 *     never write it
 * @param value f at the current iterate
 * @param gradientNorm ‖∇f‖₂ at the current iterate
 * @param radius the trust radius for the next iteration
 * @param cgSteps conjugate-gradient steps this iteration's subproblem took
 * @param hitsBoundary whether the step reached the trust-region boundary
 * @param accepted whether the step was taken
 * @param rho actual over predicted reduction of the step (NaN when f was not finite at the trial point)
 * @param hvpEvaluations Hessian-vector products so far
 * @param elapsedNanos wall time since the run started
 */
public record TrustRegionIteration(
    int iteration,
    double[] x,
    double value,
    double gradientNorm,
    double radius,
    int cgSteps,
    boolean hitsBoundary,
    boolean accepted,
    double rho,
    long hvpEvaluations,
    long elapsedNanos) {}
