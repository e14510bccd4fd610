package dev.hesse.processor.fuzz;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.hesse.processor.HesseProcessor;
import dev.hesse.processor.fuzz.Ast.Program;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * Compiles a batch of generated methods as one class with the real processor, in process (Compile Testing), and loads
 * the class and its generated {@code ...Derivatives} in a fresh class loader.
 */
final class BatchCompiler {
  static final String PACKAGE = "fuzz";
  static final String CLASS = "Batch";

  private BatchCompiler() {}

  private static final Pattern TOO_LARGE = Pattern.compile("\\[HesseCodeTooLarge\\] the (?:gradient of '|generated )(f\\d+)");

  /**
   * Only documented size-limit errors: the methods named are skipped (the limit is reported, never silently wrong).
   */
  static final class TooLarge extends RuntimeException {
    final List<String> methods;

    TooLarge(List<String> methods) {
      super("too large: " + methods);
      this.methods = methods;
    }
  }

  /** The loaded original class, its derivatives class and the generated source. */
  record Loaded(Class<?> original, Class<?> derivatives, String source, String generated) {}

  static Loaded compile(List<Program> programs) {
    return compile(Ast.source(PACKAGE, CLASS, programs));
  }

  /** The programs under other static imports than {@link Ast#IMPORTS}. */
  static Loaded compile(List<Program> programs, String imports) {
    return compile(Ast.source(PACKAGE, CLASS, programs, imports));
  }

  static Loaded compile(String source) {
    Compilation compilation =
        javac()
            .withProcessors(new HesseProcessor())
            .withOptions("-Xlint:none", "-implicit:none")
            .compile(JavaFileObjects.forSourceString(PACKAGE + "." + CLASS, source));
    List<Diagnostic<? extends JavaFileObject>> errors =
        compilation.diagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
            .collect(Collectors.toList());
    boolean ok = compilation.status() == Compilation.Status.SUCCESS && errors.isEmpty();
    String generated = !ok ? null : compilation.generatedSourceFiles().stream()
        .filter(f -> f.getName().endsWith(CLASS + "Derivatives.java"))
        .map(BatchCompiler::content)
        .findFirst()
        .orElse(null);
    if (!ok) {
      List<String> tooLarge = new ArrayList<>();
      StringBuilder sb = new StringBuilder("the processor rejected or broke a generated program:\n");
      for (Diagnostic<? extends JavaFileObject> d : errors) {
        String message = d.getMessage(Locale.ROOT);
        Matcher m = TOO_LARGE.matcher(message);
        if (m.find()) {
          tooLarge.add(m.group(1));
        }
        sb.append("  ").append(d.getSource() == null ? "?" : d.getSource().getName()).append(':')
            .append(d.getLineNumber()).append(": ").append(message).append('\n');
      }
      if (!tooLarge.isEmpty() && tooLarge.size() == errors.size()) {
        throw new TooLarge(tooLarge);
      }
      throw new AssertionError(sb.toString());
    }
    Map<String, byte[]> classes = new HashMap<>();
    for (JavaFileObject f : compilation.generatedFiles()) {
      if (f.getKind() != JavaFileObject.Kind.CLASS) {
        continue;
      }
      String path = f.toUri().getPath();
      int at = path.indexOf("/" + PACKAGE + "/");
      String name = path.substring(at + 1, path.length() - ".class".length()).replace('/', '.');
      try (InputStream in = f.openInputStream()) {
        classes.put(name, in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    ClassLoader loader = new ClassLoader(BatchCompiler.class.getClassLoader()) {
      @Override
      protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = classes.get(name);
        if (bytes == null) {
          throw new ClassNotFoundException(name);
        }
        return defineClass(name, bytes, 0, bytes.length);
      }
    };
    try {
      return new Loaded(
          loader.loadClass(PACKAGE + "." + CLASS),
          loader.loadClass(PACKAGE + "." + CLASS + "Derivatives"),
          source,
          generated);
    } catch (ClassNotFoundException e) {
      throw new AssertionError("compiled classes not found: " + classes.keySet(), e);
    }
  }

  private static String content(JavaFileObject f) {
    try {
      return f.getCharContent(true).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
