package dev.hesse.optimize;

/**
 * Immutable, validated options of {@link AdaHessian}; defaults as in Yao et al. (2021) and their reference
 * implementation. Setters check their argument and throw {@link IllegalArgumentException} with a specific message.
 *
 * <table>
 *   <caption>Options and defaults</caption>
 *   <tr><th>option</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>learningRate</td><td>0.15</td><td>η</td></tr>
 *   <tr><td>beta1, beta2</td><td>0.9, 0.999</td><td>decay of the first and second moments, in [0, 1)</td></tr>
 *   <tr><td>epsilon</td><td>1e-4</td><td>added to the denominator</td></tr>
 *   <tr><td>hessianPower</td><td>1</td><td>k in (0, 1]: the step divides by (√v̂)^k</td></tr>
 *   <tr><td>spatialBlock</td><td>1</td><td>b: average the diagonal estimate over consecutive blocks of b entries</td></tr>
 *   <tr><td>probes</td><td>1</td><td>Rademacher probes per Hutchinson estimate</td></tr>
 *   <tr><td>batchSize</td><td>32</td><td>examples per step (the last batch of an epoch may be smaller)</td></tr>
 *   <tr><td>epochs</td><td>10</td><td>passes over the data</td></tr>
 *   <tr><td>shuffle</td><td>true</td><td>reshuffle the examples every epoch</td></tr>
 *   <tr><td>seed</td><td>0</td><td>seed of the shuffles and probes</td></tr>
 * </table>
 */
public final class AdaHessianOptions {
  private final double learningRate;
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final double hessianPower;
  private final int spatialBlock;
  private final int probes;
  private final int batchSize;
  private final int epochs;
  private final boolean shuffle;
  private final long seed;

  private AdaHessianOptions(Builder b) {
    learningRate = b.learningRate;
    beta1 = b.beta1;
    beta2 = b.beta2;
    epsilon = b.epsilon;
    hessianPower = b.hessianPower;
    spatialBlock = b.spatialBlock;
    probes = b.probes;
    batchSize = b.batchSize;
    epochs = b.epochs;
    shuffle = b.shuffle;
    seed = b.seed;
  }

  public static AdaHessianOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public double learningRate() {
    return learningRate;
  }

  public double beta1() {
    return beta1;
  }

  public double beta2() {
    return beta2;
  }

  public double epsilon() {
    return epsilon;
  }

  public double hessianPower() {
    return hessianPower;
  }

  public int spatialBlock() {
    return spatialBlock;
  }

  public int probes() {
    return probes;
  }

  public int batchSize() {
    return batchSize;
  }

  public int epochs() {
    return epochs;
  }

  public boolean shuffle() {
    return shuffle;
  }

  public long seed() {
    return seed;
  }

  /** Collects options; each setter validates its argument. */
  public static final class Builder {
    private double learningRate = 0.15;
    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double epsilon = 1e-4;
    private double hessianPower = 1.0;
    private int spatialBlock = 1;
    private int probes = 1;
    private int batchSize = 32;
    private int epochs = 10;
    private boolean shuffle = true;
    private long seed = 0;

    private Builder() {}

    /** η &gt; 0, finite. Default 0.15. */
    public Builder learningRate(double rate) {
      if (!(rate > 0 && rate < Double.POSITIVE_INFINITY)) {
        throw new IllegalArgumentException("learningRate must be positive and finite, got " + rate);
      }
      learningRate = rate;
      return this;
    }

    /** β₁ ∈ [0, 1). Default 0.9. */
    public Builder beta1(double beta) {
      beta1 = unitInterval("beta1", beta);
      return this;
    }

    /** β₂ ∈ [0, 1). Default 0.999. */
    public Builder beta2(double beta) {
      beta2 = unitInterval("beta2", beta);
      return this;
    }

    /** ε &gt; 0, finite. Default 1e-4. */
    public Builder epsilon(double epsilon) {
      if (!(epsilon > 0 && epsilon < Double.POSITIVE_INFINITY)) {
        throw new IllegalArgumentException("epsilon must be positive and finite, got " + epsilon);
      }
      this.epsilon = epsilon;
      return this;
    }

    /** k ∈ (0, 1]. Default 1. */
    public Builder hessianPower(double k) {
      if (!(k > 0 && k <= 1)) {
        throw new IllegalArgumentException("hessianPower must be in (0, 1], got " + k);
      }
      hessianPower = k;
      return this;
    }

    /** Block size b ≥ 1 of the spatial averaging. Default 1 (none). */
    public Builder spatialBlock(int b) {
      if (b < 1) {
        throw new IllegalArgumentException("spatialBlock must be at least 1, got " + b);
      }
      spatialBlock = b;
      return this;
    }

    /** Hutchinson probes per step, at least 1. Default 1. */
    public Builder probes(int probes) {
      if (probes < 1) {
        throw new IllegalArgumentException("probes must be at least 1, got " + probes);
      }
      this.probes = probes;
      return this;
    }

    /** At least 1. Default 32. */
    public Builder batchSize(int size) {
      if (size < 1) {
        throw new IllegalArgumentException("batchSize must be at least 1, got " + size);
      }
      batchSize = size;
      return this;
    }

    /** At least 1. Default 10. */
    public Builder epochs(int epochs) {
      if (epochs < 1) {
        throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
      }
      this.epochs = epochs;
      return this;
    }

    /** Default true. */
    public Builder shuffle(boolean shuffle) {
      this.shuffle = shuffle;
      return this;
    }

    /** Default 0. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public AdaHessianOptions build() {
      return new AdaHessianOptions(this);
    }

    private static double unitInterval(String name, double beta) {
      if (!(beta >= 0 && beta < 1)) {
        throw new IllegalArgumentException(name + " must be in [0, 1), got " + beta);
      }
      return beta;
    }
  }
}
