package dev.hesse.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns JMH's JSON result ({@code -rf json}, with {@code -prof gc}) into the one markdown table of the README's
 * Performance section: case, n, time per call, ratio to value, ratio to hand-written, bytes per call; then checks
 * issue 8's targets. Usage: {@code java -cp benchmarks.jar dev.hesse.benchmarks.Report result.json}.
 */
public final class Report {
  private Report() {}

  /** One measured benchmark: mean time in ns, its 99.9% error, and bytes allocated per call (NaN if unknown). */
  record Result(double nanos, double error, double bytes) {}

  /** A row of the table: a benchmark method, its label, and what it is compared with by hand. */
  private record Case(String method, String label, String handMethod, boolean hvp) {}

  private static final List<Case> CASES =
      List.of(
          new Case("value", "value", null, false),
          new Case("hesseGradient", "**Hesse gradient**", "handGradient", false),
          new Case("handGradient", "hand-written gradient", "handGradient", false),
          new Case("fdGradient", "central FD gradient", "handGradient", false),
          new Case("dsGradient", "Hipparchus DerivativeStructure gradient (order 1)", "handGradient", false),
          new Case("hipparchusGradient", "Hipparchus Gradient (order 1)", "handGradient", false),
          new Case("hesseHvp", "**Hesse HVP**", "handHvp", true),
          new Case("hesseObjectiveHvp", "**Hesse Objective.hvp** (no value)", "handHvp", true),
          new Case("hesseHessianAtApply", "**Hesse hessianAt(x).apply(v)**, each H·v at a bound x", "handHvp", true),
          new Case("hesseHessianAtBuild", "Hesse hessianAt(x), binding the operator", null, true),
          new Case("handHvp", "hand-written H·v", "handHvp", true),
          new Case("fdHvp", "central FD of the gradient, H·v", "handHvp", true),
          new Case("dsHvp", "Hipparchus DerivativeStructure Hessian (order 2), H·v", "handHvp", true),
          new Case("fieldGradientHvp", "Hipparchus FieldGradient<Gradient> H·v (fwd over fwd)", "handHvp", true));

  public static void main(String[] args) throws IOException {
    if (args.length == 0) {
      System.err.println("usage: Report jmh-result.json...");
      System.exit(2);
    }
    List<Object> runs = new ArrayList<>();
    for (String file : args) {
      runs.addAll((List<?>) new Json(Files.readString(Path.of(file), StandardCharsets.UTF_8)).parse());
    }
    // function ("Rosenbrock", "Network") -> n -> method -> result
    Map<String, Map<Integer, Map<String, Result>>> results = new java.util.TreeMap<>(); // Rosenbrock first
    for (Object o : runs) {
      Map<?, ?> run = (Map<?, ?>) o;
      String benchmark = (String) run.get("benchmark");
      String[] parts = benchmark.split("\\.");
      String method = parts[parts.length - 1];
      String function = parts[parts.length - 2].startsWith("Network") ? "Two-layer tanh network loss" : "Rosenbrock";
      int n = Integer.parseInt(String.valueOf(((Map<?, ?>) run.get("params")).get("n")));
      Map<?, ?> primary = (Map<?, ?>) run.get("primaryMetric");
      double scale = nanosPer(String.valueOf(primary.get("scoreUnit")));
      double bytes = Double.NaN;
      Object secondary = run.get("secondaryMetrics");
      if (secondary instanceof Map<?, ?> metrics) {
        for (Map.Entry<?, ?> e : metrics.entrySet()) {
          if (String.valueOf(e.getKey()).endsWith("gc.alloc.rate.norm")) {
            bytes = number(((Map<?, ?>) e.getValue()).get("score"));
          }
        }
      }
      results
          .computeIfAbsent(function, k -> new java.util.TreeMap<>())
          .computeIfAbsent(n, k -> new LinkedHashMap<>())
          .put(method, new Result(number(primary.get("score")) * scale, spread(primary) * scale, bytes));
    }
    System.out.println(table(results));
    System.out.println();
    System.out.println(targets(results));
  }

