package dev.hesse.estimate;

import java.util.List;
import java.util.Objects;

/**
 * Eigenvalues of H(x) at one end of the spectrum, from {@link Lanczos}.
 *
 * @param pairs the Ritz pairs, in {@link SpectrumEnd} order (e.g. largest first)
 * @param spectrumEnd which end was sought
 * @param steps the Lanczos steps taken: the Krylov subspace's dimension
 * @param hvps the Hessian-vector products spent: one per step plus one per pair for its residual
 * @param status why the iteration stopped
 */
public record EigenEstimate(
    List<EigenPair> pairs, SpectrumEnd spectrumEnd, int steps, int hvps, LanczosStatus status) {

  public EigenEstimate {
    pairs = List.copyOf(pairs);
    Objects.requireNonNull(spectrumEnd, "spectrumEnd");
    Objects.requireNonNull(status, "status");
  }

  /** The eigenvalue estimates, in {@link #pairs()} order. */
  public double[] values() {
    return pairs.stream().mapToDouble(EigenPair::value).toArray();
  }

  /** The largest residual norm among the pairs. */
  public double maxResidualNorm() {
    return pairs.stream().mapToDouble(EigenPair::residualNorm).max().orElse(0);
  }
}
