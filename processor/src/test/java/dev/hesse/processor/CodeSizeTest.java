package dev.hesse.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.hesse.processor.emit.CodeSize;
import dev.hesse.processor.ir.Function;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * {@link CodeSize}'s bound against the bytecode javac really generates, read from the class files: never below it
 * (else a method over the JVM's limit would reach javac), and not so far above that valid methods are refused.
 */
class CodeSizeTest {
  /** Bodies and the generated method each becomes: a recording is the operator factory, a replay its apply. */
  private static String methodOf(String function) {
    if (function.endsWith("Record")) {
      return function.substring(0, function.length() - "Record".length()) + "HessianAtOfCopies";
    }
    return function.endsWith("HvpReplay") ? "apply" : function;
  }

  /**
   * A long straight-line body with a branch per statement: past 256 local slots, so javac needs wide loads and
   * stores, the most expensive case per IR node.
   */
  private static JavaFileObject straightLine(int statements) {
    List<String> lines = new ArrayList<>(List.of(
        "package test;",
        "import dev.hesse.Differentiable;",
        "public class Straight {",
        "  @Differentiable",
        "  public static double f(double[] x) {",
        "    double s = 0;"));
    for (int k = 0; k < statements; k++) {
      lines.add(String.format("    double t%d = Math.sin(x[%d]) * x[%d] + s * 0.5;", k, k % 7, (k + 1) % 7));
      lines.add(String.format("    if (t%d > 0) { s += t%d * t%d; } else { s -= t%d; }", k, k, k, k));
    }
    lines.addAll(List.of("    return s;", "  }", "}"));
    return JavaFileObjects.forSourceLines("test.Straight", lines);
  }

  private static final JavaFileObject NETWORK =
      JavaFileObjects.forSourceLines(
          "test.Net",
          "package test;",
          "import dev.hesse.Differentiable; import dev.hesse.NoDerivative;",
          "public class Net {",
          "  @Differentiable(composable = true)",
          "  public static double f(double[] w, @NoDerivative double[][] xs, @NoDerivative double[] ys, int h) {",
          "    int d = xs[0].length;",
          "    double loss = 0;",
          "    for (int s = 0; s < xs.length; s++) {",
          "      double pred = w[h * d + h];",
          "      for (int j = 0; j < h; j++) {",
          "        double a = w[h * d + j];",
          "        for (int i = 0; i < d; i++) {",
          "          a += w[j * d + i] * xs[s][i];",
          "        }",
          "        pred += Math.tanh(a) > 0.5 ? Math.tanh(a) : Math.exp(a) / (1 + a * a);",
          "      }",
          "      double r = pred - ys[s];",
          "      loss += r < 0 && s % 2 == 0 ? -r : 0.5 * r * r;",
          "    }",
          "    return loss / xs.length;",
          "  }",
          "}");

  private static Map<String, Integer> checked(JavaFileObject source) throws IOException {
    return checked(source, true);
  }

  /** Compares every body's bound with its method's code; replays only when one operator's apply is generated. */
  private static Map<String, Integer> checked(JavaFileObject source, boolean replays) throws IOException {
    List<Function> bodies = new ArrayList<>();
    Compilation compilation =
        javac().withProcessors(new HesseProcessor(UnaryOperator.identity(), bodies::add)).compile(source);
    assertThat(compilation).succeeded();
    Map<String, Integer> codeLengths = new HashMap<>();
    for (JavaFileObject file : compilation.generatedFiles()) {
      if (file.getKind() == JavaFileObject.Kind.CLASS && file.getName().contains("Derivatives")) {
        try (InputStream in = file.openInputStream()) {
          codeLengths.putAll(codeLengths(in));
        }
      }
    }
    Map<String, Integer> ratios = new HashMap<>();
    for (Function f : bodies) {
      Integer actual = replays || !f.name().endsWith("Replay") ? codeLengths.get(methodOf(f.name())) : null;
      if (actual == null || actual < 64) {
        continue; // e.g. a directional derivative that only calls the tangent building block
      }
      long bound = CodeSize.bound(f);
      assertTrue(bound >= actual, f.name() + ": bound " + bound + " below javac's " + actual + " bytes");
      assertTrue(bound <= 4L * actual + 1024, f.name() + ": bound " + bound + " for javac's " + actual + " bytes");
      ratios.put(f.name(), (int) (100 * bound / actual));
    }
    return ratios;
  }

  @Test
  void boundsLongStraightLineCodeWithWideLocals() throws IOException {
    Map<String, Integer> ratios = checked(straightLine(60));
    // Gradient, HVP, directional, recording and replay were all compared (none fell back or was left out).
    assertEquals(
        List.of("fDirectional", "fGradient", "fHvp", "fHvpReplay", "fRecord"),
        ratios.keySet().stream().sorted().toList(),
        ratios.toString());
  }

  @Test
  void boundsLoopsTapesBranchesAndBuildingBlocks() throws IOException {
    Map<String, Integer> ratios = checked(NETWORK);
    assertTrue(ratios.keySet().containsAll(List.of("fGradient", "fHvp", "fPullback", "fPullbackTangent")),
        ratios.toString());
  }

  @Test
  void boundsTheGoldenFile() throws IOException {
    Map<String, Integer> ratios = checked(JavaFileObjects.forResource("goldens/Golden.java"), false);
    assertTrue(ratios.size() >= 5, ratios.toString());
  }

  @Test
  void aMethodAFewTimesLargerThanTheOldNodeCountAllowedIsAccepted() {
    // 100 statements and branches: 34 KB of HVP bytecode, refused before when the bound counted IR nodes.
    Compilation compilation = javac().withProcessors(new HesseProcessor()).compile(straightLine(100));
    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void aMethodOverTheLimitIsAnErrorAtTheMethod() {
    JavaFileObject source = straightLine(200);
    Compilation compilation = javac().withProcessors(new HesseProcessor()).compile(source);
    assertThat(compilation).hadErrorContaining("[HesseCodeTooLarge]").inFile(source).onLine(5);
    assertThat(compilation).hadErrorContaining("exceed the JVM's 64 KB limit");
  }

  /** Each method's name and code length (JVMS 4.1, 4.7.3), the last of a name winning. */
  private static Map<String, Integer> codeLengths(InputStream stream) throws IOException {
    DataInputStream in = new DataInputStream(stream);
    in.readInt(); // magic
    in.readInt(); // versions
    int count = in.readUnsignedShort();
    String[] utf8 = new String[count];
    for (int k = 1; k < count; k++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> utf8[k] = in.readUTF();
        case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
        case 5, 6 -> {
          in.skipBytes(8);
          k++; // longs and doubles take two entries
        }
        case 7, 8, 16, 19, 20 -> in.skipBytes(2);
        case 15 -> in.skipBytes(3);
        default -> throw new IOException("constant pool tag " + tag);
      }
    }
    in.skipBytes(6); // access, this, super
    in.skipBytes(2 * in.readUnsignedShort()); // interfaces
    Map<String, Integer> out = new HashMap<>();
    for (int kind = 0; kind < 2; kind++) { // fields, then methods
      int members = in.readUnsignedShort();
      for (int m = 0; m < members; m++) {
        in.skipBytes(2);
        String name = utf8[in.readUnsignedShort()];
        in.skipBytes(2);
        int attributes = in.readUnsignedShort();
        for (int a = 0; a < attributes; a++) {
          String attribute = utf8[in.readUnsignedShort()];
          int length = in.readInt();
          if (kind == 1 && attribute.equals("Code")) {
            in.skipBytes(4); // max_stack, max_locals
            out.put(name, in.readInt());
            in.skipBytes(length - 8);
          } else {
            in.skipBytes(length);
          }
        }
      }
    }
    return out;
  }
}
