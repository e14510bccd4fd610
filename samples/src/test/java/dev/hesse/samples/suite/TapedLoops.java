package dev.hesse.samples.suite;

import dev.hesse.Differentiable;
import dev.hesse.NoDerivative;

/**
 * Nested loops whose results a reverse iteration reads back from a tape instead of re-running them (README, "How it
 * works"): a loop inside a loop that is reversed iteration by iteration, whose reverse reads what the inner loop
 * computed. Each function puts the taped loop in another place: two and three levels deep (the outer level itself
 * reversed, not fused), in a branch, with a {@code break} and zero trips, inside a loop that writes array elements,
 * beside a loop that is still recomputed, with a value the inner loop overwrites that earlier reverse code reads, and
 * an integer loop without derivatives. The weights are one flat vector w, laid out as in the benchmark's network:
 * {@code hidden × d} input weights, {@code hidden} biases, {@code hidden} output weights, one output bias.
 */
public final class TapedLoops {
  private TapedLoops() {}

  /**
   * The two-layer tanh network's mean squared error plus {@code 1e-3 · |w|²}: the regulariser after the sample loop
   * keeps that loop from being fused, so the sample loop's reverse iterations read the hidden-unit loop's results
   * from a tape, and the hidden-unit loop's read the dot product's. Smooth on all of R^n. Composable: its building
   * blocks are checked too.
   */
  @Differentiable(composable = true)
  public static double network(double[] w, @NoDerivative double[][] xs, @NoDerivative double[] ys, int hidden) {
    int d = xs[0].length;
    int b1 = hidden * d;
    int c = b1 + hidden;
    int b2 = c + hidden;
    double loss = 0;
    for (int s = 0; s < xs.length; s++) {
      double pred = w[b2];
      for (int j = 0; j < hidden; j++) {
        double a = w[b1 + j];
        for (int i = 0; i < d; i++) {
          a += w[j * d + i] * xs[s][i];
        }
        pred += w[c + j] * Math.tanh(a);
      }
      double r = pred - ys[s];
      loss += 0.5 * r * r;
    }
    double reg = 0;
    for (int k = 0; k < w.length; k++) {
      reg += w[k] * w[k];
    }
    return loss / xs.length + 1e-3 * reg;
  }

  /**
   * The network with a unit's dot product in a branch ({@code active[j]}: the others see only their bias) and cut
   * short by a {@code break} after {@code limit[j]} inputs, zero for some units, so the inner loop runs zero, some or
   * all of its trips, and not at all where the branch is not taken. Smooth on all of R^n.
   */
  @Differentiable
  public static double maskedNetwork(
      double[] w,
      @NoDerivative double[][] xs,
      @NoDerivative double[] ys,
      int hidden,
      boolean[] active,
      int[] limit) {
    int d = xs[0].length;
    int b1 = hidden * d;
    int c = b1 + hidden;
    int b2 = c + hidden;
    double loss = 0;
    for (int s = 0; s < xs.length; s++) {
      double pred = w[b2];
      for (int j = 0; j < hidden; j++) {
        double a = w[b1 + j];
        if (active[j]) {
          for (int i = 0; i < d; i++) {
            if (i >= limit[j]) {
              break;
            }
            a += w[j * d + i] * xs[s][i];
          }
        }
        pred += w[c + j] * Math.tanh(a);
      }
      double r = pred - ys[s];
      loss += r * r;
    }
    return Math.sqrt(loss + 1);
  }

