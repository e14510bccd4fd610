package dev.hesse.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * Error Prone style diagnostics tests for Hesse: expectations are written in the test source.
 *
 * <pre>
 *   // BUG: Diagnostic contains: [HesseAllocation]
 *   double[] t = new double[3];
 *   // BUG: Diagnostic at `{1, 2}` contains: [HesseAllocation]
 *   double[] q = {1, 2};
 *   // BUG: Diagnostic at column 18 contains: [HesseAllocation]
 *   double[] q = {1, 2};
 * </pre>
 *
 * <p>A marker applies to the next line that is not itself a marker (markers may be stacked). That line must get an
 * ERROR whose message contains the text after {@code contains: }; an ERROR on a line without a marker fails the test.
 * A diagnostic is "on" a line if its start position or javac's caret (preferred position) is on it.
 *
 * <p>Columns are 1-based and refer to the diagnostic's <em>start</em> position (the first character of the tree it was
 * reported at), not javac's caret, which {@code Trees.printMessage} puts on the operator of a binary expression, the
 * {@code (} of a call, the {@code =} of an assignment. {@code at `snippet`} means the column where the snippet first
 * occurs on the marked line.
 */
public final class DiagnosticsHarness {
  private static final Pattern MARKER =
      Pattern.compile("^\\s*//\\s*BUG: Diagnostic (?:at (?:column (\\d+)|`([^`]+)`) )?contains: (.*)$");

  private DiagnosticsHarness() {}

  /** A test source under {@code src/test/resources/diagnostics/}. */
  public static JavaFileObject resource(String fileName) {
    return JavaFileObjects.forResource("diagnostics/" + fileName);
  }

  /** Compiles with Hesse's processor only. */
  public static Compilation compile(JavaFileObject... sources) {
    return javac().withProcessors(new HesseProcessor()).compile(sources);
  }

  /** Compiles, checks the ERRORs against the {@code // BUG:} markers of all sources, returns the compilation. */
  public static Compilation compileAndCheck(JavaFileObject... sources) {
    Compilation compilation = compile(sources);
    check(compilation, sources);
    return compilation;
  }

  record Expectation(String file, int line, int column, String text, String lineText) {
    boolean matches(Reported r) {
      return r.file.equals(file)
          && (r.startLine == line || r.caretLine == line)
          && (column <= 0 || r.startColumn == column)
          && r.message.contains(text);
    }

    @Override
    public String toString() {
      return file + ":" + line + (column > 0 ? " col " + column : "") + ": error containing \"" + text + "\"\n      | "
          + lineText.strip();
    }
  }

  record Reported(String file, long startLine, long startColumn, long caretLine, long caretColumn, String message) {
    @Override
    public String toString() {
      return file + ":" + startLine + ":" + startColumn + " (caret " + caretLine + ":" + caretColumn + "): " + message;
    }
  }

  public static void check(Compilation compilation, JavaFileObject... sources) {
    List<Expectation> expected = new ArrayList<>();
    List<String> markedLines = new ArrayList<>(); // "file:line"
    List<String[]> texts = new ArrayList<>();
    for (JavaFileObject source : sources) {
      String text = content(source);
      String name = name(source);
      texts.add(new String[] {name, text});
      String[] lines = text.split("\n", -1);
      List<Matcher> pending = new ArrayList<>();
      for (int i = 0; i < lines.length; i++) {
        Matcher m = MARKER.matcher(lines[i]);
        if (m.find()) {
          pending.add(m);
          continue;
        }
        for (Matcher p : pending) {
          int column = 0;
          if (p.group(1) != null) {
            column = Integer.parseInt(p.group(1));
          } else if (p.group(2) != null) {
            int at = lines[i].indexOf(p.group(2));
            if (at < 0) {
              throw new AssertionError(name + ":" + (i + 1) + ": marker snippet `" + p.group(2) + "` not on the line");
            }
            column = at + 1;
          }
          expected.add(new Expectation(name, i + 1, column, p.group(3).strip(), lines[i]));
        }
        if (!pending.isEmpty()) {
          markedLines.add(name + ":" + (i + 1));
        }
        pending.clear();
      }
      if (!pending.isEmpty()) {
        throw new AssertionError(name + ": a // BUG: marker at the end of the file marks no line");
      }
    }

    List<Reported> errors = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
      if (d.getKind() != Diagnostic.Kind.ERROR) {
        continue;
      }
      String file = d.getSource() == null ? "<no file>" : name(d.getSource());
      long startLine = d.getLineNumber();
      long startColumn = d.getColumnNumber();
      String text = texts.stream().filter(t -> t[0].equals(file)).map(t -> t[1]).findFirst().orElse(null);
      if (text != null && d.getStartPosition() != Diagnostic.NOPOS) {
        int start = (int) d.getStartPosition();
        int lineStart = text.lastIndexOf('\n', start - 1) + 1;
        startLine = text.substring(0, start).chars().filter(c -> c == '\n').count() + 1;
        startColumn = start - lineStart + 1;
      }
      errors.add(new Reported(file, startLine, startColumn, d.getLineNumber(), d.getColumnNumber(),
          d.getMessage(Locale.ROOT)));
    }

    List<Expectation> missing = new ArrayList<>();
    for (Expectation e : expected) {
      if (errors.stream().noneMatch(e::matches)) {
        missing.add(e);
      }
    }
    List<Reported> unexpected = new ArrayList<>();
    for (Reported r : errors) {
      if (!markedLines.contains(r.file + ":" + r.startLine) && !markedLines.contains(r.file + ":" + r.caretLine)) {
        unexpected.add(r);
      }
    }
    if (missing.isEmpty() && unexpected.isEmpty()) {
      return;
    }
    StringBuilder sb = new StringBuilder("Diagnostics do not match the // BUG: markers.\n");
    if (!missing.isEmpty()) {
      sb.append("  Expected but not reported:\n");
      missing.forEach(e -> sb.append("    ").append(e).append('\n'));
    }
    if (!unexpected.isEmpty()) {
      sb.append("  Reported on a line without a marker:\n");
      unexpected.forEach(r -> sb.append("    ").append(r).append('\n'));
    }
    sb.append("  All ERRORs (file:line:startColumn):\n");
    if (errors.isEmpty()) {
      sb.append("    (none)\n");
    }
    errors.forEach(r -> sb.append("    ").append(r).append('\n'));
    throw new AssertionError(sb.toString());
  }

  /**
   * The qualified names of the sources the processor generated, whether or not the compilation failed. (Compile
   * Testing refuses {@code generatedSourceFiles()} after a failed compilation, so this runs javac itself with a
   * temporary {@code -s} directory and lists it.)
   */
  public static List<String> generatedTypes(JavaFileObject... sources) {
    return generatedTypes(new HesseProcessor(), sources);
  }

  /** As {@link #generatedTypes(JavaFileObject...)}, with a given processor instance. */
  public static List<String> generatedTypes(
      javax.annotation.processing.Processor processor, JavaFileObject... sources) {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    Path root = null;
    try {
      root = Files.createTempDirectory("hesse-diagnostics");
      Path generated = Files.createDirectories(root.resolve("generated"));
      Path classes = Files.createDirectories(root.resolve("classes"));
      try (StandardJavaFileManager files =
          compiler.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8)) {
        files.setLocationFromPaths(StandardLocation.SOURCE_OUTPUT, List.of(generated));
        files.setLocationFromPaths(StandardLocation.CLASS_OUTPUT, List.of(classes));
        JavaCompiler.CompilationTask task =
            compiler.getTask(null, files, new DiagnosticCollector<>(), List.of(), null, List.of(sources));
        task.setProcessors(List.of(processor));
        task.call();
      }
      try (Stream<Path> walk = Files.walk(generated)) {
        Path base = generated;
        return walk.filter(p -> p.toString().endsWith(".java"))
            .map(p -> base.relativize(p).toString().replace(File.separatorChar, '.').replaceAll("\\.java$", ""))
            .sorted()
            .collect(Collectors.toList());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (root != null) {
        try (Stream<Path> walk = Files.walk(root)) {
          walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
          // best effort
        }
      }
    }
  }

  /** The number of ERROR diagnostics. */
  public static long errorCount(Compilation compilation) {
    return compilation.diagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR).count();
  }

  private static String name(JavaFileObject file) {
    String path = file.toUri().getPath();
    return path == null ? file.getName() : path.substring(path.lastIndexOf('/') + 1);
  }

  private static String content(JavaFileObject file) {
    try {
      return file.getCharContent(true).toString().replace("\r\n", "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
