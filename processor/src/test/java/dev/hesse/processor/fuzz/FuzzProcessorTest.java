package dev.hesse.processor.fuzz;

import dev.hesse.processor.fuzz.Ast.E;
import dev.hesse.processor.fuzz.Ast.Program;
import dev.hesse.processor.fuzz.Ast.S;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import net.jqwik.api.statistics.Statistics;

/**
 * Differential fuzzing of the processor (issue 4): random well-typed programs in Hesse's language ({@link Gen}) are
 * compiled with the real processor, 25 methods per javac run ({@link BatchCompiler}), loaded, and their generated
 * {@code fGradient}, {@code fHvp}, {@code fDirectional}, {@code fHessianAt}, the {@code Objective} factory and the
 * building blocks are checked against an independent oracle ({@link Oracle}
 * over {@link Taylor} numbers: an interpreter of the same programs with its own forward-mode first and second
 * derivatives), and the oracle against finite differences of the compiled method ({@link Checker} explains the
 * tolerances). A failing batch shrinks to a single minimal program, reported with its point, its direction and the
 * generated code; every bug found becomes a test in {@link FuzzRegressionTest}.
 *
 * <p>CI runs 24 batches of 25 programs (600 programs, about 88 % of them checked; the rest are skipped at exact kinks
 * or non-finite intermediates, counted in the statistics jqwik prints). Time on two cores, quiet: about 47 s (46.6 s
 * in a full build on 30 November 2026, with every construct listed in {@link Gen}; the nested loops of
 * {@link Gen#nested} did not change it: 52.7 and 58.9 s before, 53.0 s after, the fuzz test alone on the same machine); under
 * load (average 4–5) 105–140 s. Long campaign (N programs, rounded up to whole batches):
 *
 * <pre>
 *   mvn -B -ntp install -DskipTests -pl runtime
 *   mvn -B -ntp test -pl processor -Dtest=FuzzProcessorTest -Dhesse.fuzz.programs=100000 -Dhesse.fuzz.seed=random
 * </pre>
 *
 * <p>Without {@code -Dhesse.fuzz.seed}, the run uses CI's fixed seed, so CI checks the same 600 programs each time.
 *
 * <p>Replay a failure with the seed jqwik prints: {@code -Dhesse.fuzz.seed=<seed>} (jqwik also retries the last
 * failing sample first by itself, from {@code processor/target/jqwik-database}). {@code -Dhesse.fuzz.verbose=true}
 * prints the javac and check time of every batch.
 */
class FuzzProcessorTest {
  /** Programs compiled per javac run. */
  static final int BATCH = 25;

  /** Programs in CI: 24 batches. */
  static final int CI_PROGRAMS = 600;

  /** CI's fixed seed; {@code -Dhesse.fuzz.seed=random} draws a new one (jqwik prints it). */
  static final String CI_SEED = "20261129";

