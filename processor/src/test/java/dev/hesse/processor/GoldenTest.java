package dev.hesse.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import org.junit.jupiter.api.Test;

/**
 * The whole generated class for one small function, compared with a reviewed golden file. Functional tests check
 * that derivatives are right; this one catches code that is right but reads badly (and any change to the generated
 * API). When the generator changes on purpose, regenerate the golden, read it, and commit it with the change.
 */
class GoldenTest {
  @Test
  void softplusSum() {
    Compilation compilation =
        javac()
            .withProcessors(new HesseProcessor())
            .compile(JavaFileObjects.forResource("goldens/Golden.java"));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("test.GoldenDerivatives")
        .hasSourceEquivalentTo(JavaFileObjects.forResource("goldens/GoldenDerivatives.java"));
  }
}
