package dev.hesse.optimize;

/**
 * The outcome of {@link AdaHessian#minimize}.
 *
 * @param x the final point (a fresh array)
 * @param value the full objective ({@link MiniBatchObjective#full()}) at x
 * @param epochs passes over the data
 * @param steps parameter updates (one per batch)
 * @param gradientEvaluations batch gradient evaluations
 * @param hvpEvaluations batch Hessian-vector products (probes × steps)
 */
public record AdaHessianResult(
    double[] x, double value, int epochs, long steps, long gradientEvaluations, long hvpEvaluations) {}