  static String table(Map<String, Map<Integer, Map<String, Result>>> results) {
    StringBuilder out = new StringBuilder();
    out.append("| case | n | time per call | ratio to value | ratio to hand-written | bytes per call |\n");
    out.append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
    for (Map.Entry<String, Map<Integer, Map<String, Result>>> function : results.entrySet()) {
      for (Map.Entry<Integer, Map<String, Result>> size : function.getValue().entrySet()) {
        int n = size.getKey();
        Map<String, Result> byMethod = size.getValue();
        Result value = byMethod.get("value");
        for (Case c : CASES) {
          String label = (c.method.equals("value") ? function.getKey() + " " : "") + c.label;
          Result r = byMethod.get(c.method);
          if (r == null) {
            if (value == null) {
              continue; // a partial run (a filter): say nothing of what was not selected
            }
            String why = notRun(function.getKey(), c.method, n, byMethod, function.getValue());
            if (why != null) {
              out.append(String.format(Locale.ROOT, "| %s | %s | %s | | | |%n", label, count(n), why));
            }
            continue;
          }
          Result hand = c.handMethod == null ? null : byMethod.get(c.handMethod);
          out.append(
              String.format(
                  Locale.ROOT,
                  "| %s | %s | %s | %s | %s | %s |%n",
                  label,
                  count(n),
                  time(r.nanos) + " ± " + percent(r.error / r.nanos),
                  value == null ? "—" : c.method.equals("value") ? "1" : ratio(r.nanos / value.nanos),
                  hand == null ? "—" : ratio(r.nanos / hand.nanos),
                  allocatesNothing(r) ? "0" + (r.bytes >= 0.5 ? " (" + bytes(r.bytes) + ": noise)" : "") : bytes(r.bytes)));
        }
      }
    }
    return out.toString().stripTrailing();
  }

  /** Why a case has no measurement at this n, with the cost it would have (null: not applicable, omit the row). */
  private static String notRun(
      String function, String method, int n, Map<String, Result> here, Map<Integer, Map<String, Result>> all) {
    Result value = here.get("value");
    switch (method) {
      case "fdGradient":
        if (value == null) {
          return null;
        }
        return "not run: 2n + 1 values ≈ " + time(value.nanos * (2.0 * n + 1)) + " (est.)";
      case "dsGradient":
      case "hipparchusGradient":
      case "fieldGradientHvp":
        {
          // O(n) coefficients per intermediate times O(n) intermediates: scale the largest measured n quadratically.
          Map.Entry<Integer, Result> base = largestMeasured(all, method);
          String est =
              base == null
                  ? ""
                  : " ≈ " + time(base.getValue().nanos * Math.pow((double) n / base.getKey(), 2)) + " (est.)";
          return "not run: O(n²), n + 1 coefficients per intermediate" + est;
        }
      case "dsHvp":
        {
          double size = (double) n * (n + 1) / 2 + n + 1;
          return String.format(Locale.ROOT, "not run: %s coefficients per intermediate", count((long) size));
        }
      default:
        return null;
    }
  }

  private static Map.Entry<Integer, Result> largestMeasured(Map<Integer, Map<String, Result>> all, String method) {
    Map.Entry<Integer, Result> best = null;
    for (Map.Entry<Integer, Map<String, Result>> e : all.entrySet()) {
      Result r = e.getValue().get(method);
      if (r != null && (best == null || e.getKey() > best.getKey())) {
        best = Map.entry(e.getKey(), r);
      }
    }
    return best;
  }

