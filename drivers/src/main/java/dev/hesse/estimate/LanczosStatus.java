package dev.hesse.estimate;

/** Why {@link Lanczos} stopped. */
public enum LanczosStatus {
  CONVERGED("every wanted Ritz pair's residual estimate |β_k s_k| met the tolerance"),
  STEP_LIMIT("the step limit came first: judge each pair by its residual norm, or allow more steps");

  private final String message;

  LanczosStatus(String message) {
    this.message = message;
  }

  /** A sentence for logs and reports. */
  public String message() {
    return message;
  }
}
