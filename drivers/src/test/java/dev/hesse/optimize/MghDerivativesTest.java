package dev.hesse.optimize;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hesse.Objective;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Sanity check of the processor's output on the MGH problems: gradients against central differences of f, HVPs
 * against central differences of the gradient, near each start point.
 */
class MghDerivativesTest {

  @Test
  void generatedDerivativesMatchCentralDifferences() {
    SplittableRandom random = new SplittableRandom(11);
    StringBuilder failures = new StringBuilder();
    for (MghTest.Problem p : MghTest.problems()) {
      int n = p.x0().length;
      if (n > 100) {
        continue;
      }
      Objective f = p.objective();
      double[] x = p.x0().clone();
      double[] v = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] += 0.01 * (random.nextDouble() - 0.5) * Math.max(1, Math.abs(x[i]));
        v[i] = random.nextDouble() - 0.5;
      }
      double[] g = new double[n];
      f.gradient(x, g);
      double[] hv = new double[n];
      f.hvp(x, v, hv);
      double h = 1e-6 * Math.max(1, Vectors.norm(x));
      double[] plus = x.clone();
      double[] minus = x.clone();
      Vectors.axpy(h, v, plus);
      Vectors.axpy(-h, v, minus);
      double directional = (f.value(plus) - f.value(minus)) / (2 * h);
      double[] gPlus = new double[n];
      double[] gMinus = new double[n];
      f.gradient(plus, gPlus);
      f.gradient(minus, gMinus);
      double[] fdHv = new double[n];
      for (int i = 0; i < n; i++) {
        fdHv[i] = (gPlus[i] - gMinus[i]) / (2 * h);
      }
      double gv = Vectors.dot(g, v);
      // Tolerances: truncation error plus the rounding error of the differences, 1e3 · ε · |f| / h.
      double fRounding = 1e3 * Math.ulp(1.0) * Math.abs(f.value(x)) / h;
      double gRounding = 1e3 * Math.ulp(1.0) * Vectors.norm(g) / h;
      if (Math.abs(gv - directional) > 1e-5 * Math.max(1, Math.abs(gv)) + fRounding) {
        failures.append(p.key()).append(": ∇f·v = ").append(gv).append(" vs FD ").append(directional).append('\n');
      }
      double[] diff = fdHv.clone();
      Vectors.axpy(-1, hv, diff);
      if (Vectors.norm(diff) > 1e-5 * Math.max(1, Vectors.norm(hv)) + gRounding) {
        failures.append(p.key()).append(": |Hv − FD| = ").append(Vectors.norm(diff)).append(", |Hv| = ")
            .append(Vectors.norm(hv)).append('\n');
      }
    }
    assertTrue(failures.length() == 0, failures.toString());
  }
}
