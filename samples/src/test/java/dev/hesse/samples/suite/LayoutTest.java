package dev.hesse.samples.suite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The generated layout classes name each differentiable parameter's part of the flat vectors. */
class LayoutTest {
  @Test
  void partsOfTheGradientByName() {
    double[] w = {0.3, -0.2, 0.8};
    double b = 0.1;
    double[] grad = new double[4];
    ModelsDerivatives.logisticDenseGradient(w, b, ModelCases.X, ModelCases.Y, 0.3, grad);

    ModelsDerivatives.LogisticDenseLayout layout = ModelsDerivatives.logisticDenseLayout(w);
    assertEquals(4, layout.size);
    assertEquals(0, layout.wOffset);
    assertEquals(3, layout.bOffset);
    assertArrayEquals(new double[] {grad[0], grad[1], grad[2]}, layout.w(grad), 0.0);
    assertEquals(grad[3], layout.b(grad), 0.0);
  }

  @Test
  void packBuildsADirectionInTheSameLayout() {
    double[] w = {0.3, -0.2, 0.8};
    ModelsDerivatives.LogisticDenseLayout layout = ModelsDerivatives.logisticDenseLayout(w);
    double[] v = layout.pack(new double[] {1, 2, 3}, 4);
    assertArrayEquals(new double[] {1, 2, 3, 4}, v, 0.0);
    // H·e_b through the layout: the b-part of the HVP along the packed unit direction.
    double[] hv = new double[layout.size];
    ModelsDerivatives.logisticDenseHvp(w, 0.1, ModelCases.X, ModelCases.Y, 0.3, layout.pack(new double[3], 1), hv);
    // ∂²/∂b² = Σ σ(z)(1 − σ(z)), by hand.
    double expected = 0;
    for (double[] row : ModelCases.X) {
      double z = 0.1 + w[0] * row[0] + w[1] * row[1] + w[2] * row[2];
      double s = 1 / (1 + Math.exp(-z));
      expected += s * (1 - s);
    }
    assertEquals(expected, layout.b(hv), 1e-14);
    assertThrows(IllegalArgumentException.class, () -> layout.pack(new double[2], 1));
  }
}
