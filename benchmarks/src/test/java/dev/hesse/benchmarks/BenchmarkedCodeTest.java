package dev.hesse.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hesse.Objective;
import org.junit.jupiter.api.Test;

/** Every benchmarked method computes the same derivative, so the timings compare like with like. */
class BenchmarkedCodeTest {

  private static void assertClose(double[] expected, double[] actual, double tolerance) {
    double scale = 0;
    double worst = 0;
    for (int i = 0; i < expected.length; i++) {
      scale = Math.max(scale, Math.abs(expected[i]));
      worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
    }
    assertTrue(worst <= tolerance * Math.max(1, scale), "max error " + worst + " at scale " + scale);
  }

  @Test
  void rosenbrockDerivativesAgree() {
    for (int n : new int[] {2, 3, 10, 200}) {
      double[] x = Data.uniform(1, n, -1.2, 1.2);
      double[] v = Data.uniform(2, n, -1, 1);
      double[] hesse = new double[n];
      double[] other = new double[n];
      double f = FunctionsDerivatives.rosenbrockGradient(x, hesse);
      assertEquals(Functions.rosenbrock(x), f, 1e-12 * Math.abs(f));
      assertEquals(f, HandWritten.rosenbrockGradient(x, other), 1e-12 * Math.abs(f));
      assertClose(hesse, other, 1e-13);
      Objective hand = Data.handRosenbrock();
      Alternatives.fdGradient(hand, x, other);
      assertClose(hesse, other, 1e-7);
      // Forward-mode AD agrees to rounding.
      new Alternatives.DsGradient(n).gradient(Alternatives.ROSENBROCK, x, other);
      assertClose(hesse, other, 1e-13);
      Alternatives.gradientGradient(Alternatives.ROSENBROCK, x, other);
      assertClose(hesse, other, 1e-13);

      FunctionsDerivatives.rosenbrockHvp(x, v, hesse);
      HandWritten.rosenbrockHvp(x, v, other);
      assertClose(hesse, other, 1e-13);
      FunctionsDerivatives.rosenbrockHessianAt(x).apply(v, other);
      assertClose(hesse, other, 1e-13);
      Alternatives.fdHvp(hand, x, v, other, new double[n], new double[n]);
      assertClose(hesse, other, 1e-7);
      Alternatives.fieldGradientHvp(Alternatives.ROSENBROCK, x, v, other);
      assertClose(hesse, other, 1e-13);
      if (n <= 10) {
        new Alternatives.DsHessian(n).hvp(Alternatives.ROSENBROCK, x, v, other);
        assertClose(hesse, other, 1e-13);
      }
    }
  }

  @Test
  void networkDerivativesAgree() {
    double[][] xs = Data.netInputs();
    double[] ys = Data.netTargets(xs);
    int hidden = Data.NET_HIDDEN;
    int n = Data.NET_WEIGHTS;
    double[] w = Data.uniform(3, n, -0.5, 0.5);
    double[] v = Data.uniform(4, n, -1, 1);
    double[] hesse = new double[n];
    double[] other = new double[n];
    Objective hand = Data.handNetwork(xs, ys, hidden);
    Alternatives.FieldFunction field = Data.network(xs, ys, hidden);

    double f = FunctionsDerivatives.networkLossGradient(w, xs, ys, hidden, hesse);
    assertEquals(Functions.networkLoss(w, xs, ys, hidden), f, 1e-12 * Math.abs(f));
    assertEquals(f, hand.gradient(w, other), 1e-12 * Math.abs(f));
    assertClose(hesse, other, 1e-12);
    Alternatives.fdGradient(hand, w, other);
    assertClose(hesse, other, 1e-7);
    new Alternatives.DsGradient(n).gradient(field, w, other);
    assertClose(hesse, other, 1e-12);
    Alternatives.gradientGradient(field, w, other);
    assertClose(hesse, other, 1e-12);

    FunctionsDerivatives.networkLossHvp(w, xs, ys, hidden, v, hesse);
    hand.hvp(w, v, other);
    assertClose(hesse, other, 1e-12);
    FunctionsDerivatives.networkLossHessianAt(w, xs, ys, hidden).apply(v, other);
    assertClose(hesse, other, 1e-12);
    Alternatives.fdHvp(hand, w, v, other, new double[n], new double[n]);
    assertClose(hesse, other, 1e-6);
    Alternatives.fieldGradientHvp(field, w, v, other);
    assertClose(hesse, other, 1e-12);
  }

  @Test
  void recurrenceDerivativesAgree() {
    double[] w = {0.8, 0.5, -0.1};
    double[] xs = Data.uniform(5, 200, -1, 1);
    double[] ys = Data.uniform(6, 200, -0.5, 0.5);
    double[] hesse = new double[3];
    double[] hand = new double[3];
    double f = FunctionsDerivatives.recurrentLossGradient(w, xs, ys, hesse);
    assertEquals(Functions.recurrentLoss(w, xs, ys), f, 0.0);
    assertEquals(f, HandWritten.recurrentGradient(w, xs, ys, hand, new double[xs.length + 1]), 1e-12 * Math.abs(f));
    assertClose(hesse, hand, 1e-12);
    // Central differences of the value, step 1e-5: truncation ~1e-10 relative to the third derivative's scale.
    double[] fd = new double[3];
    for (int i = 0; i < 3; i++) {
      double[] plus = w.clone();
      double[] minus = w.clone();
      plus[i] += 1e-5;
      minus[i] -= 1e-5;
      fd[i] = (Functions.recurrentLoss(plus, xs, ys) - Functions.recurrentLoss(minus, xs, ys)) / 2e-5;
    }
    assertClose(hesse, fd, 1e-6);
  }
}
