package dev.hesse.processor.fuzz;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.hesse.processor.HesseProcessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Hostile inputs (issue 4): method bodies mixing supported statements with constructs outside Hesse's language —
 * valid Java that Hesse must reject, and ill-typed Java that javac rejects after the processor has run on it. Every
 * such body must give an error diagnostic, and the processor must never crash: no exception out of javac, no
 * "annotation processor threw an uncaught exception", no {@code [HesseInternalError]}. A body of supported statements
 * only must compile. A failure shrinks to the fewest fragments.
 */
class FuzzHostileInputTest {

  enum Kind {
    SUPPORTED,
    /** Valid Java, outside Hesse's language: a Hesse error is required. */
    UNSUPPORTED,
    /** Not valid Java (javac rejects it after processing): some error is required, a Hesse one is not. */
    ILL_TYPED
  }

  /** A statement template; %1$d is a number unique in the method, for local names. */
  record Fragment(Kind kind, String template) {
    String text(int k) {
      return String.format(Locale.ROOT, template, k);
    }

    @Override
    public String toString() {
      return kind + ": " + template;
    }
  }

  private static final List<Fragment> FRAGMENTS = new ArrayList<>();

  private static void add(Kind kind, String... templates) {
    for (String t : templates) {
      FRAGMENTS.add(new Fragment(kind, t));
    }
  }

  static {
    add(Kind.SUPPORTED,
        "s += x * x;",
        "for (int i%1$d = 0; i%1$d < n; i%1$d++) { s += a[i%1$d %% a.length] * x; }",
        "if (s > 1) { s = Math.log(s); } else { s -= x; }",
        "double t%1$d = Math.sin(x); s += t%1$d;",
        "int k%1$d = (int) Math.floor(x * 3); while (k%1$d > 0) { s *= 0.5; k%1$d--; }",
        "for (double e%1$d : a) { if (e%1$d > 2) break; s += e%1$d; }",
        "s = s > 0 ? Math.sqrt(1 + s * s) : x;",
        "do { s += 1; } while (s < 0);",
        "s += m[n %% m.length][0] * x;",
        "double[] t%1$d = new double[3]; t%1$d[n %% 3] = x * s; s += t%1$d[0];",
        "switch (n) { case 0: s += x; break; default: s -= x; }",
        "switch (n) { case 0 -> s += x; case 1, 2 -> { s -= x; } default -> s *= 2; }",
        "s += scaled(x * x, n * 0.5);",
        "s += scaled(x, m[0][n %% m[0].length]);",
        "s += total(a) + total(m[0]);",
        "s += cube(x) * x;",
        "s += Hostile.other(x);",
        "long[] l%1$d = new long[3]; l%1$d[n %% 3] += n; l%1$d[0]++; s += l%1$d[0] * x;",
        "boolean[] b%1$d = new boolean[2]; b%1$d[n %% 2] = x > 0; b%1$d[1] ^= true; if (b%1$d[0]) { s += x; }",
        "int[][] ii%1$d = new int[2][3]; ii%1$d[1][n %% 3]++; s += ii%1$d[1][0] * x;",
        "var v%1$d = new double[a.length + 1]; v%1$d[n %% v%1$d.length] = x; s += v%1$d[0];",
        "double[][] c%1$d = new double[m.length][m[0].length]; c%1$d[0][0] = x; s += c%1$d[0][0];",
        "s += m[n %% m.length].length * x;",
        "for (double[] row%1$d : m) { s += row%1$d[0] * x + total(row%1$d); }",
        "for (var row%1$d : m) { for (double e%1$d : row%1$d) { s += e%1$d * x; } }");
    add(Kind.UNSUPPORTED,
        "for (int i%1$d = 0; i%1$d < n; i%1$d++) { double[] t%1$d = new double[3]; s += t%1$d[0]; }",
        "a[0] = x;",
        "counter = x;",
        "s += counter;",
        "s += field;",
        "try { s += x; } catch (RuntimeException e%1$d) { s = 0; }",
        "switch (n) { case 0: s += x; case 1: s -= x; break; default: s *= 2; }",
        "switch (n) { case 0: if (x > 0) break; s += x; break; default: s -= x; }",
        "synchronized (Hostile.class) { s += x; }",
        "assert x > 0;",
        "String str%1$d = \"a\"; s += str%1$d.length();",
        "s += Math.random();",
        "s += helper(x);",
        "s += f(x, a, n, m);",
        "float fl%1$d = 1f; s += fl%1$d;",
        "s = (s = x) + 1;",
        "s += a[n++];",
        "s += x++;",
        "outer%1$d: for (int i%1$d = 0; i%1$d < n; i%1$d++) { for (int j%1$d = 0; j%1$d < n; j%1$d++) {"
            + " if (j%1$d > i%1$d) continue outer%1$d; s += x; } }",
        "Runnable r%1$d = () -> {};",
        "char ch%1$d = 'c'; s += ch%1$d;",
        "class Local%1$d {}",
        "if (x > 100) { throw new IllegalStateException(); }",
        "double[] alias%1$d = a; s += alias%1$d[0];",
        "s += Math.floorMod(n, 3);",
        "s += new double[] {1, 2}[0];",
        "var list%1$d = java.util.List.of(1.0); s += list%1$d.size();",
        "s += (float) x;",
        "s += (short) n;",
        "s += Integer.parseInt(\"1\");",
        "if (a == null) { return 0; }",
        "s += a.clone()[0];",
        "block%1$d: { s += x; }",
        "s += ((Object) x).hashCode();",
        "s += Math.sin(x, x);",
        "s += scaled(1.0, x);",
        "s += scaled(x, a[0] * 2);",
        "double[] t%1$d = new double[3]; t%1$d[0] = x; s += total(t%1$d);",
        "s += total(m[0]) * scaled(x, Math.sin(x));",
        "for (double[] row%1$d : m) { row%1$d = a; }",
        "double[][] hh%1$d = new double[2][3]; hh%1$d[0][0] = x; s += total(hh%1$d[0]);");
    add(Kind.ILL_TYPED,
        "for (int[] row%1$d : m) { s += x; }",
        "s += undefinedVariable%1$d;",
        "s += Math.sqrt(true);",
        "boolean b%1$d = x;",
        "int k%1$d = x;",
        "s += a;",
        "s += a[x];",
        "if (x) { s += 1; }",
        "s += n.length;",
        "s += this.field;",
        "s = \"text\";",
        "s += a.length();",
        "s += Undefined.call(x);",
        "s += f(x, a, n);");
  }

