package dev.hesse.optimize;

import dev.hesse.Objective;

/**
 * An objective that is a sum (conventionally a mean) over examples, evaluated on mini-batches: what stochastic
 * optimisers such as {@link AdaHessian} consume.
 *
 * <p>A batch is the examples {@code indices[from..to)}; the optimiser owns {@code indices} (a permutation of
 * 0..size−1, reshuffled every epoch) and must not have it modified. The batch objective should be the mean loss over
 * the batch plus any regulariser, so that every batch objective is an unbiased estimate of the full one and
 * {@link #full()} is the objective being minimised.
 *
 * <p>A generated objective fits directly: write the loss as a {@code @Differentiable} method over
 * {@code @NoDerivative} data plus {@code int[] order, int from, int to}, and bind the data:
 *
 * <pre>{@code
 * MiniBatchObjective loss = MiniBatchObjective.of(labels.length,
 *     (order, from, to) -> ModelDerivatives.logisticLoss(features, labels, order, from, to, lambda));
 * }</pre>
 */
public interface MiniBatchObjective {

  /** The number of examples, at least 1. */
  int size();

  /** The objective on the examples {@code indices[from..to)}, 0 ≤ from &lt; to ≤ size. */
  Objective batch(int[] indices, int from, int to);

  /** The objective on all examples, in order. */
  default Objective full() {
    int n = size();
    int[] identity = new int[n];
    for (int i = 0; i < n; i++) {
      identity[i] = i;
    }
    return batch(identity, 0, n);
  }

  /** Builds the objective that produces one batch objective at a time. */
  @FunctionalInterface
  interface BatchFactory {
    Objective batch(int[] indices, int from, int to);
  }

  /** A mini-batch objective over {@code size} examples whose batches come from {@code factory}. */
  static MiniBatchObjective of(int size, BatchFactory factory) {
    if (size < 1) {
      throw new IllegalArgumentException("a mini-batch objective needs at least one example, got size " + size);
    }
    java.util.Objects.requireNonNull(factory, "factory");
    return new MiniBatchObjective() {
      @Override
      public int size() {
        return size;
      }

      @Override
      public Objective batch(int[] indices, int from, int to) {
        return factory.batch(indices, from, to);
      }
    };
  }
}
