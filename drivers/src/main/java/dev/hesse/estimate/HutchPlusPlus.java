package dev.hesse.estimate;

import dev.hesse.Objective;
import java.util.List;
import java.util.Objects;

/**
 * Hutch++ (Meyer, Musco, Musco, Woodruff, "Hutch++: Optimal Stochastic Trace Estimation", SOSA 2021, Algorithm 1):
 * the trace of H(x) with error falling as 1/m instead of Hutchinson's 1/√m in the number m of HVPs (for positive
 * semi-definite H; in general it is never much worse than Hutchinson and far better when a few eigenvalues dominate).
 *
 * <p>With m HVPs: draw S (n × m/3) with random columns; Q = orth(H S) (Hipparchus Householder QR, see {@link ThinQ});
 * tr(H) ≈ tr(QᵀHQ) + (3/m) tr(Gᵀ (I−QQᵀ) H (I−QQᵀ) G) for G (n × m/3) random. The first term is exact on the
 * captured top subspace; only the deflated remainder is estimated stochastically, and the reported standard error
 * is that of the remainder's Hutchinson estimate given Q. When m/3 ≥ n, Q spans everything and the trace is exact.
 *
 * <p>When m is not a multiple of 3 the remainder gets the spare HVPs. Sketch column k uses probe stream k and
 * remainder probe j uses stream m/3 + j, so results do not depend on the thread count.
 */
public final class HutchPlusPlus {
  private HutchPlusPlus() {}

  /**
   * Estimates tr(H(x)) with {@code sampling.samples()} HVPs (at most; fewer when the sketch covers all n
   * dimensions), probes drawn from {@code sampling.distribution()}.
   *
   * @throws IllegalArgumentException if fewer than 3 samples, or {@code x} is empty or not finite
   * @throws NonFiniteCurvatureException if an HVP is NaN or infinite
   */
  public static TraceEstimate trace(Objective f, double[] x, Sampling sampling) {
    Checks.objective(f);
    double[] point = Checks.point(x);
    Objects.requireNonNull(sampling, "sampling");
    int m = sampling.samples();
    if (m < 3) {
      throw new IllegalArgumentException(
          "Hutch++ needs at least 3 samples (HVPs: sketch, projection, remainder), got " + m);
    }
    int n = point.length;
    int sketch = Math.min(m / 3, n);
    Execution execution = sampling.execution();

    // 1. Y = H S, one HVP per sketch column.
    List<double[]> y = execution.map(sketch, c -> {
      double[] s = new double[n];
      sampling.distribution().fill(ProbeDistribution.stream(sampling.seed(), c), s);
      double[] hs = new double[n];
      Checks.hvp(f, point, s, hs, "probe", c);
      return hs;
    });
    // 2. Q = orth(Y).
    double[][] q = ThinQ.of(y.toArray(new double[0][]), n);
    // 3. tr(QᵀHQ), one HVP per column of Q.
    List<Double> captured = execution.map(sketch, c -> {
      double[] hq = new double[n];
      Checks.hvp(f, point, q[c], hq, "Hutch++ basis vector", c);
      return dot(q[c], hq);
    });
    double exactPart = 0;
    for (double t : captured) {
      exactPart += t;
    }
    int spent = 2 * sketch;
    int remainder = sketch == n ? 0 : m - spent;
    if (remainder == 0) {
      return new TraceEstimate(exactPart, sketch == n ? 0 : Double.NaN, spent, TraceEstimate.Method.HUTCH_PLUS_PLUS);
    }
    // 4. Hutchinson on the deflated Hessian (I−QQᵀ) H (I−QQᵀ): g ↦ pᵀHp with p = (I−QQᵀ) g.
    int first = m / 3;
    List<Double> samples = execution.map(remainder, j -> {
      double[] p = new double[n];
      sampling.distribution().fill(ProbeDistribution.stream(sampling.seed(), first + j), p);
      project(q, p);
      double[] hp = new double[n];
      Checks.hvp(f, point, p, hp, "probe", first + j);
      return dot(p, hp);
    });
    double mean = 0;
    for (int j = 0; j < remainder; j++) {
      mean += (samples.get(j) - mean) / (j + 1);
    }
    double standardError = Double.NaN;
    if (remainder >= 2) {
      double ss = 0;
      for (double s : samples) {
        ss += (s - mean) * (s - mean);
      }
      standardError = Math.sqrt(ss / (remainder - 1) / remainder);
    }
    return new TraceEstimate(exactPart + mean, standardError, spent + remainder, TraceEstimate.Method.HUTCH_PLUS_PLUS);
  }

  /** p ← (I − QQᵀ) p by modified Gram–Schmidt, twice ("twice is enough": as orthogonal as Q's columns). */
  private static void project(double[][] q, double[] p) {
    for (int pass = 0; pass < 2; pass++) {
      for (double[] column : q) {
        double c = dot(column, p);
        for (int i = 0; i < p.length; i++) {
          p[i] -= c * column[i];
        }
      }
    }
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
