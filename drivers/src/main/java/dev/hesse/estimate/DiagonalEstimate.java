package dev.hesse.estimate;

import java.util.Arrays;
import java.util.Objects;

/**
 * A Hutchinson estimate of diag(H(x)): the sample mean of z ⊙ Hz over {@code samples} probes, with the standard error
 * of each entry (sample standard deviation / √samples; NaN with a single probe). The same probes give the trace
 * estimate, the mean of zᵀHz, and its standard error. Arrays are copied in and out.
 *
 * @param diagonal the estimate of H_ii for each i
 * @param standardError the standard error of each entry of {@code diagonal}
 * @param trace the estimate of tr(H): the mean of zᵀHz, which is Σ_i diagonal[i] up to rounding
 * @param traceStandardError the standard error of {@code trace} (from the spread of zᵀHz, not from the entries')
 * @param samples the number of probes averaged
 * @param hvps the number of Hessian-vector products spent (one per probe)
 * @param distribution the probes' distribution
 * @param seed the seed that reproduces the probes
 * @param status why sampling stopped
 */
public record DiagonalEstimate(
    double[] diagonal,
    double[] standardError,
    double trace,
    double traceStandardError,
    int samples,
    int hvps,
    ProbeDistribution distribution,
    long seed,
    SamplingStatus status) {

  public DiagonalEstimate {
    diagonal = diagonal.clone();
    standardError = standardError.clone();
    if (diagonal.length != standardError.length) {
      throw new IllegalArgumentException("dimension mismatch: diagonal has " + diagonal.length
          + " entries but standardError has " + standardError.length);
    }
    Objects.requireNonNull(distribution, "distribution");
    Objects.requireNonNull(status, "status");
  }

  @Override
  public double[] diagonal() {
    return diagonal.clone();
  }

  @Override
  public double[] standardError() {
    return standardError.clone();
  }

  /** The estimate's relative standard error under {@code norm}, as the adaptive mode measures it. */
  public double relativeError(ErrorNorm norm) {
    return norm.relativeError(diagonal, standardError);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DiagonalEstimate other
        && Arrays.equals(diagonal, other.diagonal)
        && Arrays.equals(standardError, other.standardError)
        && Double.compare(trace, other.trace) == 0
        && Double.compare(traceStandardError, other.traceStandardError) == 0
        && samples == other.samples
        && hvps == other.hvps
        && distribution == other.distribution
        && seed == other.seed
        && status == other.status;
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(diagonal), Arrays.hashCode(standardError), trace, samples, seed, status);
  }

  @Override
  public String toString() {
    return "DiagonalEstimate[diagonal=" + Arrays.toString(diagonal) + ", standardError="
        + Arrays.toString(standardError) + ", trace=" + trace + " ± " + traceStandardError + ", samples=" + samples
        + ", hvps=" + hvps + ", distribution=" + distribution + ", seed=" + seed + ", status=" + status + "]";
  }
}
