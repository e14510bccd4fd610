package dev.hesse.estimate;

import dev.hesse.Objective;
import java.util.Objects;

/** Argument checks and the one place HVPs are taken, so every HVP is checked for finiteness. */
final class Checks {
  private Checks() {}

  /** Validates the point and returns a private copy (probes read it concurrently). */
  static double[] point(double[] x) {
    Objects.requireNonNull(x, "x");
    if (x.length == 0) {
      throw new IllegalArgumentException("x has no entries: curvature needs at least one variable");
    }
    for (int i = 0; i < x.length; i++) {
      if (!Double.isFinite(x[i])) {
        throw new IllegalArgumentException("x[" + i + "] is " + x[i] + ": curvature needs a finite point");
      }
    }
    return x.clone();
  }

  static Objective objective(Objective f) {
    return Objects.requireNonNull(f, "objective");
  }

  static void sameDimension(String what, int length, String against, int dimension) {
    if (length != dimension) {
      throw new IllegalArgumentException(
          "dimension mismatch: " + what + " has " + length + " entries but " + against + " has " + dimension);
    }
  }

  static int positive(String what, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(what + " must be positive, got " + value);
    }
    return value;
  }

  /** hvOut = H(x)·v, throwing {@link NonFiniteCurvatureException} if any entry is NaN or infinite. */
  static void hvp(Objective f, double[] x, double[] v, double[] hvOut, String probeKind, long probeIndex) {
    f.hvp(x, v, hvOut);
    for (int i = 0; i < hvOut.length; i++) {
      if (!Double.isFinite(hvOut[i])) {
        throw new NonFiniteCurvatureException(probeKind, probeIndex, i, hvOut.length, hvOut[i]);
      }
    }
  }
}