  private static final Set<String> PASSED = ConcurrentHashMap.newKeySet();
  private static final AtomicInteger CHECKED = new AtomicInteger();
  private static final AtomicInteger SKIPPED = new AtomicInteger();
  private static final AtomicInteger FD_CHECKED = new AtomicInteger();
  private static final ExecutorService RUNNER =
      Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fuzz-runner");
        t.setDaemon(true);
        return t;
      });

  /** Sets tries from {@code -Dhesse.fuzz.programs} and the seed from {@code -Dhesse.fuzz.seed}. */
  static final class Campaign implements AroundPropertyHook {
    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
      int programs = Integer.getInteger("hesse.fuzz.programs", CI_PROGRAMS);
      context.attributes().setTries((programs + BATCH - 1) / BATCH);
      // CI checks the same programs on every run (a landing must not depend on luck); campaigns explore.
      String seed = System.getProperty("hesse.fuzz.seed", CI_SEED);
      if (!seed.isBlank() && !seed.equals("random")) {
        context.attributes().setSeed(seed);
      }
      return property.execute();
    }

    @Override
    public int aroundPropertyProximity() {
      return -100; // outermost: attributes must be set before the property starts
    }
  }

  @Provide
  Arbitrary<List<Program>> batches() {
    return Gen.batches(BATCH);
  }

  @Property(edgeCases = EdgeCasesMode.NONE)
  @AddLifecycleHook(Campaign.class)
  void generatedDerivativesMatchTheOracle(@ForAll("batches") List<Program> batch) throws Exception {
    // Programs already checked in this JVM pass without compiling again: shrinking a failing batch then costs one
    // javac run per candidate that still holds the failing program, not one per candidate batch.
    List<Program> fresh = new ArrayList<>();
    for (Program p : batch) {
      if (!PASSED.contains(p.toString())) {
        fresh.add(p);
      }
    }
    if (fresh.isEmpty()) {
      return;
    }
    long start = System.nanoTime();
    BatchCompiler.Loaded loaded = null;
    while (loaded == null) {
      try {
        loaded = BatchCompiler.compile(fresh);
      } catch (BatchCompiler.TooLarge e) {
        // Hesse refused a method with its documented size error: skip it, check the others.
        List<Program> kept = new ArrayList<>();
        for (int k = 0; k < fresh.size(); k++) {
          if (e.methods.contains("f" + k)) {
            PASSED.add(fresh.get(k).toString());
            SKIPPED.incrementAndGet();
            Statistics.label("programs").collect("skipped: derivative code over 64 KB (HesseCodeTooLarge)");
          } else {
            kept.add(fresh.get(k));
          }
        }
        fresh = kept;
        if (fresh.isEmpty()) {
          return;
        }
      }
    }
    BatchCompiler.Loaded compiled = loaded;
    long compiledAt = System.nanoTime();
    List<Program> checked = fresh;
    for (int k = 0; k < checked.size(); k++) {
      int index = k;
      Future<Checker.Outcome> future = RUNNER.submit(() -> Checker.check(compiled, index, checked.get(index)));
      Checker.Outcome outcome;
      try {
        outcome = future.get(60, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        future.cancel(true);
        throw new AssertionError("program did not finish within 60 s (a generated derivative loops?):"
            + checked.get(index));
      } catch (ExecutionException e) {
        if (e.getCause() instanceof Error err) {
          throw err;
        }
        throw e;
      }
      PASSED.add(checked.get(index).toString());
      Statistics.label("programs").collect(outcome.label());
      String text = checked.get(index).toString();
      Statistics.label("local arrays").collect(text.contains(" = new "));
      Statistics.label("differentiable double[][] mm").collect(text.contains("double[][] mm"));
      Statistics.label("long[], boolean[] or int[][] locals").collect(text.matches("(?s).* (hl|hb|hi) = new .*"));
      Statistics.label("locals sized at run time").collect(text.matches("(?s).* (hx|hn|hc) = new .*"));
      Statistics.label("var local arrays").collect(text.contains("var h"));
      Statistics.label("var in enhanced for").collect(text.contains("for (var "));
      Statistics.label("row lengths m[...].length").collect(text.matches("(?s).*\\b\\w+\\[[^\\]]*\\]\\.length.*"));
      Statistics.label("calls of helpers").collect(text.matches("(?s).*\\b(hlp1|hlp2|hlp3|cube|smul|scl)\\(.*"));
      String code = Checker.excerpt(compiled.generated(), "f" + k);
      Statistics.label("reverse reads a nested loop's results from a tape")
          .collect(code != null && code.matches("(?s).*(Trips|tripsTape)\\w*\\.pop\\(\\).*"));
      Statistics.label("reverse reads a saved call from a tape")
          .collect(code != null && code.matches("(?s).*\\b(sin|cos|tan|asin|acos|atan|atan2|sinh|cosh|tanh|exp|expm1"
              + "|log|log1p|log10|sqrt|cbrt|pow|hypot)(Of\\w+|Value)Tape\\w*\\.pop\\(\\).*"));
      Statistics.label("Math call in a loop nested in a top-level loop that statements follow")
          .collect(nestedCall(checked.get(index)));
      Statistics.label("recomputation in a reverse iteration reads a saved call back")
          .collect(code != null && RECOMPUTED_SAVED_CALL.matcher(code).find());
      Statistics.label("reverse iteration re-runs a loop that saves a call")
          .collect(rerunsSavedCall(compiled.generated(), "f" + k));
      Statistics.label("building blocks checked").collect(outcome.checked() && !checked.get(index).receiver()
          && !text.contains("double[][] mm"));
      if (outcome.checked()) {
        CHECKED.incrementAndGet();
        if (outcome.label().equals("checked")) {
          FD_CHECKED.incrementAndGet();
        }
      } else {
        SKIPPED.incrementAndGet();
      }
    }
    verbose("batch of %d: javac %d ms, checks %d ms", checked.size(), (compiledAt - start) / 1_000_000,
        (System.nanoTime() - compiledAt) / 1_000_000);
  }

  /** The Math functions whose value an assignment's adjoint evaluates again (not abs, min, max, floor...). */
  private static final Set<Ast.Fn> SAVED = EnumSet.complementOf(EnumSet.of(Ast.Fn.ABS, Ast.Fn.MIN, Ast.Fn.MAX,
      Ast.Fn.FLOOR, Ast.Fn.CEIL, Ast.Fn.RINT, Ast.Fn.ROUND, Ast.Fn.SIGNUM));

  /**
   * The shape {@link Gen#nested} generates, wherever it comes from: a top-level loop that is not the body's last
   * statement, with a loop inside whose iteration assigns a value with a Math call the adjoint evaluates again.
   */
  static boolean nestedCall(Program p) {
    List<S> body = p.body();
    for (int k = 0; k < body.size() - 1; k++) {
      List<S> iteration = loopBody(body.get(k));
      if (iteration != null && anyNested(iteration, s -> {
        List<S> inner = loopBody(s);
        return inner != null && anyNested(inner, t -> t instanceof Ast.Assign a && savedCall(a.value())
            || t instanceof Ast.Compound c && savedCall(c.value()));
      })) {
        return true;
      }
    }
    return false;
  }

  /** The statements of a loop's body, or null for any other statement. */
  private static List<S> loopBody(S s) {
    return s instanceof Ast.For f ? f.body() : s instanceof Ast.While w ? w.body()
        : s instanceof Ast.ForEach e ? e.body() : s instanceof Ast.ForEachRow r ? r.each().body() : null;
  }

  /** Whether a statement in {@code stmts}, or nested in one of them at any depth, matches. */
  private static boolean anyNested(List<S> stmts, Predicate<S> match) {
    for (S s : stmts) {
      if (match.test(s)) {
        return true;
      }
      List<List<S>> parts = new ArrayList<>();
      if (loopBody(s) != null) {
        parts.add(loopBody(s));
      } else if (s instanceof Ast.If i) {
        parts.add(i.then());
        parts.add(i.otherwise());
      } else if (s instanceof Ast.Scope sc) {
        parts.add(sc.body());
      } else if (s instanceof Ast.Switch sw) {
        parts.addAll(sw.groups());
        if (sw.otherwise() != null) {
          parts.add(sw.otherwise());
        }
      }
      for (List<S> part : parts) {
        if (anyNested(part, match)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean savedCall(E e) {
    if (e instanceof Ast.Call c && SAVED.contains(c.fn())) {
      return true;
    }
    List<E> parts = e instanceof Ast.Call c ? c.args() : e instanceof Ast.Bin b ? List.of(b.l(), b.r())
        : e instanceof Ast.Un u ? List.of(u.x()) : e instanceof Ast.Cast c ? List.of(c.x())
        : e instanceof Ast.Cond c ? List.of(c.c(), c.a(), c.b()) : e instanceof Ast.Invoke i ? i.args() : List.of();
    return parts.stream().anyMatch(FuzzProcessorTest::savedCall);
  }

  /**
   * Whether the generated gradient pushes a saved call's value in its reverse sweep (after the first count-down of a
   * loop's trips): a loop re-run inside an enclosing loop's reverse iteration, where only what that reverse needs is
   * computed, saves a call for its own reverse.
   */
  static boolean rerunsSavedCall(String generated, String name) {
    String code = Checker.excerpt(generated, name);
    if (code == null) {
      return false;
    }
    int end = code.indexOf("\n  }\n");
    Matcher reverse = COUNT_DOWN.matcher(code);
    return reverse.find() && reverse.start() < end && SAVED_PUSH.matcher(code).region(reverse.end(), end).find();
  }

  private static final Pattern RECOMPUTED_SAVED_CALL = Pattern.compile("(?s)Recompute this iteration's values\\.(?:(?!"
      + "adjoint of).)*?\\b(sin|cos|tan|asin|acos|atan|atan2|sinh|cosh|tanh|exp|expm1|log|log1p|log10|sqrt|cbrt|pow"
      + "|hypot)(Of\\w+|Value)Tape\\w*\\.pop\\(\\)");
  private static final Pattern COUNT_DOWN = Pattern.compile("for \\(; trips\\w* > 0; trips\\w*--\\)");
  private static final Pattern SAVED_PUSH = Pattern.compile("\\b(sin|cos|tan|asin|acos|atan|atan2|sinh|cosh|tanh|exp"
      + "|expm1|log|log1p|log10|sqrt|cbrt|pow|hypot)(Of\\w+|Value)Tape\\w*\\.push\\(");

  private static void verbose(String format, Object... args) {
    if (Boolean.getBoolean("hesse.fuzz.verbose")) {
      System.out.printf(format + "%n", args);
    }
  }

  @AfterContainer
  static void summary() {
    System.out.printf(
        "Hesse fuzz: %d programs checked against the oracle (%d also against finite differences), %d skipped%n",
        CHECKED.get(), FD_CHECKED.get(), SKIPPED.get());
  }
}
