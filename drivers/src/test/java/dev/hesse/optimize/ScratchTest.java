package dev.hesse.optimize;

import org.junit.jupiter.api.Test;

class ScratchTest {
  @Test
  void scratch() {
    for (var p : MghTest.problems()) {
      if (!p.key().equals("meyer") && !p.key().equals("watson_n12")) continue;
      for (int variant = 0; variant < 4; variant++) {
        var b = TrustRegionOptions.builder().gradientTolerance(variant == 1 ? 1e-13 : 1e-10).maxIterations(20000);
        if (variant == 2) b.preconditioner(DiagonalEstimator.exact());
        if (variant == 3) b.preconditioner(DiagonalEstimator.exact()).gradientTolerance(1e-13);
        var r = TrustRegionNewton.minimize(p.objective(), p.x0(), b.build());
        System.out.println(p.key() + " v" + variant + " " + r + " x=" + java.util.Arrays.toString(r.x()));
      }
    }
  }
}
