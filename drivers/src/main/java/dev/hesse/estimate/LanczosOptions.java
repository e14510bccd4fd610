package dev.hesse.estimate;

import java.util.Objects;

/**
 * Settings for {@link Lanczos}. Immutable; build with {@link #builder()}. Defaults: 1 eigenvalue, largest algebraic,
 * at most min(n, max(80, 3·count)) steps, relative tolerance 1e-8, seed 0.
 */
public final class LanczosOptions {
  private final int count;
  private final SpectrumEnd spectrumEnd;
  private final int maxSteps;
  private final double tolerance;
  private final long seed;

  private LanczosOptions(Builder builder) {
    this.count = builder.count;
    this.spectrumEnd = builder.spectrumEnd;
    this.maxSteps = builder.maxSteps;
    this.tolerance = builder.tolerance;
    this.seed = builder.seed;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The top {@code count} eigenvalues, largest first, with the other defaults. */
  public static LanczosOptions top(int count) {
    return builder().count(count).build();
  }

  /** How many eigenpairs to return. */
  public int count() {
    return count;
  }

  public SpectrumEnd spectrumEnd() {
    return spectrumEnd;
  }

  /** The step limit, or 0 for the default min(n, max(80, 3·count)). Each step stores one n-vector. */
  public int maxSteps() {
    return maxSteps;
  }

  /**
   * Converged when every wanted pair's residual estimate |β_k s_k| ≤ tolerance · max |θ| (Parlett, The Symmetric
   * Eigenvalue Problem, §13.2). The eigenvalue error is then about tolerance² · max|θ|² / gap.
   */
  public double tolerance() {
    return tolerance;
  }

  /** Seed of the random starting vector (and of restarts after an invariant subspace). */
  public long seed() {
    return seed;
  }

  @Override
  public String toString() {
    return "LanczosOptions[count=" + count + ", spectrumEnd=" + spectrumEnd + ", maxSteps="
        + (maxSteps == 0 ? "default" : maxSteps) + ", tolerance=" + tolerance + ", seed=" + seed + "]";
  }

  /** Collects settings; {@link #build()} returns the immutable options. */
  public static final class Builder {
    private int count = 1;
    private SpectrumEnd spectrumEnd = SpectrumEnd.LARGEST_ALGEBRAIC;
    private int maxSteps = 0;
    private double tolerance = 1e-8;
    private long seed = 0;

    private Builder() {}

    /** @throws IllegalArgumentException if not positive */
    public Builder count(int count) {
      this.count = Checks.positive("count", count);
      return this;
    }

    public Builder spectrumEnd(SpectrumEnd spectrumEnd) {
      this.spectrumEnd = Objects.requireNonNull(spectrumEnd, "spectrumEnd");
      return this;
    }

    /** @throws IllegalArgumentException if not positive */
    public Builder maxSteps(int maxSteps) {
      this.maxSteps = Checks.positive("maxSteps", maxSteps);
      return this;
    }

    /** @throws IllegalArgumentException unless 0 &lt; tolerance &lt; 1 */
    public Builder tolerance(double tolerance) {
      if (!(tolerance > 0 && tolerance < 1)) {
        throw new IllegalArgumentException("tolerance must be in (0, 1), got " + tolerance);
      }
      this.tolerance = tolerance;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** @throws IllegalArgumentException if maxSteps was set below count */
    public LanczosOptions build() {
      if (maxSteps != 0 && maxSteps < count) {
        throw new IllegalArgumentException(
            "maxSteps (" + maxSteps + ") must be at least count (" + count + ")");
      }
      return new LanczosOptions(this);
    }
  }
}
