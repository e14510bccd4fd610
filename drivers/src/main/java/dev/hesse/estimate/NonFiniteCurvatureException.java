package dev.hesse.estimate;

/**
 * Thrown when a Hessian-vector product returns NaN or an infinity: the objective's curvature is not finite at the
 * point, or its {@code hvp} is broken. The message names the probe (or column, colour, Lanczos step) and the entry.
 */
public final class NonFiniteCurvatureException extends ArithmeticException {
  private static final long serialVersionUID = 1L;

  private final String probeKind;
  private final long probeIndex;
  private final int entry;
  private final double value;

  NonFiniteCurvatureException(String probeKind, long probeIndex, int entry, int dimension, double value) {
    super("Hessian-vector product for " + probeKind + " " + probeIndex + " is " + value + " at entry " + entry
        + " (of " + dimension + "): the objective's hvp is not finite at this x");
    this.probeKind = probeKind;
    this.probeIndex = probeIndex;
    this.entry = entry;
    this.value = value;
  }

  /** What {@link #probeIndex()} counts: {@code "probe"}, {@code "unit vector"}, {@code "colour"} or {@code "Lanczos step"}. */
  public String probeKind() {
    return probeKind;
  }

  /** Index of the probe whose HVP was not finite (the lowest such index when probes ran in parallel). */
  public long probeIndex() {
    return probeIndex;
  }

  /** The first entry of H·v that was not finite. */
  public int entry() {
    return entry;
  }

  /** That entry's value: NaN or an infinity. */
  public double value() {
    return value;
  }
}
