package dev.hesse.benchmarks;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * The processor's own cost: javac (in-process, {@code javax.tools}) on one generated file with 50
 * {@code @Differentiable} methods, with and without Hesse on the processor path.
 *
 * <p>Cold: each compile in a fresh JVM, as a build's javac runs (median of 3 per side, alternating). Warm: the median
 * of 5 compiles per side in one JVM after 3 warm-up pairs (javac and the processor JIT-compiled, as in a daemon or
 * an IDE). Usage: {@code java -cp benchmarks.jar dev.hesse.benchmarks.CompileCost [processor-path]}; the default
 * processor path is the jars in {@code benchmarks/target/processor-path}.
 */
public final class CompileCost {
  private CompileCost() {}

  static final int METHODS = 50;

  private static String pregeneratedSource;

  public static void main(String[] args) throws Exception {
    if (args.length == 2 && args[0].equals("--once")) {
      // Child JVM: one compile, print its milliseconds.
      Setup setup = Setup.create(System.getProperty("hesse.processorPath"));
      System.out.println(compile(setup, Side.valueOf(args[1])));
      return;
    }
    String processorPath = args.length > 0 ? args[0] : defaultProcessorPath();
    Setup setup = Setup.create(processorPath);

    setup.generatedLines(); // writes the generated source that PREGENERATED compiles
    pregeneratedSource = setup.pregenerated().toString();
    List<Double> coldWithout = new ArrayList<>();
    List<Double> coldWith = new ArrayList<>();
    List<Double> coldPregenerated = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      coldWithout.add(child(processorPath, Side.WITHOUT));
      coldWith.add(child(processorPath, Side.WITH));
      coldPregenerated.add(child(processorPath, Side.PREGENERATED));
    }
    for (int round = 0; round < 3; round++) {
      for (Side side : Side.values()) {
        compile(setup, side);
      }
    }
    List<Double> warmWithout = new ArrayList<>();
    List<Double> warmWith = new ArrayList<>();
    List<Double> warmPregenerated = new ArrayList<>();
    for (int round = 0; round < 5; round++) {
      warmWithout.add(compile(setup, Side.WITHOUT));
      warmWith.add(compile(setup, Side.WITH));
      warmPregenerated.add(compile(setup, Side.PREGENERATED));
    }
    double cw = median(coldWith);
    double co = median(coldWithout);
    double cp = median(coldPregenerated);
    double ww = median(warmWith);
    double wo = median(warmWithout);
    double wp = median(warmPregenerated);
    System.out.printf(
        Locale.ROOT,
        "Processor cost, javac on one file with %d @Differentiable methods (generated: %d lines, %d KB):%n",
        METHODS,
        setup.generatedLines(),
        Files.size(setup.out().resolve("bench/FiftyDerivatives.java")) / 1024);
    System.out.printf(
        Locale.ROOT,
        "- cold (fresh JVM per compile, median of 3): %.0f ms without Hesse, %.0f ms with: +%.0f ms (target < 1 000 ms)"
            + " %s%n",
        co,
        cw,
        cw - co,
        cw - co < 1000 ? "met" : "MISSED");
    System.out.printf(
        Locale.ROOT,
        "- warm (same JVM, median of 5): %.0f ms without Hesse, %.0f ms with: +%.0f ms (%.1f ms per method)%n",
        wo,
        ww,
        ww - wo,
        (ww - wo) / METHODS);
    System.out.printf(
        Locale.ROOT,
        "- of which javac compiling the generated source (given it, without the processor): +%.0f ms cold,"
            + " +%.0f ms warm; the processor itself: %.0f ms cold, %.0f ms warm%n",
        cp - co,
        wp - wo,
        cw - cp,
        ww - wp);
  }

  /** What javac is given: the file alone, the file with Hesse, or the file and Hesse's output without Hesse. */
  enum Side {
    WITHOUT,
    WITH,
    PREGENERATED
  }

  private static double child(String processorPath, Side side) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-Dhesse.processorPath=" + processorPath,
                "-Dhesse.pregenerated=" + pregeneratedSource,
                "-cp",
                System.getProperty("java.class.path"),
                CompileCost.class.getName(),
                "--once",
                side.name())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("child compile failed:\n" + out);
    }
    String[] lines = out.split("\n");
    return Double.parseDouble(lines[lines.length - 1].trim());
  }

  private static String defaultProcessorPath() throws IOException {
    Path dir = Path.of("benchmarks", "target", "processor-path");
    if (!Files.isDirectory(dir)) {
      dir = Path.of("target", "processor-path");
    }
    try (Stream<Path> jars = Files.list(dir)) {
      return jars.map(Path::toString).sorted().collect(Collectors.joining(File.pathSeparator));
    }
  }

  private static double median(List<Double> xs) {
    double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
  }

  /** The source, a scratch directory and the class paths. */
  record Setup(Path source, Path out, String classPath, String processorPath) {
    static Setup create(String processorPath) throws IOException {
      Path dir = Files.createTempDirectory("hesse-compile-cost");
      Path pkg = Files.createDirectories(dir.resolve("src/bench"));
      Path source = pkg.resolve("Fifty.java");
      Files.writeString(source, CompileCost.source());
      Path out = Files.createDirectories(dir.resolve("out"));
      dir.toFile().deleteOnExit();
      return new Setup(source, out, System.getProperty("java.class.path"), processorPath);
    }

    /**
     * A copy of the generated source, outside the output directory a WITH compile rewrites; a child JVM compiles the
     * parent's copy (generating its own first would warm it up).
     */
    Path pregenerated() throws IOException {
      String given = System.getProperty("hesse.pregenerated");
      if (given != null) {
        return Path.of(given);
      }
      return Files.createDirectories(source.getParent().getParent().resolve("pregenerated"))
          .resolve("FiftyDerivatives.java");
    }

    long generatedLines() throws IOException {
      Path generated = out.resolve("bench/FiftyDerivatives.java");
      if (!Files.exists(generated)) {
        compile(this, Side.WITH);
      }
      Files.copy(generated, pregenerated(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      try (Stream<String> lines = Files.lines(generated)) {
        return lines.count();
      }
    }
  }

  /** Milliseconds for one javac run over the file. */
  static double compile(Setup setup, Side side) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter diagnostics = new StringWriter();
    List<String> options = new ArrayList<>(Arrays.asList("-d", setup.out.toString(), "-s", setup.out.toString(),
        "-classpath", setup.classPath, "--release", "17"));
    if (side == Side.WITH) {
      options.addAll(List.of("-processorpath", setup.processorPath));
    } else {
      options.add("-proc:none");
    }
    List<java.io.File> sources = new ArrayList<>(List.of(setup.source.toFile()));
    if (side == Side.PREGENERATED) {
      sources.add(setup.pregenerated().toFile());
    }
    long start = System.nanoTime();
    try (StandardJavaFileManager files = javac.getStandardFileManager(null, Locale.ROOT, null)) {
      Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromFiles(sources);
      Boolean ok = javac.getTask(diagnostics, files, null, options, null, units).call();
      if (!ok) {
        throw new IllegalStateException("javac failed:\n" + diagnostics);
      }
    }
    double millis = (System.nanoTime() - start) / 1e6;
    if (side == Side.WITH && !Files.exists(setup.out.resolve("bench/FiftyDerivatives.java"))) {
      throw new IllegalStateException("Hesse did not run: check the processor path " + setup.processorPath);
    }
    return millis;
  }

  /** Fifty annotated methods, cycling through five shapes: loops, branches, Math calls, constants, nesting. */
  public static String source() {
    StringBuilder b = new StringBuilder();
    b.append("package bench;\n\nimport dev.hesse.Differentiable;\nimport dev.hesse.NoDerivative;\n\n");
    b.append("public final class Fifty {\n  private Fifty() {}\n");
    for (int k = 0; k < METHODS; k++) {
      double c = 1 + k / 10.0;
      b.append("\n  @Differentiable\n");
      switch (k % 5) {
        case 0 -> b.append(
            String.format(Locale.ROOT, """
              public static double f%d(double[] x) {
                double sum = 0;
                for (int i = 0; i < x.length - 1; i++) {
                  double curve = x[i + 1] - x[i] * x[i];
                  double offset = %s - x[i];
                  sum += 100 * curve * curve + offset * offset;
                }
                return sum;
              }
            """, k, c));
        case 1 -> b.append(
            String.format(Locale.ROOT, """
              public static double f%d(double[] x, @NoDerivative double[][] data, int m) {
                double loss = 0;
                for (int s = 0; s < data.length; s++) {
                  double z = 0;
                  for (int j = 0; j < x.length; j++) {
                    z += x[j] * data[s][j];
                  }
                  loss += Math.log1p(Math.exp(-z * %s)) + m * z * z;
                }
                return loss / data.length;
              }
            """, k, c));
        case 2 -> b.append(
            String.format(Locale.ROOT, """
              public static double f%d(double[] x, double a) {
                double s = 0;
                for (int i = 0; i < x.length; i++) {
                  double u = Math.sin(x[i] * a) + Math.cos(x[i]);
                  if (u > 0) {
                    s += Math.sqrt(1 + u * u) * %s;
                  } else {
                    s -= Math.tanh(u) * a;
                  }
                }
                return s + Math.exp(-a * a);
              }
            """, k, c));
        case 3 -> b.append(
            String.format(Locale.ROOT, """
              public static double f%d(double[] x, @NoDerivative double rest) {
                int n = x.length / 2;
                double e = 0;
                for (int i = 0; i + 1 < n; i++) {
                  double dx = x[2 * (i + 1)] - x[2 * i];
                  double dy = x[2 * (i + 1) + 1] - x[2 * i + 1];
                  double stretch = Math.hypot(dx, dy) - rest;
                  e += %s * stretch * stretch;
                }
                return e;
              }
            """, k, c));
        default -> b.append(
            String.format(Locale.ROOT, """
              public static double f%d(double[] w, @NoDerivative double[][] xs, @NoDerivative double[] ys, int h) {
                int d = xs[0].length;
                double loss = 0;
                for (int s = 0; s < xs.length; s++) {
                  double pred = w[h * d + h];
                  for (int j = 0; j < h; j++) {
                    double a = w[h * d + j];
                    for (int i = 0; i < d; i++) {
                      a += w[j * d + i] * xs[s][i];
                    }
                    pred += Math.tanh(a) * %s;
                  }
                  double r = pred - ys[s];
                  loss += 0.5 * r * r;
                }
                return loss / xs.length;
              }
            """, k, c));
      }
    }
    b.append("}\n");
    return b.toString();
  }
}
