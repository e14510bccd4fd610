package dev.hesse.estimate;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The distribution of a probe vector z's entries: i.i.d., mean 0, variance 1, so that E[z zᵀ] = I and
 * E[z ⊙ Hz] = diag(H), E[zᵀHz] = tr(H).
 */
public enum ProbeDistribution {
  /**
   * Uniform on {−1, 1} (Hutchinson 1990). The variance of entry i of z ⊙ Hz is Σ_{j≠i} H_ij²: a diagonal matrix is
   * recovered exactly, and no distribution has lower variance for the trace estimator.
   */
  RADEMACHER {
    @Override
    void fill(RandomGenerator random, double[] z) {
      long bits = 0;
      for (int i = 0; i < z.length; i++) {
        if ((i & 63) == 0) {
          bits = random.nextLong();
        }
        z[i] = Double.longBitsToDouble(ONE_BITS | (bits & 1L) << 63); // bit 0 → +1, bit 1 → −1, no branch
        bits >>>= 1;
      }
    }
  },
  /** Standard normal (Girard 1989). The variance of entry i of z ⊙ Hz is 2 H_ii² + Σ_{j≠i} H_ij². */
  GAUSSIAN {
    @Override
    void fill(RandomGenerator random, double[] z) {
      for (int i = 0; i < z.length; i++) {
        z[i] = random.nextGaussian();
      }
    }
  };

  /** Fills {@code z} with independent draws. */
  abstract void fill(RandomGenerator random, double[] z);

  /**
   * The random stream of probe {@code index} under {@code seed}: a fixed function of the two, so that probe k's vector
   * is the same whichever thread draws it and however many probes are drawn. The stream's seed is SplitMix64's output
   * for state {@code seed + (index + 1)·γ} (Steele, Lea, Flood 2014), which decorrelates neighbouring indices.
   */
  static RandomGenerator stream(long seed, long index) {
    return new SplittableRandom(mix64(seed + (index + 1) * GOLDEN_GAMMA));
  }

  private static final long ONE_BITS = Double.doubleToRawLongBits(1.0);
  private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

  private static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
