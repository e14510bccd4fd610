package dev.hesse.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** A bug inside Hesse must surface as an error on the method being processed, never as a javac crash or half a file. */
class InternalErrorTest {
  private static final JavaFileObject SOURCE =
      JavaFileObjects.forSourceLines(
          "test.Broken",
          "package test;",
          "",
          "import dev.hesse.Differentiable;",
          "",
          "public class Broken {",
          "  @Differentiable",
          "  public static double square(double x) {",
          "    return x * x;",
          "  }",
          "}");

  private static HesseProcessor failing() {
    return new HesseProcessor(
        f -> {
          throw new IllegalStateException("injected failure");
        });
  }

  @Test
  void exceptionInAStageBecomesAnErrorOnTheMethod() {
    Compilation compilation = javac().withProcessors(failing()).compile(SOURCE);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[HesseInternalError] Hesse failed on this method")
        .inFile(SOURCE)
        .onLine(7);
    assertThat(compilation).hadErrorContaining("injected failure");
  }

  @Test
  void noSourceIsWrittenAfterAnInternalError() {
    assertThat(DiagnosticsHarness.generatedTypes(failing(), SOURCE)).isEmpty();
  }
}
