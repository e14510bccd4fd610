package dev.hesse.processor;

import static dev.hesse.processor.TapedLoopsTest.count;
import static dev.hesse.processor.TapedLoopsTest.generated;
import static dev.hesse.processor.TapedLoopsTest.method;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The shape of code the flow-sensitive dead-store pass ({@code simplify.DeadStores}) cleans up; the samples' suite
 * and the fuzzer check the numbers. (The network's saved {@code a} and the recording's count-down loops:
 * {@link TapedLoopsTest}.)
 */
class DeadStoresTest {
  @Test
  void aValueSavedAndRestoredAtOnceIsNeither() throws IOException {
    String code =
        generated(
            "  @Differentiable",
            "  static double product(double[] x) {",
            "    double p = 1;",
            "    for (int i = 0; i < x.length; i++) {",
            "      p *= 1 + Math.tanh(x[i]);",
            "    }",
            "    return p;",
            "  }");
    String gradient = method(code, "productGradient");
    // The forward sweep saves p before each product, the reverse iteration restores it: once each. The
    // recomputation of the iteration used to save p again and restore it on the next line.
    assertEquals(1, count(gradient, "savedDoubles.push(p);"), gradient);
    assertEquals(1, count(gradient, "p = savedDoubles.pop();"), gradient);
    String hvp = method(code, "productHvp");
    assertEquals(1, count(hvp, "savedDoubles.push(pDot);"), hvp);
    assertEquals(1, count(hvp, "pDot = savedDoubles.pop();"), hvp);
  }
}
