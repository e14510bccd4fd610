package dev.hesse.estimate;

/** Why a stochastic estimator stopped drawing probes. */
public enum SamplingStatus {
  FIXED_COUNT("drew the requested number of probes"),
  TARGET_REACHED("the relative standard error reached the target"),
  BUDGET_EXHAUSTED("the HVP budget was spent before the relative standard error reached the target");

  private final String message;

  SamplingStatus(String message) {
    this.message = message;
  }

  /** A sentence for logs and reports. */
  public String message() {
    return message;
  }
}
