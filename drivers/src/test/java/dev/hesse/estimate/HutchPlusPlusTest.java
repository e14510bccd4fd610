package dev.hesse.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hesse.Objective;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HutchPlusPlusTest {

  /** n = 200, eigenvalues 1000, 500, 300, 200, 100 and 195 ones: a few dominant directions. tr = 2295. */
  private static double[] dominantSpectrum() {
    double[] lambda = new double[200];
    java.util.Arrays.fill(lambda, 1);
    lambda[0] = 1000;
    lambda[1] = 500;
    lambda[2] = 300;
    lambda[3] = 200;
    lambda[4] = 100;
    return lambda;
  }

  @Test
  void beatsHutchinsonAtTheSameBudgetWhenAFewEigenvaluesDominate() {
    Objective f = Fixtures.quadratic(Fixtures.withSpectrum(dominantSpectrum(), 11));
    double[] x = new double[200];
    double exact = 2295;
    int runs = 30;
    int budget = 60;
    double hutchinson = 0;
    double hutchPlusPlus = 0;
    double hutchPlusPlusMean = 0;
    for (int seed = 0; seed < runs; seed++) {
      Sampling sampling = Sampling.of(budget, seed);
      TraceEstimate plain = Hutchinson.trace(f, x, sampling);
      TraceEstimate plus = HutchPlusPlus.trace(f, x, sampling);
      assertEquals(budget, plain.hvps());
      assertEquals(budget, plus.hvps());
      assertEquals(TraceEstimate.Method.HUTCH_PLUS_PLUS, plus.method());
      hutchinson += (plain.trace() - exact) * (plain.trace() - exact) / runs;
      hutchPlusPlus += (plus.trace() - exact) * (plus.trace() - exact) / runs;
      hutchPlusPlusMean += plus.trace() / runs;
      // Hutch++'s own error bar covers its error (4 standard errors of the residual term).
      assertEquals(exact, plus.trace(), 4 * plus.standardError());
    }
    double rmsPlain = Math.sqrt(hutchinson);
    double rmsPlus = Math.sqrt(hutchPlusPlus);
    // Theory: Hutchinson's sd is √(2 Σ_{i≠j} A_ij² / 60) ≈ 210. Hutch++ captures the 5 dominant directions exactly
    // with its 20-column sketch, leaving ≈ tr(PIP) estimated from 20 probes: sd ≈ 1.4. A 20× margin is conservative.
    assertTrue(rmsPlus * 20 < rmsPlain, "Hutch++ rms " + rmsPlus + " vs Hutchinson rms " + rmsPlain);
    assertTrue(rmsPlain > 100 && rmsPlain < 400, "Hutchinson rms " + rmsPlain);
    assertEquals(exact, hutchPlusPlusMean, 4 * rmsPlus / Math.sqrt(runs));
  }

  @Test
  void errorFallsFasterThanHutchinsonsWhenTheBudgetQuadruples() {
    // Eigenvalues 1/i^2 (PSD, decaying): Hutch++'s error bound falls as 1/m, Hutchinson's as 1/√m.
    double[] lambda = new double[150];
    double exact = 0;
    for (int i = 0; i < lambda.length; i++) {
      lambda[i] = 1.0 / ((i + 1.0) * (i + 1.0));
      exact += lambda[i];
    }
    Objective f = Fixtures.quadratic(Fixtures.withSpectrum(lambda, 5));
    double[] x = new double[lambda.length];
    double[] plainRms = new double[2];
    double[] plusRms = new double[2];
    int[] budgets = {24, 96};
    int runs = 40;
    for (int b = 0; b < 2; b++) {
      for (int seed = 0; seed < runs; seed++) {
        Sampling sampling = Sampling.of(budgets[b], 100 + seed);
        double e1 = Hutchinson.trace(f, x, sampling).trace() - exact;
        double e2 = HutchPlusPlus.trace(f, x, sampling).trace() - exact;
        plainRms[b] += e1 * e1 / runs;
        plusRms[b] += e2 * e2 / runs;
      }
    }
    double plainGain = Math.sqrt(plainRms[0] / plainRms[1]);
    double plusGain = Math.sqrt(plusRms[0] / plusRms[1]);
    // Quadrupling m halves Hutchinson's error (gain 2, ± ~25% from 40 runs); Hutch++ gains at least the 1/m factor 4.
    assertEquals(2, plainGain, 0.6, "Hutchinson gain");
    assertTrue(plusGain > 4, "Hutch++ gain " + plusGain);
  }

  @Test
  void exactWhenTheSketchSpansEverything() {
    double[][] a = Fixtures.withSpectrum(new double[] {3, -1, 0.5, 7, 2}, 1);
    TraceEstimate t = HutchPlusPlus.trace(Fixtures.quadratic(a), new double[5], Sampling.of(30, 0));
    assertEquals(11.5, t.trace(), 1e-12);
    assertEquals(0, t.standardError());
    assertEquals(10, t.hvps()); // 5 sketch columns + 5 projections; no residual probes needed
  }

  @Test
  void budgetsNotDivisibleByThreeGiveTheRemainderTheSpareProbes() {
    double[][] a = Fixtures.withSpectrum(dominantSpectrum(), 2);
    TraceEstimate t = HutchPlusPlus.trace(Fixtures.quadratic(a), new double[200], Sampling.of(20, 0));
    assertEquals(20, t.hvps()); // 6 sketch + 6 projections + 8 residual probes
    assertTrue(Double.isFinite(t.standardError()));
    TraceEstimate three = HutchPlusPlus.trace(Fixtures.quadratic(a), new double[200], Sampling.of(3, 0));
    assertEquals(3, three.hvps());
    assertTrue(Double.isNaN(three.standardError())); // one residual probe: no spread to measure
  }

  @Test
  void thinQIsOrthonormalAndSpansTheColumns() {
    Random random = new Random(4);
    int n = 40;
    double[][] columns = new double[6][n];
    for (int c = 0; c < 6; c++) {
      for (int i = 0; i < n; i++) {
        columns[c][i] = random.nextGaussian() * Math.pow(10, -2 * c); // ill-conditioned: scales 1 … 1e-10
      }
    }
    columns[5] = columns[0].clone(); // and rank-deficient
    double[][] q = ThinQ.of(columns, n);
    for (int a = 0; a < 6; a++) {
      for (int b = 0; b < 6; b++) {
        assertEquals(a == b ? 1 : 0, HutchPlusPlus.dot(q[a], q[b]), 1e-14, "QᵀQ[" + a + "][" + b + "]");
      }
    }
    // The first five columns (independent) lie in span(Q): their residual after projection is rounding.
    for (int c = 0; c < 5; c++) {
      double[] r = columns[c].clone();
      for (double[] qc : q) {
        double d = HutchPlusPlus.dot(qc, r);
        for (int i = 0; i < n; i++) {
          r[i] -= d * qc[i];
        }
      }
      double scale = Math.sqrt(HutchPlusPlus.dot(columns[c], columns[c]));
      assertTrue(Math.sqrt(HutchPlusPlus.dot(r, r)) < 1e-13 * scale, "column " + c);
    }
  }
}