  /**
   * Per hidden unit: {@code t = a²} of the pre-activation's first value (whose adjoint reads the value the inner loop
   * then overwrites), the dot product (taped) and a product over the inputs (its reverse needs each iteration's
   * partial product, so it is recomputed). The hidden loop is the method's last loop but not fused: {@code q} is
   * scaled. Smooth on all of R^n.
   */
  @Differentiable
  public static double mixedInnerLoops(double[] w, @NoDerivative double[][] xs, int hidden) {
    int d = xs[0].length;
    double q = 0;
    for (int s = 0; s < xs.length; s++) {
      for (int j = 0; j < hidden; j++) {
        double a = w[j];
        double t = a * a;
        for (int i = 0; i < d; i++) {
          a += w[hidden + j * d + i] * xs[s][i];
        }
        double p = 1;
        for (int i = 0; i < d; i++) {
          p *= 1 + 0.1 * w[hidden + j * d + i] * xs[s][i];
        }
        q = 0.9 * q + t * Math.sin(a) + p;
      }
    }
    return q;
  }

  /**
   * A hidden-unit loop that is recomputed, not taped, inside the sample loop's reverse iterations (it carries the
   * product {@code p}, whose reverse needs each iteration's value), with a saved call: its forward run there must
   * still compute the call's argument {@code a}, which nothing else of the reverse reads. The sample loop is not fused
   * (the regulariser follows). Smooth on all of R^n.
   */
  @Differentiable
  public static double productAndTanh(double[] w, @NoDerivative double[][] xs, int hidden) {
    int d = xs[0].length;
    double total = 0;
    for (int s = 0; s < xs.length; s++) {
      double q = 0;
      double p = 1;
      for (int j = 0; j < hidden; j++) {
        double a = w[j] * xs[s][j % d] + w[hidden + j];
        q += w[2 * hidden + j] * Math.tanh(a);
        p *= 1 + 0.1 * w[j];
      }
      total += q + p * p;
    }
    double reg = 0;
    for (int k = 0; k < w.length; k++) {
      reg += w[k] * w[k];
    }
    return total + 1e-2 * reg;
  }

  /**
   * A row offset computed by an integer loop (no derivatives, taped for its result) before the dot product over that
   * row, inside a loop that writes array elements (undone statement by statement, not recomputed). Smooth on R^n.
   */
  @Differentiable
  public static double offsetRows(double[] w, @NoDerivative double[][] xs, int hidden) {
    int d = xs[0].length;
    double[] h = new double[xs.length];
    for (int s = 0; s < xs.length; s++) {
      double pred = 0;
      for (int j = 0; j < hidden; j++) {
        int row = 0;
        for (int k = 0; k < j; k++) {
          row += d;
        }
        double a = w[hidden * d + j];
        for (int i = 0; i < d; i++) {
          a += w[row + i] * xs[s][i];
        }
        pred += Math.exp(-a * a);
      }
      h[s] = pred;
    }
    double loss = 0;
    for (int s = 0; s < h.length; s++) {
      loss += h[s] * h[s] * (s + 1);
    }
    return loss;
  }

  /**
   * A recurrence as the method's last loop ({@code h = tanh(w·x[s] + u h + b) + 0.1 exp(-z²)}): not fused with its
   * reverse, since each iteration's adjoint needs the next one's, so it is reversed iteration by iteration, reads its
   * calls back from tapes and the dot product, a loop nested in it, from another. Smooth on R^n.
   */
  @Differentiable
  public static double recurrence(double[] w, @NoDerivative double[][] xs) {
    int d = xs[0].length;
    double h = 0;
    for (int s = 0; s < xs.length; s++) {
      double z = w[d] * h + w[d + 1];
      for (int i = 0; i < d; i++) {
        z += w[i] * xs[s][i];
      }
      h = Math.tanh(z) + 0.1 * Math.exp(-z * z);
    }
    return h * h + Math.sin(h);
  }

  /**
   * A product of calls as the last loop: not fused (each factor's adjoint needs the others), its calls read back.
   * Every factor lies in [0.5, 2.5]: smooth on R^n.
   */
  @Differentiable
  public static double productOfCalls(double[] w) {
    double p = 1;
    for (int i = 0; i < w.length; i++) {
      p *= 1.5 + Math.tanh(w[i]) * Math.cos(w[i]);
    }
    return p;
  }
}