  static String targets(Map<String, Map<Integer, Map<String, Result>>> results) {
    Map<Integer, Map<String, Result>> rosen = results.getOrDefault("Rosenbrock", Map.of());
    List<String> lines = new ArrayList<>();
    lines.add("Issue 8 targets (Rosenbrock n = 1 000 000 unless said):");
    Map<String, Result> big = rosen.get(1_000_000);
    if (big != null) {
      check(lines, "generated gradient / hand-written gradient ≤ 1.2", big, "hesseGradient", "handGradient", 1.2, true);
      check(lines, "generated HVP / hand-written H·v ≤ 1.3", big, "hesseHvp", "handHvp", 1.3, true);
      if (big.containsKey("hesseObjectiveHvp")) {
        check(
            lines,
            "generated HVP through Objective.hvp (no value) / hand-written H·v ≤ 1.3",
            big,
            "hesseObjectiveHvp",
            "handHvp",
            1.3,
            true);
      }
      check(lines, "gradient / value ≤ 2.5", big, "hesseGradient", "value", 2.5, true);
      check(lines, "HVP / value ≤ 4", big, "hesseHvp", "value", 4, true);
    }
    for (Map.Entry<Integer, Map<String, Result>> e : rosen.entrySet()) {
      for (String m : new String[] {"hesseGradient", "hesseHvp"}) {
        Result r = e.getValue().get(m);
        if (r != null && !Double.isNaN(r.bytes)) {
          boolean ok = allocatesNothing(r);
          lines.add(
              String.format(
                  Locale.ROOT,
                  "- %s %s at n = %s: %s bytes per call as measured (target 0; below JMH's noise floor counts as 0)",
                  ok ? "met   " : "MISSED",
                  m,
                  count(e.getKey()),
                  allocatesNothing(r) ? "0" + (r.bytes >= 0.5 ? " (" + bytes(r.bytes) + ": noise)" : "") : bytes(r.bytes)));
        }
      }
    }
    Map<String, Result> mid = rosen.get(1000);
    if (mid != null) {
      check(lines, "n = 1 000: DerivativeStructure / generated gradient ≥ 100", mid, "dsGradient", "hesseGradient", 100, false);
      check(lines, "n = 1 000: FD gradient / generated gradient ≥ 100", mid, "fdGradient", "hesseGradient", 100, false);
    }
    lines.add("Many HVPs at one point (a CG loop's 20 H·v at the same x):");
    for (Map.Entry<String, Map<Integer, Map<String, Result>>> function : results.entrySet()) {
      for (Map.Entry<Integer, Map<String, Result>> e : function.getValue().entrySet()) {
        Result fresh = e.getValue().get("hesseHvp");
        Result apply = e.getValue().get("hesseHessianAtApply");
        Result build = e.getValue().get("hesseHessianAtBuild");
        if (fresh == null || apply == null || build == null) {
          continue;
        }
        double bound = build.nanos + 20 * apply.nanos;
        lines.add(
            String.format(
                Locale.ROOT,
                "- %s %s at n = %s: each later H·v / fresh HVP = %s; 20 fresh HVPs %s vs bind + 20 applies %s (%s)",
                apply.nanos < 0.75 * fresh.nanos ? "met   " : "MISSED",
                function.getKey(),
                count(e.getKey()),
                ratio(apply.nanos / fresh.nanos),
                time(20 * fresh.nanos),
                time(bound),
                ratio(bound / (20 * fresh.nanos))));
      }
    }
    return String.join("\n", lines);
  }

  private static void check(
      List<String> lines, String what, Map<String, Result> at, String a, String b, double bound, boolean atMost) {
    Result ra = at.get(a);
    Result rb = at.get(b);
    if (ra == null || rb == null) {
      return;
    }
    double r = ra.nanos / rb.nanos;
    boolean ok = atMost ? r <= bound : r >= bound;
    lines.add(String.format(Locale.ROOT, "- %s %s: %s", ok ? "met   " : "MISSED", what, ratio(r)));
  }

