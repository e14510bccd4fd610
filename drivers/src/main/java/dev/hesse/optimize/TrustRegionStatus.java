package dev.hesse.optimize;

/** Why {@link TrustRegionNewton#minimize} stopped; each status carries its message. */
public enum TrustRegionStatus {
  /** ‖∇f(x)‖ ≤ the gradient tolerance. */
  CONVERGED("converged: the gradient norm is below the tolerance"),
  /** The iteration budget ran out. */
  MAX_ITERATIONS("stopped: the maximum number of iterations was reached"),
  /** The Hessian-vector product budget ran out. */
  MAX_HVPS("stopped: the budget of Hessian-vector products was reached"),
  /** The radius shrank below its tolerance: no step the model trusts decreases f any more (often: f is at its
   * rounding floor, or the gradient tolerance is tighter than the gradient's accuracy). */
  RADIUS_COLLAPSED("stopped: the trust radius collapsed; no further decrease is possible at this precision"),
  /** f or ∇f was NaN or infinite at the start point, or at every trial point until the radius collapsed. */
  OBJECTIVE_NOT_FINITE("stopped: the objective returned NaN or infinity (at the start point, or at every trial"
      + " step until the radius collapsed)"),
  /** The iteration callback asked to stop. */
  STOPPED_BY_CALLBACK("stopped: the iteration callback asked to stop");

  private final String message;

  TrustRegionStatus(String message) {
    this.message = message;
  }

  /** A one-line human-readable explanation. */
  public String message() {
    return message;
  }

  /** Whether the run ended at a point that satisfies the gradient tolerance. */
  public boolean success() {
    return this == CONVERGED;
  }
}
