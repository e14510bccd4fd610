package dev.hesse.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The shape of code the flow-sensitive dead-store pass ({@code simplify.DeadStores}) cleans up; the samples' suite
 * and the fuzzer check the numbers. (The network's saved {@code a} and the recording's count-down loops:
 * {@link TapedLoopsTest}.)
 */
class DeadStoresTest {
  private static String generated(String... lines) throws IOException {
    Compilation compilation =
        javac().withProcessors(new HesseProcessor()).compile(JavaFileObjects.forSourceLines("test.P", lines));
    assertThat(compilation).succeededWithoutWarnings();
    return compilation.generatedSourceFile("test.PDerivatives").orElseThrow().getCharContent(true).toString();
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      n++;
    }
    return n;
  }

  @Test
  void aValueSavedAndRestoredAtOnceIsNeither() throws IOException {
    String code =
        generated(
            "package test;",
            "import dev.hesse.Differentiable;",
            "public class P {",
            "  @Differentiable",
            "  static double product(double[] x) {",
            "    double p = 1;",
            "    for (int i = 0; i < x.length; i++) {",
            "      p *= 1 + Math.tanh(x[i]);",
            "    }",
            "    return p;",
            "  }",
            "}");
    String gradient = code.substring(code.indexOf("productGradient("), code.indexOf("productHvp("));
    // The forward sweep saves p before each product, the reverse iteration restores it: once each. The
    // recomputation of the iteration used to save p again and restore it on the next line.
    assertEquals(1, count(gradient, "savedDoubles.push(p);"), gradient);
    assertEquals(1, count(gradient, "p = savedDoubles.pop();"), gradient);
    String hvp = code.substring(code.indexOf("productHvp("), code.indexOf("productDirectional("));
    assertEquals(1, count(hvp, "savedDoubles.push(pDot);"), hvp);
    assertEquals(1, count(hvp, "pDot = savedDoubles.pop();"), hvp);
  }
}
