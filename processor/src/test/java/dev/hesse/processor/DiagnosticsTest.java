package dev.hesse.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.hesse.processor.DiagnosticsHarness.compileAndCheck;
import static dev.hesse.processor.DiagnosticsHarness.resource;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.hesse.processor.frontend.Problem;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every rejected construct is an ERROR at the offending tree, with the problem's id. Expectations are the
 * {@code // BUG: Diagnostic contains:} markers in {@code src/test/resources/diagnostics/} (see
 * {@link DiagnosticsHarness}); each file also holds supported twins that must get no error.
 */
class DiagnosticsTest {

  /** One file per problem id; a class with any error gets no generated source. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "Signature.java",
        "UnsupportedType.java",
        "UnsupportedCall.java",
        "Recursion.java",
        "Composition.java",
        "CustomDerivatives.java",
        "Allocation.java",
        "ArrayWrite.java",
        "FieldWrite.java",
        "FieldRead.java",
        "Statements.java",
        "Expressions.java",
        "EmbeddedAssignment.java",
        "LabeledJump.java",
        "UnresolvedName.java",
        "MultipleProblems.java"
      })
  void markedProblemsAreReportedAndNothingElse(String file) {
    Compilation compilation = compileAndCheck(resource(file));
    assertThat(compilation).failed();
    assertWithMessage("generated sources for a class with errors")
        .that(DiagnosticsHarness.generatedTypes(resource(file)))
        .isEmpty();
  }

  @Test
  void allProblemsOfOneMethodAndOfEveryMethodAreReported() {
    Compilation compilation = compileAndCheck(resource("MultipleProblems.java"));
    // Two in twoProblems, one in anotherMethod: each reported once.
    assertWithMessage(errors(compilation)).that(DiagnosticsHarness.errorCount(compilation)).isEqualTo(3);
  }

  @Test
  void singleProblemIsReportedOnce() {
    JavaFileObject source =
        JavaFileObjects.forSourceLines(
            "test.Once",
            "package test;",
            "",
            "import dev.hesse.Differentiable;",
            "",
            "final class Once {",
            "  @Differentiable",
            "  static double f(double[] x) {",
            "    // BUG: Diagnostic at column 5 contains: [HesseArrayWrite]",
            "    x[0] = x[1] * 2;",
            "    return x[0];",
            "  }",
            "}");
    Compilation compilation = compileAndCheck(source);
    assertWithMessage(errors(compilation)).that(DiagnosticsHarness.errorCount(compilation)).isEqualTo(1);
    assertThat(compilation).hadErrorContaining("[HesseArrayWrite]").inFile(source).onLine(9);
  }

  /** No cascade: the uses of a rejected local are not reported as unresolved names. */
  @Test
  void rejectedLocalIsReportedOnlyAtItsDeclaration() {
    Compilation compilation = compileAndCheck(resource("RejectedLocal.java"));
    assertThat(compilation).failed();
  }

  @Test
  void cleanClassCompilesAndGetsDerivatives() {
    Compilation compilation = compileAndCheck(resource("Foo.java"));
    assertThat(compilation).succeeded();
    assertThat(compilation).generatedSourceFile("test.FooDerivatives").isNotNull();
    assertThat(DiagnosticsHarness.generatedTypes(resource("Foo.java"))).containsExactly("test.FooDerivatives");
  }

