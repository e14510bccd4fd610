package dev.hesse.estimate;

import java.util.Objects;

/**
 * How a stochastic estimator draws its probes: how many, from which distribution, with which seed, and where they
 * run. Immutable; build with {@link #builder()}. The defaults are 30 Rademacher probes, seed 0, on the common pool.
 *
 * <p>The seed fixes every probe vector: probe k is drawn from a stream that depends only on (seed, k), so a run is
 * reproducible and independent of the number of threads (see {@link Execution}).
 */
public final class Sampling {
  private final int samples;
  private final ProbeDistribution distribution;
  private final long seed;
  private final Execution execution;

  private Sampling(Builder builder) {
    this.samples = builder.samples;
    this.distribution = builder.distribution;
    this.seed = builder.seed;
    this.execution = builder.execution;
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** {@code samples} Rademacher probes with the given seed, on the common pool. */
  public static Sampling of(int samples, long seed) {
    return builder().samples(samples).seed(seed).build();
  }

  /**
   * The number of probes: for {@link Hutchinson} one HVP each; for {@link HutchPlusPlus} the total HVP budget; in
   * {@link Hutchinson#diagonal(dev.hesse.Objective, double[], Sampling, AdaptiveTarget) adaptive mode} the probes
   * drawn per round between checks of the error.
   */
  public int samples() {
    return samples;
  }

  public ProbeDistribution distribution() {
    return distribution;
  }

  public long seed() {
    return seed;
  }

  public Execution execution() {
    return execution;
  }

  /** A builder starting from these settings. */
  public Builder toBuilder() {
    return new Builder().samples(samples).distribution(distribution).seed(seed).execution(execution);
  }

  @Override
  public String toString() {
    return "Sampling[samples=" + samples + ", distribution=" + distribution + ", seed=" + seed + ", execution="
        + execution + "]";
  }

  /** Collects settings; {@link #build()} returns the immutable {@link Sampling}. */
  public static final class Builder {
    private int samples = 30;
    private ProbeDistribution distribution = ProbeDistribution.RADEMACHER;
    private long seed = 0;
    private Execution execution = Execution.commonPool();

    private Builder() {}

    /** @throws IllegalArgumentException if {@code samples} is not positive */
    public Builder samples(int samples) {
      this.samples = Checks.positive("samples", samples);
      return this;
    }

    public Builder distribution(ProbeDistribution distribution) {
      this.distribution = Objects.requireNonNull(distribution, "distribution");
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder execution(Execution execution) {
      this.execution = Objects.requireNonNull(execution, "execution");
      return this;
    }

    /** Shorthand for {@code execution(Execution.sequential())}. */
    public Builder sequential() {
      return execution(Execution.sequential());
    }

    public Sampling build() {
      return new Sampling(this);
    }
  }
}
