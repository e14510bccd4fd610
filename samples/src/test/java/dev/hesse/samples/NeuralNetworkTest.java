package dev.hesse.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hesse.Objective;
import dev.hesse.optimize.TrustRegionResult;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The neural-network sample: derivatives through the layout-based objective, and the fit itself. */
class NeuralNetworkTest {
  private final double[][] xs = NeuralNetwork.inputs(40);
  private final double[] ys = NeuralNetwork.targets(xs);

  @Test
  void gradientAndHvpMatchCentralDifferences() {
    Objective loss = NeuralNetwork.objective(1, 5, xs, ys);
    Random random = new Random(3);
    double[] theta = new double[16];
    for (int k = 0; k < theta.length; k++) {
      theta[k] = random.nextGaussian();
    }
    double[] grad = new double[16];
    loss.gradient(theta, grad);
    double[] dir = new double[16];
    for (int k = 0; k < dir.length; k++) {
      dir[k] = random.nextGaussian();
    }
    double[] hv = new double[16];
    loss.hvp(theta, dir, hv);
    // Central differences with h = 1e-5 have truncation error ~h² |f'''| and rounding ~1e-16/h: 1e-7 absolute
    // is far above both for this O(1) function.
    double h = 1e-5;
    for (int k = 0; k < theta.length; k++) {
      double[] plus = theta.clone();
      double[] minus = theta.clone();
      plus[k] += h;
      minus[k] -= h;
      assertEquals((loss.value(plus) - loss.value(minus)) / (2 * h), grad[k], 1e-7, "gradient[" + k + "]");
    }
    double[] plus = theta.clone();
    double[] minus = theta.clone();
    for (int k = 0; k < theta.length; k++) {
      plus[k] += h * dir[k];
      minus[k] -= h * dir[k];
    }
    double[] gPlus = new double[16];
    double[] gMinus = new double[16];
    loss.gradient(plus, gPlus);
    loss.gradient(minus, gMinus);
    for (int k = 0; k < theta.length; k++) {
      assertEquals((gPlus[k] - gMinus[k]) / (2 * h), hv[k], 1e-6, "hvp[" + k + "]");
    }
  }

  @Test
  void trustRegionFitsTheCurve() {
    TrustRegionResult result = NeuralNetwork.fit(8, xs, ys, 1);
    assertTrue(result.success(), result.toString());
    // The targets' mean square is about 0.5; eight tanh units fit sin(2x) on [-1.5, 1.5] almost exactly.
    assertTrue(result.value() < 1e-5, result.toString());
  }
}
