package dev.hesse.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The shape of the code for a loop nested in a loop that is reversed iteration by iteration: the reverse iteration
 * reads the inner loop's results and the values of the calls its adjoints need from tapes that the forward sweep
 * filled, and never re-runs the loop nor the calls; a function without nested loops gets no tape. The samples' suite (TapedLoops) checks such derivatives numerically.
 */
class TapedLoopsTest {
  /** The generated source for methods of a class {@code test.Net} (shared with {@link DeadStoresTest}). */
  static String generated(String... body) throws IOException {
    String[] lines = new String[body.length + 4];
    lines[0] = "package test;";
    lines[1] = "import dev.hesse.Differentiable; import dev.hesse.NoDerivative;";
    lines[2] = "public class Net {";
    System.arraycopy(body, 0, lines, 3, body.length);
    lines[lines.length - 1] = "}";
    JavaFileObject source = JavaFileObjects.forSourceLines("test.Net", lines);
    Compilation compilation = javac().withProcessors(new HesseProcessor()).compile(source);
    assertThat(compilation).succeededWithoutWarnings();
    return compilation.generatedSourceFile("test.NetDerivatives").orElseThrow().getCharContent(true).toString();
  }

  /** The text of one generated method, up to its closing brace at class level. */
  static String method(String code, String name) {
    int at = code.indexOf(" " + name + "(");
    return code.substring(code.lastIndexOf('\n', at) + 1, code.indexOf("\n  }\n", at));
  }

  static int count(String text, String part) {
    int n = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      n++;
    }
    return n;
  }

  @Test
  void reverseIterationReadsTheInnerLoopsResultsInsteadOfRerunningIt() throws IOException {
    String code =
        generated(
            "  @Differentiable(composable = true)",
            "  static double f(double[] w, @NoDerivative double[][] xs, int hidden) {",
            "    int d = xs[0].length;",
            "    double loss = 0;",
            "    for (int s = 0; s < xs.length; s++) {",
            "      double pred = 0;",
            "      for (int j = 0; j < hidden; j++) {",
            "        double a = w[hidden * d + j];",
            "        for (int i = 0; i < d; i++) {",
            "          a += w[j * d + i] * xs[s][i];",
            "        }",
            "        pred += Math.tanh(a);",
            "      }",
            "      loss += pred * pred;",
            "    }",
            "    return loss;",
            "  }");
    String dotProduct = "a += w[j * d + i] * xs[s][i];";
    for (String name : new String[] {"fGradient", "fHvp", "fPullback", "fPullbackTangent"}) {
      String m = method(code, name);
      int runs = count(m, dotProduct) - count(m, "adjoint of: " + dotProduct);
      assertEquals(1, runs, name + " runs the dot product once, forward:\n" + m);
      assertEquals(1, count(m, "i = iTape.pop();"), name + ":\n" + m);
      assertEquals(1, count(m, "iTrips.pop();"), name + ":\n" + m);
      // tanh(a) is evaluated by the forward sweep only; the adjoint reads it back.
      assertEquals(1, count(m, "Math.tanh(a)") - count(m, "adjoint of: pred += Math.tanh(a)"), name + ":\n" + m);
      assertEquals(1, count(m, "tanhOfATape.push(tanhOfA);"), name + ":\n" + m);
      assertEquals(1, count(m, "tanhOfA = tanhOfATape.pop();"), name + ":\n" + m);
      // a itself is not saved: once tanh(a) is read back, nothing reads a after the loop (a loop re-run in an
      // enclosing loop's recompute would; TapedLoops.productAndTanh in the samples has one).
      assertEquals(0, count(m, "aTape"), name + ":\n" + m);
    }
    // The hessianAt recording keeps what the replay reads (the inner loop's counter) but no reverse loop stepping it
    // back: the replay does that itself.
    int recording = code.indexOf("HessianOperator fHessianAtOfCopies(");
    String record = code.substring(recording, code.indexOf("public void apply(", recording));
    assertEquals(1, count(record, "tape.push(i);"), record);
    assertEquals(0, count(record, "i--"), record);
    assertEquals(0, count(record, "j--"), record);
    // The tangent goes on the value's tape, popped first.
    String hvp = method(code, "fHvp");
    assertTrue(hvp.indexOf("tanhOfADot = tanhOfATape.pop();") >= 0, hvp);
    assertTrue(hvp.indexOf("tanhOfADot = tanhOfATape.pop();") < hvp.indexOf(" tanhOfA = tanhOfATape.pop();"), hvp);
  }

  @Test
  void aLastLoopThatIsNotFusedSavesItsCallsToo() throws IOException {
    // A recurrence cannot be fused with its reverse (each iteration's adjoint needs the next one's), so it is reversed
    // iteration by iteration like an inner loop, and reads tanh back instead of evaluating it a second time.
    String code =
        generated(
            "  @Differentiable",
            "  static double rnn(double[] w, @NoDerivative double[] xs) {",
            "    double h = 0;",
            "    for (int i = 0; i < xs.length; i++) {",
            "      h = Math.tanh(w[0] * h + w[1] * xs[i] + w[2]);",
            "    }",
            "    return h * h;",
            "  }");
    for (String name : new String[] {"rnnGradient", "rnnHvp"}) {
      String m = method(code, name);
      assertEquals(1, count(m, "Math.tanh(") - count(m, "adjoint of: h = Math.tanh("), name + ":\n" + m);
      assertEquals(1, count(m, "tanhValue = tanhValueTape.pop();"), name + ":\n" + m);
    }
  }

  @Test
  void noNestedLoopNoTape() throws IOException {
    String code =
        generated(
            "  @Differentiable",
            "  static double rosenbrock(double[] x) {",
            "    double s = 0;",
            "    for (int i = 0; i < x.length - 1; i++) {",
            "      double curve = x[i + 1] - x[i] * x[i];",
            "      double offset = 1 - x[i];",
            "      s += 100 * curve * curve + offset * offset;",
            "    }",
            "    return s;",
            "  }");
    assertTrue(!code.contains("Tape") && !code.contains("Stack "), code);
  }
}
