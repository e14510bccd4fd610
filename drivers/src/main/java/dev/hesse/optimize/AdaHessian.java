package dev.hesse.optimize;

import dev.hesse.HessianOperator;
import dev.hesse.Objective;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * AdaHessian (Yao, Gholami, Shen, Mustafa, Keutzer &amp; Mahoney, "ADAHESSIAN: An Adaptive Second Order Optimizer for
 * Machine Learning", AAAI 2021, arXiv:2006.00719), Algorithm 1, on a {@link MiniBatchObjective}.
 *
 * <p>Per mini-batch step t, with the batch gradient g_t and a Hutchinson estimate D_t = (1/m) Σ z ⊙ (H z) of the
 * batch Hessian's diagonal (Rademacher z, m = {@code probes}):
 *
 * <ol>
 *   <li>spatial averaging: D⁽ˢ⁾ replaces each entry of D_t by the mean of its block of {@code spatialBlock}
 *       consecutive entries (Eq. 10);
 *   <li>moments: m_t = β₁ m_{t−1} + (1 − β₁) g_t, v_t = β₂ v_{t−1} + (1 − β₂) D⁽ˢ⁾ ⊙ D⁽ˢ⁾ (Eq. 11);
 *   <li>bias correction m̂ = m_t / (1 − β₁ᵗ), v̂ = v_t / (1 − β₂ᵗ), and the step
 *       x ← x − η m̂ / ((√v̂)^k + ε) with Hessian power k.
 * </ol>
 *
 * <p>Runs are reproducible: shuffles and probes come from a {@link SplittableRandom} seeded with {@code seed}.
 */
public final class AdaHessian {
  private AdaHessian() {}

  /** Minimises {@code objective} from {@code x0} (not modified) with {@code options}. */
  public static AdaHessianResult minimize(MiniBatchObjective objective, double[] x0, AdaHessianOptions options) {
    Objects.requireNonNull(objective, "objective");
    Objects.requireNonNull(x0, "x0");
    Objects.requireNonNull(options, "options");
    if (x0.length == 0) {
      throw new IllegalArgumentException("x0 must have at least one entry");
    }
    int n = x0.length;
    int examples = objective.size();
    double[] x = x0.clone();
    double[] g = new double[n];
    double[] z = new double[n];
    double[] hz = new double[n];
    double[] diagonal = new double[n];
    double[] m = new double[n];
    double[] v = new double[n];
    int[] order = new int[examples];
    for (int i = 0; i < examples; i++) {
      order[i] = i;
    }
    SplittableRandom random = new SplittableRandom(options.seed());
    double beta1 = options.beta1();
    double beta2 = options.beta2();
    double halfPower = options.hessianPower() / 2;
    long steps = 0;
    long gradients = 0;
    long hvps = 0;
    for (int epoch = 0; epoch < options.epochs(); epoch++) {
      if (options.shuffle()) {
        for (int i = examples - 1; i > 0; i--) {
          int j = random.nextInt(i + 1);
          int t = order[i];
          order[i] = order[j];
          order[j] = t;
        }
      }
      for (int from = 0; from < examples; from += options.batchSize()) {
        int to = Math.min(examples, from + options.batchSize());
        Objective batch = objective.batch(order, from, to);
        batch.gradient(x, g);
        gradients++;
        java.util.Arrays.fill(diagonal, 0.0);
        HessianOperator hessian = batch.hessianAt(x);
        for (int p = 0; p < options.probes(); p++) {
          for (int i = 0; i < n; i++) {
            z[i] = random.nextBoolean() ? 1.0 : -1.0;
          }
          hessian.apply(z, hz);
          hvps++;
          for (int i = 0; i < n; i++) {
            diagonal[i] += z[i] * hz[i];
          }
        }
        spatialAverage(diagonal, options.probes(), options.spatialBlock());
        steps++;
        double correction1 = 1 - Math.pow(beta1, steps);
        double correction2 = 1 - Math.pow(beta2, steps);
        for (int i = 0; i < n; i++) {
          m[i] = beta1 * m[i] + (1 - beta1) * g[i];
          v[i] = beta2 * v[i] + (1 - beta2) * diagonal[i] * diagonal[i];
          double denominator = Math.pow(v[i] / correction2, halfPower) + options.epsilon();
          x[i] -= options.learningRate() * (m[i] / correction1) / denominator;
        }
      }
    }
    double value = objective.full().value(x);
    return new AdaHessianResult(x, value, options.epochs(), steps, gradients, hvps);
  }

  /** Divides by the number of probes, then replaces each block of {@code block} entries by its mean. */
  private static void spatialAverage(double[] d, int probes, int block) {
    for (int start = 0; start < d.length; start += block) {
      int end = Math.min(d.length, start + block);
      double sum = 0;
      for (int i = start; i < end; i++) {
        sum += d[i];
      }
      double mean = sum / (probes * (double) (end - start));
      for (int i = start; i < end; i++) {
        d[i] = mean;
      }
    }
  }
}
