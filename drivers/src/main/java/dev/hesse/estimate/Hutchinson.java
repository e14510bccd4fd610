package dev.hesse.estimate;

import dev.hesse.Objective;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Hutchinson's estimators of the diagonal and the trace of the Hessian, from Hessian-vector products alone.
 *
 * <p>For a probe z with i.i.d. entries of mean 0 and variance 1, E[z ⊙ Hz] = diag(H) (Bekas, Kokiopoulou, Saad 2007)
 * and E[zᵀHz] = tr(H) (Hutchinson 1990). The estimate is the mean over m probes; its standard error, reported per
 * entry, is the sample standard deviation over √m, so the error falls as 1/√m. With Rademacher probes the variance
 * of entry i is Σ_{j≠i} H_ij², so diagonally dominant Hessians are cheap and diagonal ones exact.
 *
 * <p>Probe k is drawn from a random stream fixed by (seed, k); probes run in blocks of {@value #BLOCK} on the
 * {@link Sampling#execution() execution}, and block statistics are merged in index order, so results are
 * bit-identical for any thread count, and an adaptive run equals a fixed run with the same number of probes when the
 * batch size is a multiple of {@value #BLOCK}.
 */
public final class Hutchinson {
  /** Probes per task; fixed, so that the reduction order does not depend on the thread count. */
  static final int BLOCK = 8;

  private Hutchinson() {}

  /**
   * Estimates diag(H(x)) (and tr(H(x))) from {@code sampling.samples()} probes.
   *
   * @throws IllegalArgumentException if {@code x} is empty or not finite
   * @throws NonFiniteCurvatureException if an HVP is NaN or infinite (naming the lowest such probe)
   */
  public static DiagonalEstimate diagonal(Objective f, double[] x, Sampling sampling) {
    Checks.objective(f);
    double[] point = Checks.point(x);
    Objects.requireNonNull(sampling, "sampling");
    Moments moments = new Moments(point.length + 1);
    sampleInto(moments, f, point, sampling, 0, sampling.samples());
    return estimate(moments, sampling, SamplingStatus.FIXED_COUNT);
  }

  /**
   * Estimates diag(H(x)) adaptively: draws rounds of {@code sampling.samples()} probes until the relative standard
   * error, reduced by {@code target.norm()}, is at most {@code target.relativeError()} (checked once at least two
   * probes are in), or until {@code target.maxHvps()} HVPs are spent. The status says which.
   *
   * @throws IllegalArgumentException if {@code x} is empty or not finite
   * @throws NonFiniteCurvatureException if an HVP is NaN or infinite
   */
  public static DiagonalEstimate diagonal(Objective f, double[] x, Sampling sampling, AdaptiveTarget target) {
    Checks.objective(f);
    double[] point = Checks.point(x);
    Objects.requireNonNull(sampling, "sampling");
    Objects.requireNonNull(target, "target");
    Moments moments = new Moments(point.length + 1);
    int spent = 0;
    while (true) {
      int round = Math.min(sampling.samples(), target.maxHvps() - spent);
      sampleInto(moments, f, point, sampling, spent, round);
      spent += round;
      if (moments.count() >= 2) {
        DiagonalEstimate current = estimate(moments, sampling, SamplingStatus.TARGET_REACHED);
        if (current.relativeError(target.norm()) <= target.relativeError()) {
          return current;
        }
      }
      if (spent >= target.maxHvps()) {
        return estimate(moments, sampling, SamplingStatus.BUDGET_EXHAUSTED);
      }
    }
  }

  /**
   * Estimates tr(H(x)) as the mean of zᵀHz over {@code sampling.samples()} probes. {@link HutchPlusPlus} needs far
   * fewer HVPs when a few eigenvalues dominate.
   *
   * @throws IllegalArgumentException if {@code x} is empty or not finite
   * @throws NonFiniteCurvatureException if an HVP is NaN or infinite
   */
  public static TraceEstimate trace(Objective f, double[] x, Sampling sampling) {
    DiagonalEstimate d = diagonal(f, x, sampling);
    return new TraceEstimate(d.trace(), d.traceStandardError(), d.hvps(), TraceEstimate.Method.HUTCHINSON);
  }

  /** Draws probes first, first + 1, ..., first + count − 1 and merges their samples into {@code moments} in order. */
  private static void sampleInto(
      Moments moments, Objective f, double[] x, Sampling sampling, int first, int count) {
    int n = x.length;
    int blocks = (count + BLOCK - 1) / BLOCK;
    List<Moments> parts = sampling.execution().map(blocks, block -> {
      double[] z = new double[n];
      double[] hz = new double[n];
      double[] sample = new double[n + 1];
      Moments part = new Moments(n + 1);
      int end = Math.min(count, (block + 1) * BLOCK);
      for (int k = block * BLOCK; k < end; k++) {
        long probe = (long) first + k;
        RandomGenerator random = ProbeDistribution.stream(sampling.seed(), probe);
        sampling.distribution().fill(random, z);
        Checks.hvp(f, x, z, hz, "probe", probe);
        double quadratic = 0;
        for (int i = 0; i < n; i++) {
          sample[i] = z[i] * hz[i];
          quadratic += sample[i];
        }
        sample[n] = quadratic;
        part.add(sample);
      }
      return part;
    });
    for (Moments part : parts) {
      moments.merge(part);
    }
  }

  private static DiagonalEstimate estimate(Moments moments, Sampling sampling, SamplingStatus status) {
    int n = moments.dimension() - 1;
    double[] diagonal = new double[n];
    double[] standardError = new double[n];
    for (int i = 0; i < n; i++) {
      diagonal[i] = moments.mean(i);
      standardError[i] = moments.standardError(i);
    }
    int count = Math.toIntExact(moments.count());
    return new DiagonalEstimate(diagonal, standardError, moments.mean(n), moments.standardError(n), count, count,
        sampling.distribution(), sampling.seed(), status);
  }
}
