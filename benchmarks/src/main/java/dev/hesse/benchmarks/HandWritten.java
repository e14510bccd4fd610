package dev.hesse.benchmarks;

/**
 * Derivatives written by hand, the bound the generated code aims at. Rosenbrock's are SciPy's {@code rosen_der} and
 * {@code rosen_hess_prod} formulas, transcribed; the network's are textbook backpropagation and Pearlmutter's R-op.
 */
public final class HandWritten {
  private HandWritten() {}

  /**
   * SciPy's {@code rosen_der}, plus the value (the generated gradient returns it too, as {@code Objective.gradient}
   * must), in one pass: der[i] = 200 (x[i] − x[i−1]²) − 400 (x[i+1] − x[i]²) x[i] − 2 (1 − x[i]) inside, with the
   * two ends; x[i] − x[i−1]² is the previous term's curve, so each curve is computed once. Needs n ≥ 2.
   */
  public static double rosenbrockGradient(double[] x, double[] grad) {
    int n = x.length;
    double curve = x[1] - x[0] * x[0];
    double offset = 1 - x[0];
    double f = 100 * curve * curve + offset * offset;
    grad[0] = -400 * x[0] * curve - 2 * offset;
    double previous = curve;
    for (int i = 1; i < n - 1; i++) {
      double xi = x[i];
      curve = x[i + 1] - xi * xi;
      offset = 1 - xi;
      f += 100 * curve * curve + offset * offset;
      grad[i] = 200 * previous - 400 * curve * xi - 2 * offset;
      previous = curve;
    }
    grad[n - 1] = 200 * previous;
    return f;
  }

  /**
   * SciPy's {@code rosen_hess_prod}: Hp[i] = −400 x[i−1] p[i−1] + (202 + 1200 x[i]² − 400 x[i+1]) p[i] − 400 x[i] p[i+1]
   * inside, with the two ends. No value: {@code Objective.hvp} returns none.
   */
  public static void rosenbrockHvp(double[] x, double[] p, double[] hp) {
    int n = x.length;
    hp[0] = (1200 * x[0] * x[0] - 400 * x[1] + 2) * p[0] - 400 * x[0] * p[1];
    for (int i = 1; i < n - 1; i++) {
      hp[i] = -400 * x[i - 1] * p[i - 1] + (202 + 1200 * x[i] * x[i] - 400 * x[i + 1]) * p[i] - 400 * x[i] * p[i + 1];
    }
    hp[n - 1] = -400 * x[n - 2] * p[n - 2] + 200 * p[n - 1];
  }

  /**
   * Backpropagation for {@link Functions#networkLoss}; {@code t} is a work array of {@code hidden} entries (the hidden
   * activations of one sample), allocated once by the caller.
   */
  public static double networkGradient(
      double[] w, double[][] xs, double[] ys, int hidden, double[] grad, double[] t) {
    int d = xs[0].length;
    int b1 = hidden * d;
    int c = b1 + hidden;
    int b2 = c + hidden;
    int m = xs.length;
    java.util.Arrays.fill(grad, 0.0);
    double loss = 0;
    for (int s = 0; s < m; s++) {
      double[] x = xs[s];
      double pred = w[b2];
      for (int j = 0; j < hidden; j++) {
        double a = w[b1 + j];
        int row = j * d;
        for (int i = 0; i < d; i++) {
          a += w[row + i] * x[i];
        }
        t[j] = Math.tanh(a);
        pred += w[c + j] * t[j];
      }
      double r = pred - ys[s];
      loss += 0.5 * r * r;
      double g = r / m;
      grad[b2] += g;
      for (int j = 0; j < hidden; j++) {
        grad[c + j] += g * t[j];
        double da = g * w[c + j] * (1 - t[j] * t[j]);
        grad[b1 + j] += da;
        int row = j * d;
        for (int i = 0; i < d; i++) {
          grad[row + i] += da * x[i];
        }
      }
    }
    return loss / m;
  }

  /**
   * Pearlmutter's R-op (forward over reverse by hand) for {@link Functions#networkLoss}; {@code t} and {@code rt} are
   * work arrays of {@code hidden} entries.
   */
  public static void networkHvp(
      double[] w, double[][] xs, double[] ys, int hidden, double[] v, double[] hv, double[] t, double[] rt) {
    int d = xs[0].length;
    int b1 = hidden * d;
    int c = b1 + hidden;
    int b2 = c + hidden;
    int m = xs.length;
    java.util.Arrays.fill(hv, 0.0);
    for (int s = 0; s < m; s++) {
      double[] x = xs[s];
      double pred = w[b2];
      double rPred = v[b2];
      for (int j = 0; j < hidden; j++) {
        double a = w[b1 + j];
        double ra = v[b1 + j];
        int row = j * d;
        for (int i = 0; i < d; i++) {
          a += w[row + i] * x[i];
          ra += v[row + i] * x[i];
        }
        double tj = Math.tanh(a);
        t[j] = tj;
        rt[j] = (1 - tj * tj) * ra;
        pred += w[c + j] * tj;
        rPred += v[c + j] * tj + w[c + j] * rt[j];
      }
      double g = (pred - ys[s]) / m;
      double rg = rPred / m;
      hv[b2] += rg;
      for (int j = 0; j < hidden; j++) {
        double tj = t[j];
        double sech2 = 1 - tj * tj;
        hv[c + j] += rg * tj + g * rt[j];
        double dt = g * w[c + j];
        double rdt = rg * w[c + j] + g * v[c + j];
        double rda = rdt * sech2 - dt * 2 * tj * rt[j];
        hv[b1 + j] += rda;
        int row = j * d;
        for (int i = 0; i < d; i++) {
          hv[row + i] += rda * x[i];
        }
      }
    }
  }

  /**
   * Backpropagation through time for {@link Functions#recurrentLoss}: the forward pass keeps every h_t in {@code hs}
   * (a work array of {@code xs.length + 1}, allocated once by the caller), the backward pass reads them, one tanh per
   * step.
   */
  public static double recurrentGradient(double[] w, double[] xs, double[] ys, double[] grad, double[] hs) {
    int steps = xs.length;
    double loss = 0;
    hs[0] = 0;
    for (int t = 0; t < steps; t++) {
      double h = Math.tanh(w[0] * hs[t] + w[1] * xs[t] + w[2]);
      hs[t + 1] = h;
      double r = h - ys[t];
      loss += r * r;
    }
    double g0 = 0;
    double g1 = 0;
    double g2 = 0;
    double hBar = 0;
    for (int t = steps - 1; t >= 0; t--) {
      double h = hs[t + 1];
      hBar += 2 * (h - ys[t]);
      double zBar = hBar * (1 - h * h);
      g0 += zBar * hs[t];
      g1 += zBar * xs[t];
      g2 += zBar;
      hBar = zBar * w[0];
    }
    grad[0] = g0;
    grad[1] = g1;
    grad[2] = g2;
    return loss;
  }
}
