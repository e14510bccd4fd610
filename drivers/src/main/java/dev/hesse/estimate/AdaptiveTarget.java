package dev.hesse.estimate;

import java.util.Objects;

/**
 * When the adaptive Hutchinson diagonal stops: once the relative standard error (reduced by {@link #norm()}) is at
 * most {@link #relativeError()}, or once {@link #maxHvps()} HVPs are spent, whichever comes first. Immutable; build
 * with {@link #builder()} or {@link #of(double, int)}.
 */
public final class AdaptiveTarget {
  private final double relativeError;
  private final int maxHvps;
  private final ErrorNorm norm;

  private AdaptiveTarget(Builder builder) {
    this.relativeError = builder.relativeError;
    this.maxHvps = builder.maxHvps;
    this.norm = builder.norm;
  }

  /** Target relative error with the {@link ErrorNorm#NORM default norm} and an HVP budget. */
  public static AdaptiveTarget of(double relativeError, int maxHvps) {
    return builder().relativeError(relativeError).maxHvps(maxHvps).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public double relativeError() {
    return relativeError;
  }

  public int maxHvps() {
    return maxHvps;
  }

  public ErrorNorm norm() {
    return norm;
  }

  @Override
  public String toString() {
    return "AdaptiveTarget[relativeError=" + relativeError + ", maxHvps=" + maxHvps + ", norm=" + norm + "]";
  }

  /** Collects settings; the relative error and the budget are required. */
  public static final class Builder {
    private double relativeError = Double.NaN;
    private int maxHvps = -1;
    private ErrorNorm norm = ErrorNorm.NORM;

    private Builder() {}

    /** @throws IllegalArgumentException unless 0 &lt; relativeError &lt; ∞ */
    public Builder relativeError(double relativeError) {
      if (!(relativeError > 0) || relativeError == Double.POSITIVE_INFINITY) {
        throw new IllegalArgumentException("relativeError must be positive and finite, got " + relativeError);
      }
      this.relativeError = relativeError;
      return this;
    }

    /** @throws IllegalArgumentException if fewer than 2 (a standard error needs two samples) */
    public Builder maxHvps(int maxHvps) {
      if (maxHvps < 2) {
        throw new IllegalArgumentException(
            "maxHvps must be at least 2 (a standard error needs two samples), got " + maxHvps);
      }
      this.maxHvps = maxHvps;
      return this;
    }

    public Builder norm(ErrorNorm norm) {
      this.norm = Objects.requireNonNull(norm, "norm");
      return this;
    }

    /** @throws IllegalStateException if the relative error or the budget was not set */
    public AdaptiveTarget build() {
      if (Double.isNaN(relativeError)) {
        throw new IllegalStateException("AdaptiveTarget needs relativeError(...)");
      }
      if (maxHvps < 0) {
        throw new IllegalStateException("AdaptiveTarget needs maxHvps(...)");
      }
      return new AdaptiveTarget(this);
    }
  }
}