  /**
   * Half the range of the measurement iterations' scores: with JMH's few iterations its 99.9% confidence half-width
   * (Student t with 2 degrees of freedom) is uninformatively wide, and the spread is what a reader can judge.
   */
  private static double spread(Map<?, ?> primary) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    if (primary.get("rawData") instanceof List<?> forks) {
      for (Object fork : forks) {
        for (Object x : (List<?>) fork) {
          lo = Math.min(lo, number(x));
          hi = Math.max(hi, number(x));
        }
      }
    }
    return hi >= lo ? (hi - lo) / 2 : Double.NaN;
  }

  /**
   * JMH's GC profiler divides what the whole iteration allocated (its own bookkeeping included, a few KB) by the calls
   * made: for slow calls that leaves tens of bytes per call from code that allocates nothing. Below this many bytes in
   * a second of calls a measurement is indistinguishable from zero.
   */
  static final double NOISE_BYTES_PER_SECOND = 64 * 1024;

  static boolean allocatesNothing(Result r) {
    return r.bytes * (1e9 / r.nanos) < NOISE_BYTES_PER_SECOND || r.bytes < 0.5;
  }

  // ---- formatting ----

  private static double nanosPer(String unit) {
    switch (unit) {
      case "ns/op":
        return 1;
      case "us/op":
        return 1e3;
      case "ms/op":
        return 1e6;
      case "s/op":
        return 1e9;
      default:
        throw new IllegalArgumentException("unexpected unit " + unit + ": run JMH in average-time mode");
    }
  }

  static String time(double nanos) {
    if (nanos < 1e3) {
      return sig(nanos) + " ns";
    } else if (nanos < 1e6) {
      return sig(nanos / 1e3) + " µs";
    } else if (nanos < 1e9) {
      return sig(nanos / 1e6) + " ms";
    } else if (nanos < 3600e9) {
      return sig(nanos / 1e9) + " s";
    } else if (nanos < 86400e9 * 2) {
      return sig(nanos / 3600e9) + " h";
    }
    return sig(nanos / 86400e9) + " days";
  }

  /** Three significant digits, no exponent. */
  private static String sig(double x) {
    if (x >= 100) {
      return String.format(Locale.ROOT, "%,.0f", x);
    } else if (x >= 10) {
      return String.format(Locale.ROOT, "%.1f", x);
    }
    return String.format(Locale.ROOT, "%.2f", x);
  }

  private static String ratio(double r) {
    return r >= 100 ? String.format(Locale.ROOT, "%,.0f", r) : sig(r);
  }

  private static String percent(double fraction) {
    return Double.isNaN(fraction) ? "?" : String.format(Locale.ROOT, "%.0f%%", Math.max(fraction * 100, 0.5));
  }

  private static String bytes(double b) {
    if (Double.isNaN(b)) {
      return "?";
    }
    return b < 0.5 ? "0" : String.format(Locale.ROOT, "%,.0f", b);
  }

  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n).replace(',', ' ');
  }

  private static double number(Object o) {
    if (o instanceof Double d) {
      return d;
    }
    try {
      return Double.parseDouble(String.valueOf(o));
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  /** Just enough JSON for JMH's result file: objects, arrays, strings, numbers, true/false/null. */
  static final class Json {
    private final String s;
    private int i;

    Json(String s) {
      this.s = s;
    }

    Object parse() {
      Object v = value();
      space();
      if (i != s.length()) {
        throw error("trailing text");
      }
      return v;
    }

    private Object value() {
      space();
      char c = s.charAt(i);
      switch (c) {
        case '{':
          {
            i++;
            Map<String, Object> map = new LinkedHashMap<>();
            space();
            if (s.charAt(i) == '}') {
              i++;
              return map;
            }
            while (true) {
              space();
              String key = string();
              space();
              expect(':');
              map.put(key, value());
              space();
              if (s.charAt(i) == ',') {
                i++;
              } else {
                expect('}');
                return map;
              }
            }
          }
        case '[':
          {
            i++;
            List<Object> list = new ArrayList<>();
            space();
            if (s.charAt(i) == ']') {
              i++;
              return list;
            }
            while (true) {
              list.add(value());
              space();
              if (s.charAt(i) == ',') {
                i++;
              } else {
                expect(']');
                return list;
              }
            }
          }
        case '"':
          return string();
        default:
          if (s.startsWith("true", i)) {
            i += 4;
            return Boolean.TRUE;
          } else if (s.startsWith("false", i)) {
            i += 5;
            return Boolean.FALSE;
          } else if (s.startsWith("null", i)) {
            i += 4;
            return null;
          }
          int start = i;
          while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
            i++;
          }
          if (start == i) {
            throw error("unexpected character");
          }
          return Double.parseDouble(s.substring(start, i));
      }
    }

    private String string() {
      expect('"');
      StringBuilder b = new StringBuilder();
      while (true) {
        char c = s.charAt(i++);
        if (c == '"') {
          return b.toString();
        } else if (c == '\\') {
          char e = s.charAt(i++);
          switch (e) {
            case 'n' -> b.append('\n');
            case 't' -> b.append('\t');
            case 'r' -> b.append('\r');
            case 'b' -> b.append('\b');
            case 'f' -> b.append('\f');
            case 'u' -> {
              b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
              i += 4;
            }
            default -> b.append(e);
          }
        } else {
          b.append(c);
        }
      }
    }

    private void space() {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
    }

    private void expect(char c) {
      if (i >= s.length() || s.charAt(i) != c) {
        throw error("expected '" + c + "'");
      }
      i++;
    }

    private IllegalArgumentException error(String what) {
      return new IllegalArgumentException("JSON: " + what + " at offset " + i);
    }
  }
}