  @Provide
  Arbitrary<List<Fragment>> bodies() {
    Arbitrary<Fragment> supported = Arbitraries.of(FRAGMENTS.stream().filter(f -> f.kind == Kind.SUPPORTED)
        .collect(Collectors.toList()));
    Arbitrary<Fragment> hostile = Arbitraries.of(FRAGMENTS.stream().filter(f -> f.kind != Kind.SUPPORTED)
        .collect(Collectors.toList()));
    return Arbitraries.frequencyOf(Tuple.of(1, supported), Tuple.of(1, hostile)).list().ofMinSize(1).ofMaxSize(6);
  }

  static String source(List<Fragment> body) {
    StringBuilder sb = new StringBuilder();
    sb.append("package fuzz;\n\n")
        .append("import dev.hesse.CustomDerivative;\nimport dev.hesse.Differentiable;\n")
        .append("import dev.hesse.NoDerivative;\n\n")
        .append("final class Hostile {\n")
        .append("  static double counter;\n")
        .append("  double field;\n\n")
        .append("  static double helper(double x) {\n    return x;\n  }\n\n")
        .append("  @Differentiable\n")
        .append("  static double other(double x) {\n    return x * x;\n  }\n\n")
        .append("  @Differentiable\n")
        .append("  static double scaled(double y, @NoDerivative double k) {\n    return k * y * y;\n  }\n\n")
        .append("  @Differentiable\n")
        .append("  static double total(double[] v) {\n    double t = 0;\n    for (double e : v) {\n"
            + "      t += e;\n    }\n    return t;\n  }\n\n")
        .append("  @CustomDerivative(\"cubeD\")\n")
        .append("  static double cube(double y) {\n    return y * y * y;\n  }\n\n")
        .append("  @Differentiable\n")
        .append("  static double cubeD(double y) {\n    return 3 * y * y;\n  }\n\n")
        .append("  @Differentiable\n")
        .append("  static double f(double x, double[] a, int n, @NoDerivative double[][] m) {\n")
        .append("    double s = 0;\n");
    for (int k = 0; k < body.size(); k++) {
      sb.append("    ").append(body.get(k).text(k)).append('\n');
    }
    sb.append("    return s;\n  }\n}\n");
    return sb.toString();
  }

  @Property(tries = 60)
  void hostileBodiesGiveErrorsAndNeverCrashTheProcessor(@ForAll("bodies") List<Fragment> body) {
    String source = source(body);
    Compilation compilation;
    try {
      compilation = javac().withProcessors(new HesseProcessor())
          .compile(JavaFileObjects.forSourceString("fuzz.Hostile", source));
    } catch (RuntimeException | Error e) {
      throw new AssertionError("javac threw (the processor crashed?) on:\n" + source, e);
    }
    List<String> errors = compilation.diagnostics().stream()
        .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
        .map(d -> d.getLineNumber() + ": " + d.getMessage(Locale.ROOT))
        .collect(Collectors.toList());
    for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
      String message = d.getMessage(Locale.ROOT);
      if (message.contains("uncaught exception") || message.contains("[HesseInternalError]")) {
        throw new AssertionError("the processor crashed:\n" + message + "\non:\n" + source);
      }
    }
    boolean unsupported = body.stream().anyMatch(f -> f.kind == Kind.UNSUPPORTED);
    boolean illTyped = body.stream().anyMatch(f -> f.kind == Kind.ILL_TYPED);
    boolean hesseError = errors.stream().anyMatch(e -> e.contains("[Hesse"));
    if (unsupported && !hesseError) {
      throw new AssertionError("no Hesse error for an unsupported construct; errors " + errors + " on:\n" + source);
    }
    if ((unsupported || illTyped) && compilation.status() == Compilation.Status.SUCCESS) {
      throw new AssertionError("compiled although it is outside the language:\n" + source);
    }
    if (!unsupported && !illTyped && compilation.status() != Compilation.Status.SUCCESS) {
      throw new AssertionError("supported statements only, yet errors " + errors + " on:\n" + source);
    }
    Statistics.label("body").collect(unsupported ? "unsupported" : illTyped ? "ill-typed only" : "supported only");
  }
}
