package dev.hesse.samples.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link TapedLoops#network}, whose reverse sweep reads its nested loops' results back from tapes, against textbook
 * backpropagation written out here (not generated): the gradient, the HVP against differences of that gradient, and
 * the building blocks that callers chain through ({@code networkPullback}, {@code networkPullbackTangent}), which are
 * reverse code too. The suite ({@link Cases}) checks all of {@link TapedLoops} against finite differences besides.
 */
class TapedLoopsTest {
  private static final double[][] XS = Cases.SAMPLES;
  private static final double[] YS = Cases.SAMPLE_TARGETS;
  private static final int HIDDEN = 3;
  private static final int N = HIDDEN * 3 + HIDDEN + HIDDEN + 1;

  /**
   * Both sides sum the same O(1) terms (about 20 per entry) in a different order: their difference is a few ulps of
   * the largest term, far below 1e-12 relative.
   */
  private static final double EXACT = 1e-12;

  private final Random random = new Random(17);

  private double[] vec(int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = random.nextDouble() * 2 - 1;
    }
    return v;
  }

  private static void close(double expected, double actual, double tolerance, String what) {
    assertEquals(expected, actual, tolerance * Math.max(1, Math.abs(expected)), what);
  }

  /** Backpropagation for {@link TapedLoops#network}, activations kept per sample; returns the value. */
  static double backprop(double[] w, double[] grad) {
    int d = XS[0].length;
    int b1 = HIDDEN * d;
    int c = b1 + HIDDEN;
    int b2 = c + HIDDEN;
    java.util.Arrays.fill(grad, 0.0);
    double[] t = new double[HIDDEN];
    double loss = 0;
    for (int s = 0; s < XS.length; s++) {
      double pred = w[b2];
      for (int j = 0; j < HIDDEN; j++) {
        double a = w[b1 + j];
        for (int i = 0; i < d; i++) {
          a += w[j * d + i] * XS[s][i];
        }
        t[j] = Math.tanh(a);
        pred += w[c + j] * t[j];
      }
      double r = pred - YS[s];
      loss += 0.5 * r * r;
      double g = r / XS.length;
      grad[b2] += g;
      for (int j = 0; j < HIDDEN; j++) {
        grad[c + j] += g * t[j];
        double da = g * w[c + j] * (1 - t[j] * t[j]);
        grad[b1 + j] += da;
        for (int i = 0; i < d; i++) {
          grad[j * d + i] += da * XS[s][i];
        }
      }
    }
    double reg = 0;
    for (int k = 0; k < w.length; k++) {
      reg += w[k] * w[k];
      grad[k] += 2e-3 * w[k];
    }
    return loss / XS.length + 1e-3 * reg;
  }

  @Test
  void gradientIsBackpropagation() {
    for (int trial = 0; trial < 20; trial++) {
      double[] w = vec(N);
      double[] expected = new double[N];
      double value = backprop(w, expected);
      double[] grad = new double[N];
      double returned = TapedLoopsDerivatives.networkGradient(w, XS, YS, HIDDEN, grad);
      assertEquals(TapedLoops.network(w, XS, YS, HIDDEN), returned, 0.0, "value");
      close(value, returned, EXACT, "value against backpropagation");
      for (int k = 0; k < N; k++) {
        close(expected[k], grad[k], EXACT, "gradient[" + k + "] at trial " + trial);
      }
    }
  }

  @Test
  void hvpIsTheDerivativeOfBackpropagation() {
    // Central differences of the hand-written gradient along dir, h = 1e-5: truncation h² |∇³f| / 6 ≈ 1e-10 · O(10),
    // rounding ≈ 1e-16 · |∇f| / h ≈ 1e-11; 1e-7 relative to max(1, |Hv|) is far above both, and far below any
    // wrong term (a missing or doubled contribution of one sample changes entries by ~1e-2).
    double h = 1e-5;
    for (int trial = 0; trial < 20; trial++) {
      double[] w = vec(N);
      double[] dir = vec(N);
      double[] plus = w.clone();
      double[] minus = w.clone();
      for (int k = 0; k < N; k++) {
        plus[k] += h * dir[k];
        minus[k] -= h * dir[k];
      }
      double[] gPlus = new double[N];
      double[] gMinus = new double[N];
      backprop(plus, gPlus);
      backprop(minus, gMinus);
      double[] hv = new double[N];
      TapedLoopsDerivatives.networkHvp(w, XS, YS, HIDDEN, dir, hv);
      double[] replayed = new double[N];
      TapedLoopsDerivatives.networkHessianAt(w, XS, YS, HIDDEN).apply(dir, replayed);
      for (int k = 0; k < N; k++) {
        close((gPlus[k] - gMinus[k]) / (2 * h), hv[k], 1e-7, "hvp[" + k + "] at trial " + trial);
        assertEquals(hv[k], replayed[k], 0.0, "hessianAt(w).apply(dir)[" + k + "]");
      }
    }
  }

  @Test
  void buildingBlocksAreGradientAndHvp() {
    double[] w = vec(N);
    double[] dir = vec(N);
    double[] grad = new double[N];
    backprop(w, grad);
    double[] hv = new double[N];
    TapedLoopsDerivatives.networkHvp(w, XS, YS, HIDDEN, dir, hv);

    double seed = -1.5;
    double[] adjoint = vec(N + 3); // w's adjoint from offset 2, on top of what is there
    double[] before = adjoint.clone();
    TapedLoopsDerivatives.networkPullback(w, XS, YS, HIDDEN, seed, adjoint, 2);
    for (int i = 0; i < adjoint.length; i++) {
      double expected = before[i] + (i >= 2 && i < N + 2 ? seed * grad[i - 2] : 0);
      close(expected, adjoint[i], EXACT, "wAdjoint[" + i + "]");
    }

    double seedDot = 0.75;
    double[] wDot = new double[N + 1];
    System.arraycopy(dir, 0, wDot, 1, N);
    double[] adjointDot = vec(N + 1);
    double[] dotBefore = adjointDot.clone();
    TapedLoopsDerivatives.networkPullbackTangent(w, XS, YS, HIDDEN, wDot, 1, seed, seedDot, adjointDot, 1);
    for (int i = 0; i < adjointDot.length; i++) {
      double expected = dotBefore[i] + (i >= 1 ? seedDot * grad[i - 1] + seed * hv[i - 1] : 0);
      close(expected, adjointDot[i], EXACT, "wAdjointDot[" + i + "]");
    }
  }
}
