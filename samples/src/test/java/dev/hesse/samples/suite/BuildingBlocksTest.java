package dev.hesse.samples.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The public building blocks that callers chain through ({@code fPullback}, {@code fTangent},
 * {@code fPullbackTangent}), checked against the same function's gradient, directional derivative and HVP: with
 * adjoints at offsets inside larger arrays, accumulation onto what is there, and a seed and seed tangent.
 * Signature used: {@code middleLevel(double[] v, double a, @NoDerivative double shift)}.
 */
class BuildingBlocksTest {
  private static final double TOL = 1e-12;
  private final Random random = new Random(5);

  private double[] vec(int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = random.nextDouble() * 2 - 1;
    }
    return v;
  }

  private static void close(double expected, double actual, String what) {
    assertEquals(expected, actual, TOL * Math.max(1, Math.abs(expected)), what);
  }

  @Test
  void pullbackAddsSeedTimesGradientAtTheGivenOffsets() {
    double[] v = vec(4);
    double a = 0.7;
    double shift = 0.1;
    double[] grad = new double[5];
    double value = ModelsDerivatives.middleLevelGradient(v, a, shift, grad);

    double seed = -1.75;
    double[] vAdjoint = vec(9); // v's adjoint at offset 3, on top of what is there
    double[] aAdjoint = vec(2); // a's at offset 1
    double[] vBefore = vAdjoint.clone();
    double[] aBefore = aAdjoint.clone();
    double returned = ModelsDerivatives.middleLevelPullback(v, a, shift, seed, vAdjoint, 3, aAdjoint, 1);

    assertEquals(value, returned, 0.0);
    for (int i = 0; i < 9; i++) {
      double expected = vBefore[i] + (i >= 3 && i < 7 ? seed * grad[i - 3] : 0);
      close(expected, vAdjoint[i], "vAdjoint[" + i + "]");
    }
    assertEquals(aBefore[0], aAdjoint[0], 0.0);
    close(aBefore[1] + seed * grad[4], aAdjoint[1], "aAdjoint[1]");
  }

  @Test
  void tangentIsTheDirectionalDerivative() {
    double[] v = vec(4);
    double a = -0.4;
    double[] dir = vec(5);
    double expected = ModelsDerivatives.middleLevelDirectional(v, a, 0.2, dir);
    double[] vDot = new double[7];
    System.arraycopy(dir, 0, vDot, 2, 4);
    close(expected, ModelsDerivatives.middleLevelTangent(v, a, 0.2, vDot, 2, dir[4]), "tangent");
  }

  @Test
  void pullbackTangentIsSeedDotTimesGradientPlusSeedTimesHvp() {
    double[] v = vec(4);
    double a = 0.9;
    double shift = 0.3;
    double[] dir = vec(5);
    double[] grad = new double[5];
    ModelsDerivatives.middleLevelGradient(v, a, shift, grad);
    double[] hv = new double[5];
    ModelsDerivatives.middleLevelHvp(v, a, shift, dir, hv);

    double seed = 1.3;
    double seedDot = -0.6;
    double[] vDot = new double[6];
    System.arraycopy(dir, 0, vDot, 1, 4);
    double[] vAdjointDot = vec(8);
    double[] aAdjoint = vec(3);
    double[] aAdjointDot = vec(3);
    double[] vBefore = vAdjointDot.clone();
    double[] aBefore = aAdjoint.clone();
    double[] aDotBefore = aAdjointDot.clone();
    ModelsDerivatives.middleLevelPullbackTangent(
        v, a, shift, vDot, 1, dir[4], seed, seedDot, vAdjointDot, 4, aAdjoint, aAdjointDot, 2);

    for (int i = 0; i < 8; i++) {
      double expected = vBefore[i] + (i >= 4 ? seedDot * grad[i - 4] + seed * hv[i - 4] : 0);
      close(expected, vAdjointDot[i], "vAdjointDot[" + i + "]");
    }
    close(aBefore[2] + seed * grad[4], aAdjoint[2], "aAdjoint[2]");
    close(aDotBefore[2] + seedDot * grad[4] + seed * hv[4], aAdjointDot[2], "aAdjointDot[2]");
    assertEquals(aBefore[0], aAdjoint[0], 0.0);
    assertEquals(aDotBefore[1], aAdjointDot[1], 0.0);
  }

  @Test
  void compositionMatchesTheInlinedFunction() {
    // logisticViaLibrary calls dot and softplus from the library jar; logisticDense writes them out.
    double[] w = vec(3);
    double b = 0.25;
    double[] viaCalls = new double[4];
    double[] inline = new double[4];
    ModelsDerivatives.logisticViaLibraryGradient(w, b, ModelCases.X, ModelCases.Y, 0.3, viaCalls);
    ModelsDerivatives.logisticDenseGradient(w, b, ModelCases.X, ModelCases.Y, 0.3, inline);
    double[] dir = vec(4);
    double[] hvCalls = new double[4];
    double[] hvInline = new double[4];
    ModelsDerivatives.logisticViaLibraryHvp(w, b, ModelCases.X, ModelCases.Y, 0.3, dir, hvCalls);
    ModelsDerivatives.logisticDenseHvp(w, b, ModelCases.X, ModelCases.Y, 0.3, dir, hvInline);
    for (int i = 0; i < 4; i++) {
      close(inline[i], viaCalls[i], "gradient[" + i + "]");
      close(hvInline[i], hvCalls[i], "hvp[" + i + "]");
    }
  }

  @Test
  void customErfDerivativeMatchesTheClosedForm() {
    // probitFit's gradient in a: Σ 2 (Φ − p) φ(z) t with φ the standard normal density, z = a t + b.
    double a = 0.8;
    double b = -0.3;
    double[] grad = new double[2];
    ModelsDerivatives.probitFitGradient(a, b, ModelCases.T, ModelCases.PROBABILITIES, grad);
    double ga = 0;
    double gb = 0;
    for (int i = 0; i < ModelCases.T.length; i++) {
      double z = a * ModelCases.T[i] + b;
      double phi = 0.5 * (1 + org.hipparchus.special.Erf.erf(z / Math.sqrt(2)));
      double density = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
      ga += 2 * (phi - ModelCases.PROBABILITIES[i]) * density * ModelCases.T[i];
      gb += 2 * (phi - ModelCases.PROBABILITIES[i]) * density;
    }
    close(ga, grad[0], "d/da");
    close(gb, grad[1], "d/db");
  }
}
