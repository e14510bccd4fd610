package dev.hesse.estimate;

/** How a vector of standard errors is reduced to one relative error, for the adaptive diagonal estimator. */
public enum ErrorNorm {
  /**
   * ‖se‖₂ / ‖d̂‖₂: the estimate's error relative to its size as a whole. The default; it is not held hostage by
   * entries of the diagonal that are (nearly) zero.
   */
  NORM {
    @Override
    double relativeError(double[] estimate, double[] standardError) {
      double se = 0;
      double d = 0;
      for (int i = 0; i < estimate.length; i++) {
        se += standardError[i] * standardError[i];
        d += estimate[i] * estimate[i];
      }
      return ratio(Math.sqrt(se), Math.sqrt(d));
    }
  },
  /**
   * max_i se_i / |d̂_i|: every entry to the target relative accuracy. An entry whose estimate is 0 with a non-zero
   * standard error makes this infinite, so the budget decides.
   */
  MAX_ENTRY {
    @Override
    double relativeError(double[] estimate, double[] standardError) {
      double worst = 0;
      for (int i = 0; i < estimate.length; i++) {
        worst = Math.max(worst, ratio(standardError[i], Math.abs(estimate[i])));
      }
      return worst;
    }
  };

  /** The relative error of {@code estimate} given its per-entry standard errors. */
  abstract double relativeError(double[] estimate, double[] standardError);

  private static double ratio(double error, double size) {
    if (Double.isNaN(error)) {
      return Double.POSITIVE_INFINITY;
    }
    return error == 0 ? 0 : error / size;
  }
}
