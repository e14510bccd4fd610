package test;

import dev.hesse.Differentiable;

/** [HesseLabeledJump]: break and continue may not name a label. */
final class LabeledJump {
  @Differentiable
  static double breakOuter(double[] x) {
    double s = 0;
    // BUG: Diagnostic contains: [HesseUnsupportedStatement]
    outer: for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < x.length; j++) {
        if (x[i] * x[j] > 10) {
          // BUG: Diagnostic at column 11 contains: [HesseLabeledJump]
          break outer;
        }
        s += x[i] * x[j];
      }
    }
    return s;
  }

  @Differentiable
  static double continueOuter(double[] x) {
    double s = 0;
    // BUG: Diagnostic contains: [HesseUnsupportedStatement]
    outer: for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < x.length; j++) {
        if (j > i) {
          // BUG: Diagnostic at column 11 contains: [HesseLabeledJump]
          continue outer;
        }
        s += x[i] * x[j];
      }
    }
    return s;
  }

  // OK: unlabeled break and continue.
  @Differentiable
  static double unlabeledJumps(double[] x) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      if (x[i] < 0) {
        continue;
      }
      if (s > 100) {
        break;
      }
      s += x[i];
    }
    return s;
  }
}
