package dev.hesse.estimate;

import java.util.Objects;

/**
 * An estimate of tr(H(x)).
 *
 * @param trace the estimate
 * @param standardError its standard error: for Hutchinson, the sample standard deviation of zᵀHz / √samples; for
 *     Hutch++, the same for the stochastic residual term given the sketch (the deflated part is exact). NaN when
 *     fewer than two stochastic samples were drawn; 0 when the estimate is exact
 * @param hvps the number of Hessian-vector products spent
 * @param method the estimator
 */
public record TraceEstimate(double trace, double standardError, int hvps, Method method) {

  /** Which trace estimator produced the estimate. */
  public enum Method {
    /** Hutchinson (1990): the mean of zᵀHz; error ∝ 1/√m in the number m of HVPs. */
    HUTCHINSON,
    /** Hutch++ (Meyer, Musco, Musco, Woodruff 2021): deflate a sketched top subspace; error ∝ 1/m for PSD H. */
    HUTCH_PLUS_PLUS
  }

  public TraceEstimate {
    Objects.requireNonNull(method, "method");
  }
}
