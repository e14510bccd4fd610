package dev.hesse.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** The documented naming rules: nested classes, instance methods, overloads, and clashes. */
class NamingTest {
  @Test
  void nestedClassesAndInstanceMethodsGetTheirOwnGeneratedClasses() {
    JavaFileObject source =
        JavaFileObjects.forSourceLines(
            "test.Outer",
            "package test;",
            "import dev.hesse.Differentiable;",
            "public class Outer {",
            "  public static class Inner {",
            "    @Differentiable",
            "    public double scaled(double[] x) {",
            "      return 2 * x[0] * x[0];",
            "    }",
            "  }",
            "  @Differentiable",
            "  static double square(double a) {",
            "    return a * a;",
            "  }",
            "  @Differentiable",
            "  static double square(double[] x) {",
            "    return x[0] * x[0];",
            "  }",
            "  static double use(Inner inner, double[] x, double[] g) {",
            "    return Outer_InnerDerivatives.scaledGradient(inner, x, g)",
            "        + OuterDerivatives.squareGradient(1.0, g)",
            "        + OuterDerivatives.squareGradient(x, g)",
            "        + Outer_InnerDerivatives.scaled(inner).value(x);",
            "  }",
            "}");
    Compilation compilation = javac().withProcessors(new HesseProcessor()).compile(source);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.Outer_InnerDerivatives");
    assertThat(compilation).generatedSourceFile("test.OuterDerivatives");
  }

  @Test
  void generatedSignaturesThatClashAreAnErrorNamingBothMethods() {
    JavaFileObject source =
        JavaFileObjects.forSourceLines(
            "test.Clash",
            "package test;",
            "import dev.hesse.Differentiable;",
            "import dev.hesse.NoDerivative;",
            "public class Clash {",
            "  @Differentiable",
            "  static double f(double[] x) {",
            "    return x[0];",
            "  }",
            "  // Its Objective factory would be fGradient(double[], double[]): f's gradient.",
            "  @Differentiable",
            "  static double fGradient(double[] x, @NoDerivative double[] a, @NoDerivative double[] b) {",
            "    return x[0] * a[0] * b[0];",
            "  }",
            "}");
    Compilation compilation = javac().withProcessors(new HesseProcessor()).compile(source);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining("[HesseNameClash]").inFile(source).onLine(11);
    assertThat(compilation).hadErrorContaining("rename one of the two methods");
  }
}
