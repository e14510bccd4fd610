package dev.hesse.optimize;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Objects;

/** Observes a trust-region run after every iteration, and may stop it. */
@FunctionalInterface
public interface IterationCallback {

  /**
   * Called after every iteration, accepted or rejected.
   *
   * @return {@code true} to continue, {@code false} to stop the run with {@link TrustRegionStatus#STOPPED_BY_CALLBACK}
   */
  boolean onIteration(TrustRegionIteration iteration);

  /** Runs this callback, then {@code next}; the run continues only if both say so. */
  default IterationCallback andThen(IterationCallback next) {
    Objects.requireNonNull(next, "next");
    return it -> onIteration(it) & next.onIteration(it);
  }

  /** A progress printer that writes every iteration to {@code out}. */
  static IterationCallback progressPrinter(PrintStream out) {
    return progressPrinter(out, 1);
  }

  /**
   * A progress printer: a header, then one line every {@code every} iterations with the iteration, f, ‖g‖, the radius,
   * the CG steps of that iteration, whether the step was accepted, the HVPs so far and the elapsed time:
   *
   * <pre>
   *  iter               f        |g|     radius    cg acc     hvps     time
   *     1  4.73130000e+03   2.33e+03   4.00e+00     1  +         1   0.003s
   * </pre>
   */
  static IterationCallback progressPrinter(PrintStream out, int every) {
    Objects.requireNonNull(out, "out");
    if (every < 1) {
      throw new IllegalArgumentException("progress printer interval must be at least 1, got " + every);
    }
    return it -> {
      if (it.iteration() == 1) {
        out.println(" iter               f        |g|     radius    cg acc     hvps     time");
      }
      if (it.iteration() % every == 0 || it.iteration() == 1) {
        out.println(String.format(Locale.ROOT, "%5d  %14.8e  %9.2e  %9.2e  %4d  %s  %8d  %6.3fs",
            it.iteration(), it.value(), it.gradientNorm(), it.radius(), it.cgSteps(), it.accepted() ? "+" : "-",
            it.hvpEvaluations(), it.elapsedNanos() * 1e-9));
      }
      return true;
    };
  }
}
