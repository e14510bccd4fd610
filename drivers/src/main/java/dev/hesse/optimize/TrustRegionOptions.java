package dev.hesse.optimize;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * Immutable, validated options of {@link TrustRegionNewton}. Build with {@link #builder()}; every setter checks its
 * argument and throws {@link IllegalArgumentException} with a specific message, {@link Builder#build()} checks the
 * options against each other.
 *
 * <table>
 *   <caption>Options and defaults</caption>
 *   <tr><th>option</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>initialRadius</td><td>1</td><td>Δ₀, the first trust radius</td></tr>
 *   <tr><td>maxRadius</td><td>1e10</td><td>Δ̂, the cap on the radius (N&amp;W Alg. 4.1)</td></tr>
 *   <tr><td>eta</td><td>0.15</td><td>accept a step when ρ = actual / predicted reduction exceeds η; 0 ≤ η &lt; 1/4</td></tr>
 *   <tr><td>gradientTolerance</td><td>1e-6</td><td>converged when ‖∇f‖₂ ≤ this</td></tr>
 *   <tr><td>maxIterations</td><td>1000</td><td>iterations (accepted or rejected)</td></tr>
 *   <tr><td>maxHvps</td><td>unlimited</td><td>Hessian-vector products, checked before each CG step</td></tr>
 *   <tr><td>maxCgSteps</td><td>n</td><td>CG steps per subproblem</td></tr>
 *   <tr><td>radiusTolerance</td><td>1e-14</td><td>radius collapsed when Δ &lt; this · max(1, ‖x‖)</td></tr>
 *   <tr><td>preconditioner</td><td>none</td><td>diagonal estimator for a Jacobi preconditioner</td></tr>
 *   <tr><td>preconditionerRefresh</td><td>1</td><td>re-estimate the diagonal every this many accepted steps</td></tr>
 *   <tr><td>diagonalFloor</td><td>1e-8</td><td>preconditioner entries are max(|d_i|, floor · max|d|)</td></tr>
 *   <tr><td>callback</td><td>none</td><td>called after every iteration; may stop the run</td></tr>
 * </table>
 */
public final class TrustRegionOptions {
  private final double initialRadius;
  private final double maxRadius;
  private final double eta;
  private final double gradientTolerance;
  private final int maxIterations;
  private final long maxHvps;
  private final int maxCgSteps;
  private final double radiusTolerance;
  private final DiagonalEstimator preconditioner;
  private final int preconditionerRefresh;
  private final double diagonalFloor;
  private final IterationCallback callback;

  private TrustRegionOptions(Builder b) {
    initialRadius = b.initialRadius;
    maxRadius = b.maxRadius;
    eta = b.eta;
    gradientTolerance = b.gradientTolerance;
    maxIterations = b.maxIterations;
    maxHvps = b.maxHvps;
    maxCgSteps = b.maxCgSteps;
    radiusTolerance = b.radiusTolerance;
    preconditioner = b.preconditioner;
    preconditionerRefresh = b.preconditionerRefresh;
    diagonalFloor = b.diagonalFloor;
    callback = b.callback;
  }

  /** The defaults. */
  public static TrustRegionOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.initialRadius = initialRadius;
    b.maxRadius = maxRadius;
    b.eta = eta;
    b.gradientTolerance = gradientTolerance;
    b.maxIterations = maxIterations;
    b.maxHvps = maxHvps;
    b.maxCgSteps = maxCgSteps;
    b.radiusTolerance = radiusTolerance;
    b.preconditioner = preconditioner;
    b.preconditionerRefresh = preconditionerRefresh;
    b.diagonalFloor = diagonalFloor;
    b.callback = callback;
    return b;
  }

  public double initialRadius() {
    return initialRadius;
  }

  public double maxRadius() {
    return maxRadius;
  }

  public double eta() {
    return eta;
  }

  public double gradientTolerance() {
    return gradientTolerance;
  }

  public int maxIterations() {
    return maxIterations;
  }

  public long maxHvps() {
    return maxHvps;
  }

  /** The CG step limit per subproblem; empty means the problem's dimension n. */
  public OptionalInt maxCgSteps() {
    return maxCgSteps > 0 ? OptionalInt.of(maxCgSteps) : OptionalInt.empty();
  }

  public double radiusTolerance() {
    return radiusTolerance;
  }

  public Optional<DiagonalEstimator> preconditioner() {
    return Optional.ofNullable(preconditioner);
  }

  public int preconditionerRefresh() {
    return preconditionerRefresh;
  }

  public double diagonalFloor() {
    return diagonalFloor;
  }

  public Optional<IterationCallback> callback() {
    return Optional.ofNullable(callback);
  }

  /** Collects options; setters validate immediately, {@link #build()} validates the combination. */
  public static final class Builder {
    private double initialRadius = 1.0;
    private double maxRadius = 1e10;
    private double eta = 0.15;
    private double gradientTolerance = 1e-6;
    private int maxIterations = 1000;
    private long maxHvps = Long.MAX_VALUE;
    private int maxCgSteps = 0;
    private double radiusTolerance = 1e-14;
    private DiagonalEstimator preconditioner;
    private int preconditionerRefresh = 1;
    private double diagonalFloor = 1e-8;
    private IterationCallback callback;

    private Builder() {}

    /** Δ₀ &gt; 0, finite; at most {@link #maxRadius}. Default 1. */
    public Builder initialRadius(double radius) {
      initialRadius = positiveFinite("initialRadius", radius);
      return this;
    }

    /** Δ̂ &gt; 0, finite. Default 1e10. */
    public Builder maxRadius(double radius) {
      maxRadius = positiveFinite("maxRadius", radius);
      return this;
    }

    /** Acceptance threshold η, 0 ≤ η &lt; 0.25 (N&amp;W Alg. 4.1). Default 0.15, as SciPy. */
    public Builder eta(double eta) {
      if (!(eta >= 0 && eta < 0.25)) {
        throw new IllegalArgumentException("eta must satisfy 0 <= eta < 0.25, got " + eta);
      }
      this.eta = eta;
      return this;
    }

    /** Converged when ‖∇f‖₂ ≤ tolerance; ≥ 0, finite. Default 1e-6. */
    public Builder gradientTolerance(double tolerance) {
      if (!(tolerance >= 0 && tolerance < Double.POSITIVE_INFINITY)) {
        throw new IllegalArgumentException("gradientTolerance must be non-negative and finite, got " + tolerance);
      }
      gradientTolerance = tolerance;
      return this;
    }

    /** At least 0 (0 evaluates the start point only). Default 1000. */
    public Builder maxIterations(int iterations) {
      if (iterations < 0) {
        throw new IllegalArgumentException("maxIterations must be non-negative, got " + iterations);
      }
      maxIterations = iterations;
      return this;
    }

    /** Budget of Hessian-vector products, at least 1. Default unlimited. */
    public Builder maxHvps(long hvps) {
      if (hvps < 1) {
        throw new IllegalArgumentException("maxHvps must be at least 1, got " + hvps);
      }
      maxHvps = hvps;
      return this;
    }

    /** CG steps per subproblem, at least 1. Default: the dimension n. */
    public Builder maxCgSteps(int steps) {
      if (steps < 1) {
        throw new IllegalArgumentException("maxCgSteps must be at least 1, got " + steps);
      }
      maxCgSteps = steps;
      return this;
    }

    /** The radius has collapsed when Δ &lt; tolerance · max(1, ‖x‖); in (0, 1). Default 1e-14. */
    public Builder radiusTolerance(double tolerance) {
      if (!(tolerance > 0 && tolerance < 1)) {
        throw new IllegalArgumentException("radiusTolerance must be in (0, 1), got " + tolerance);
      }
      radiusTolerance = tolerance;
      return this;
    }

    /**
     * Precondition CG with D = diag(max(|d_i|, floor · max|d|)) from {@code estimator}, e.g.
     * {@link DiagonalEstimator#exact()} or {@link DiagonalEstimator#hutchinson(int, long)}; {@code null} for none
     * (the default). The trust region is then {‖p‖_D ≤ Δ}, ‖p‖_D = √(pᵀDp).
     */
    public Builder preconditioner(DiagonalEstimator estimator) {
      preconditioner = estimator;
      return this;
    }

    /** Re-estimate the diagonal after every {@code acceptedSteps} accepted steps, at least 1. Default 1. */
    public Builder preconditionerRefresh(int acceptedSteps) {
      if (acceptedSteps < 1) {
        throw new IllegalArgumentException("preconditionerRefresh must be at least 1, got " + acceptedSteps);
      }
      preconditionerRefresh = acceptedSteps;
      return this;
    }

    /** Relative floor of the preconditioner's entries, in (0, 1). Default 1e-8. */
    public Builder diagonalFloor(double floor) {
      if (!(floor > 0 && floor < 1)) {
        throw new IllegalArgumentException("diagonalFloor must be in (0, 1), got " + floor);
      }
      diagonalFloor = floor;
      return this;
    }

    /** Called after every iteration; {@code null} for none (the default). */
    public Builder callback(IterationCallback callback) {
      this.callback = callback;
      return this;
    }

    /** @throws IllegalArgumentException if initialRadius exceeds maxRadius */
    public TrustRegionOptions build() {
      if (initialRadius > maxRadius) {
        throw new IllegalArgumentException(
            "initialRadius (" + initialRadius + ") must not exceed maxRadius (" + maxRadius + ")");
      }
      return new TrustRegionOptions(this);
    }

    private static double positiveFinite(String name, double value) {
      if (!(value > 0 && value < Double.POSITIVE_INFINITY)) {
        throw new IllegalArgumentException(name + " must be positive and finite, got " + value);
      }
      return value;
    }
  }

  @Override
  public String toString() {
    return "TrustRegionOptions[initialRadius=" + initialRadius + ", maxRadius=" + maxRadius + ", eta=" + eta
        + ", gradientTolerance=" + gradientTolerance + ", maxIterations=" + maxIterations + ", maxHvps="
        + (maxHvps == Long.MAX_VALUE ? "unlimited" : maxHvps) + ", maxCgSteps=" + (maxCgSteps > 0 ? maxCgSteps : "n")
        + ", radiusTolerance=" + radiusTolerance + ", preconditioner=" + (preconditioner != null)
        + ", preconditionerRefresh=" + preconditionerRefresh + ", diagonalFloor=" + diagonalFloor + "]";
  }
}