  /**
   * Building blocks on demand: a caller in the callee's own file gets them without asking; a caller in another class
   * (compiled together or separately: the rule must not depend on what a build recompiles) needs
   * {@code composable = true} on the callee, and without it gets an error at the call naming the fix, not a missing
   * symbol in generated code.
   */
  @Test
  void separatelyCompiledCalleeNeedsComposable(@org.junit.jupiter.api.io.TempDir java.nio.file.Path classes)
      throws Exception {
    JavaFileObject library =
        JavaFileObjects.forSourceLines(
            "lib.Lib",
            "package lib;",
            "",
            "import dev.hesse.Differentiable;",
            "",
            "public final class Lib {",
            "  @Differentiable",
            "  public static double plain(double x) { return x * x; }",
            "",
            "  @Differentiable(composable = true)",
            "  public static double shared(double x) { return Math.sin(x); }",
            "",
            "  @Differentiable",
            "  public static double calledHere(double x) { return x * x * x; }",
            "",
            "  @Differentiable",
            "  public static double caller(double x) { return calledHere(x) + 1; }",
            "}");
    Compilation lib = DiagnosticsHarness.compile(library);
    assertThat(lib).succeeded();
    String generated = lib.generatedSourceFile("lib.LibDerivatives").orElseThrow().getCharContent(true).toString();
    assertThat(generated).contains("sharedPullbackTangent(");
    assertThat(generated).contains("calledHerePullbackTangent(");
    assertThat(generated).doesNotContain("plainPullback(");
    assertThat(generated).doesNotContain("callerPullback(");

    JavaFileObject bare =
        JavaFileObjects.forSourceLines(
            "lib.Bare",
            "package lib;",
            "",
            "import dev.hesse.Differentiable;",
            "",
            "public final class Bare {",
            "  @Differentiable",
            "  public static double cube(double x) { return x * x * x; }",
            "}");
    Compilation withoutHesse = com.google.testing.compile.Compiler.javac().withOptions("-proc:none").compile(bare);
    assertThat(withoutHesse).succeeded();

    List<JavaFileObject> compiled = new java.util.ArrayList<>(lib.generatedFiles());
    compiled.addAll(withoutHesse.generatedFiles());
    for (JavaFileObject f : compiled) {
      if (f.getKind() == JavaFileObject.Kind.CLASS) {
        String path = f.toUri().getPath();
        java.nio.file.Path out = classes.resolve(path.substring(path.indexOf("/lib/") + 1));
        java.nio.file.Files.createDirectories(out.getParent());
        try (java.io.InputStream in = f.openInputStream()) {
          java.nio.file.Files.copy(in, out);
        }
      }
    }
    List<java.io.File> classPath = new java.util.ArrayList<>();
    classPath.add(classes.toFile());
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      classPath.add(new java.io.File(entry));
    }
    JavaFileObject client =
        JavaFileObjects.forSourceLines(
            "test.Client",
            "package test;",
            "",
            "import dev.hesse.Differentiable;",
            "import lib.Lib;",
            "",
            "final class Client {",
            "  @Differentiable",
            "  static double f(double x) {",
            "    // BUG: Diagnostic at column 12 contains: annotate it @Differentiable(composable = true)",
            "    return Lib.plain(x) + Lib.shared(x);",
            "  }",
            "",
            "  @Differentiable",
            "  static double g(double x) {",
            "    return Lib.shared(x) * 2;",
            "  }",
            "",
            "  @Differentiable",
            "  static double h(double x) {",
            "    // BUG: Diagnostic at column 12 contains: was compiled without Hesse",
            "    return lib.Bare.cube(x);",
            "  }",
            "",
            "  @Differentiable",
            "  static double sameCompilation(double x) {",
            "    // BUG: Diagnostic at column 12 contains: is in another class (test.Neighbour)",
            "    return Neighbour.square(x) + Neighbour.shared(x);",
            "  }",
            "}");
    JavaFileObject neighbour =
        JavaFileObjects.forSourceLines(
            "test.Neighbour",
            "package test;",
            "",
            "import dev.hesse.Differentiable;",
            "",
            "final class Neighbour {",
            "  @Differentiable",
            "  static double square(double x) { return x * x; }",
            "",
            "  @Differentiable(composable = true)",
            "  static double shared(double x) { return x * x * x; }",
            "}");
    Compilation compilation =
        com.google.testing.compile.Compiler.javac()
            .withProcessors(new HesseProcessor())
            .withClasspath(classPath)
            .compile(client, neighbour);
    DiagnosticsHarness.check(compilation, client, neighbour);
    assertThat(compilation).failed();
  }

  @Test
  void errorsInOneClassDoNotStopGenerationForAnother() {
    JavaFileObject[] sources = {resource("MultipleProblems.java"), resource("Foo.java")};
    Compilation compilation = compileAndCheck(sources);
    assertThat(compilation).failed();
    assertThat(DiagnosticsHarness.generatedTypes(sources)).containsExactly("test.FooDerivatives");
  }

  @Test
  void everyMessageStartsWithABracketedProblemId() {
    List<String> ids = Arrays.stream(Problem.values()).map(p -> "[" + p.id() + "] ").collect(Collectors.toList());
    for (String file : List.of("Statements.java", "Expressions.java", "EmbeddedAssignment.java")) {
      Compilation compilation = DiagnosticsHarness.compile(resource(file));
      for (Diagnostic<? extends JavaFileObject> d : compilation.errors()) {
        String message = d.getMessage(null);
        assertWithMessage("%s line %s", file, d.getLineNumber())
            .that(ids.stream().anyMatch(message::startsWith))
            .isTrue();
      }
    }
  }

  /** A method whose gradient would be too large for one JVM method is an error at the method, not a javac crash. */
  @Test
  void gradientTooLargeForOneMethodIsReportedAtTheMethod() {
    StringBuilder body = new StringBuilder();
    for (int k = 0; k < 1500; k++) {
      body.append("    s = s * x + Math.sin(s + ").append(k).append(");\n");
    }
    JavaFileObject source =
        JavaFileObjects.forSourceString(
            "test.Huge",
            "package test;\n"
                + "\n"
                + "import dev.hesse.Differentiable;\n"
                + "\n"
                + "final class Huge {\n"
                + "  @Differentiable\n"
                + "  // BUG: Diagnostic contains: [HesseCodeTooLarge]\n"
                + "  static double huge(double x) {\n"
                + "    double s = x;\n"
                + body
                + "    return s;\n"
                + "  }\n"
                + "}\n");
    Compilation compilation = compileAndCheck(source);
    assertThat(compilation).failed();
    assertThat(DiagnosticsHarness.generatedTypes(source)).isEmpty();
  }

  /** The harness itself: a marker without a matching error, and an error without a marker, both fail. */
  @Test
  void harnessReportsMissingAndUnexpectedErrors() {
    JavaFileObject source =
        JavaFileObjects.forSourceLines(
            "test.Wrong",
            "package test;",
            "",
            "import dev.hesse.Differentiable;",
            "",
            "final class Wrong {",
            "  @Differentiable",
            "  static double f(double[] x) {",
            "    // BUG: Diagnostic contains: [HesseArrayWrite]",
            "    double s = x[0];",
            "    x[0] = s;",
            "    return s;",
            "  }",
            "}");
    AssertionError e = null;
    try {
      compileAndCheck(source);
    } catch (AssertionError thrown) {
      e = thrown;
    }
    assertWithMessage("harness accepted a wrong marker").that(e).isNotNull();
    assertThat(e).hasMessageThat().contains("Expected but not reported:");
    assertThat(e).hasMessageThat().contains("Wrong.java:9: error containing \"[HesseArrayWrite]\"");
    assertThat(e).hasMessageThat().contains("Reported on a line without a marker:");
    assertThat(e).hasMessageThat().contains("Wrong.java:10:5");
  }

  private static String errors(Compilation compilation) {
    return compilation.errors().stream()
        .map(d -> d.getLineNumber() + ":" + d.getColumnNumber() + " " + d.getMessage(null))
        .collect(Collectors.joining("\n"));
  }
}
