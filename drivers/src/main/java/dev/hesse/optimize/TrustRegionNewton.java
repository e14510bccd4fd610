package dev.hesse.optimize;

import dev.hesse.Objective;
import java.util.Objects;

/**
 * Hessian-free trust-region Newton method: minimises any {@link Objective} from its value, gradient and
 * Hessian-vector products, never forming the Hessian.
 *
 * <p>The outer loop is the standard trust-region method (Nocedal &amp; Wright, <i>Numerical Optimization</i>, 2nd ed.,
 * Algorithm 4.1): at iterate x_k solve the subproblem min m_k(p) = f + gᵀp + ½ pᵀHp subject to ‖p‖ ≤ Δ_k
 * approximately with Steihaug–Toint truncated CG (Algorithm 7.2, see {@code SteihaugCg}); compare the actual
 * reduction with the predicted one, ρ = (f(x) − f(x+p)) / (m(0) − m(p)); shrink Δ to ¼·min(Δ, ‖p‖) when ρ &lt; ¼,
 * double it (up to Δ̂) when ρ &gt; ¾ and the step reached the boundary; move to x + p when ρ &gt; η. It is the
 * method of SciPy's {@code minimize(method='trust-ncg')} and, with a diagonal preconditioner, close to LIBLINEAR's
 * TRON.
 *
 * <p>Guarantees: the returned point is the lowest the run evaluated (the iterates decrease monotonically; a rejected
 * trial point that happened to be lower is returned instead); a NaN or infinite value or gradient at a trial point
 * rejects the step and shrinks the radius, it never enters x. f is evaluated at trial points only; ∇f only at
 * accepted ones. When the predicted reduction is below f's rounding noise, a step is accepted if f does not increase
 * (the ratio test is meaningless there), so convergence to tight gradient tolerances does not stall on rounding.
 */
public final class TrustRegionNewton {
  /**
   * A predicted reduction below this many units of f's relative rounding error (1e3 · ε · |f|) cannot be compared
   * with the actual one (Conn, Gould &amp; Toint, <i>Trust-Region Methods</i>, §17.4.2).
   */
  private static final double ROUNDING_NOISE = 1e3 * Math.ulp(1.0);

  private TrustRegionNewton() {}

  /** Minimises {@code objective} from {@code x0} with the {@linkplain TrustRegionOptions#defaults() defaults}. */
  public static TrustRegionResult minimize(Objective objective, double[] x0) {
    return minimize(objective, x0, TrustRegionOptions.defaults());
  }

  /**
   * Minimises {@code objective} from {@code x0} (not modified).
   *
   * @throws IllegalArgumentException if {@code x0} is empty
   */
  public static TrustRegionResult minimize(Objective objective, double[] x0, TrustRegionOptions options) {
    Objects.requireNonNull(objective, "objective");
    Objects.requireNonNull(x0, "x0");
    Objects.requireNonNull(options, "options");
    if (x0.length == 0) {
      throw new IllegalArgumentException("x0 must have at least one entry");
    }
    return new Run(objective, x0, options).run();
  }

  /** The state of one minimisation. */
  private static final class Run {
    private final CountingObjective f;
    private final TrustRegionOptions options;
    private final int n;
    private final long start = System.nanoTime();
    private QuadraticModel model;
    private double radius;
    private int iterations;
    private long cgSteps;
    private double[] scale;
    private int acceptedSinceRefresh;
    /** The lowest rejected trial point, if lower than the current iterate. */
    private double[] bestTrial;
    private double bestTrialValue = Double.POSITIVE_INFINITY;

    Run(Objective objective, double[] x0, TrustRegionOptions options) {
      this.f = new CountingObjective(objective);
      this.options = options;
      this.n = x0.length;
      double[] x = x0.clone();
      double[] g = new double[n];
      double value = f.gradient(x, g);
      this.model = new QuadraticModel(f, x, value, g);
      this.radius = options.initialRadius();
      this.acceptedSinceRefresh = options.preconditionerRefresh();
    }

    TrustRegionResult run() {
      if (!Double.isFinite(model.value()) || !Double.isFinite(model.gradientNorm())) {
        return result(TrustRegionStatus.OBJECTIVE_NOT_FINITE);
      }
      int maxCg = options.maxCgSteps().orElse(n);
      SteihaugCg solver = new SteihaugCg(n, maxCg);
      double[] trial = new double[n];
      double[] spareGradient = new double[n];
      boolean lastRejectNotFinite = false;
      while (true) {
        if (model.gradientNorm() <= options.gradientTolerance()) {
          return result(TrustRegionStatus.CONVERGED);
        }
        if (iterations >= options.maxIterations()) {
          return result(TrustRegionStatus.MAX_ITERATIONS);
        }
        if (f.hvps() >= options.maxHvps()) {
          return result(TrustRegionStatus.MAX_HVPS);
        }
        iterations++;
        refreshPreconditioner();
        long budget = Math.max(1, options.maxHvps() - f.hvps());
        SubproblemStep step = solver.solve(model, scale, radius, budget);
        cgSteps += step.cgSteps();
        double[] x = model.x();
        double[] p = step.p();
        for (int i = 0; i < n; i++) {
          trial[i] = x[i] + p[i];
        }
        double trialValue = f.value(trial);
        boolean accepted = false;
        double rho;
        double shrunk = 0.25 * Math.min(radius, step.norm());
        if (!Double.isFinite(trialValue)) {
          rho = Double.NaN;
          radius = shrunk;
          lastRejectNotFinite = true;
        } else {
          lastRejectNotFinite = false;
          double predicted = step.predictedReduction();
          if (predicted > ROUNDING_NOISE * Math.abs(model.value())) {
            rho = (model.value() - trialValue) / predicted;
          } else {
            // At the rounding floor of f the ratio is noise: take the step if f does not increase (it is a Newton
            // step on a model that is exact to rounding), otherwise count it a failure.
            rho = trialValue <= model.value() && predicted > 0 ? 1.0 : Double.NEGATIVE_INFINITY;
          }
          if (rho < 0.25) {
            radius = shrunk;
          } else if (rho > 0.75 && step.hitsBoundary()) {
            radius = Math.min(2 * radius, options.maxRadius());
          }
          if (rho > options.eta()) {
            double[] g = spareGradient;
            double value = f.gradient(trial, g);
            if (Double.isFinite(value) && Vectors.allFinite(g)) {
              // Accept: the new model takes the trial arrays; the old iterate's become the next buffers.
              spareGradient = model.gradient();
              model = new QuadraticModel(f, trial, value, g);
              trial = x;
              accepted = true;
              acceptedSinceRefresh++;
              if (bestTrial != null && bestTrialValue >= model.value()) {
                bestTrial = null;
                bestTrialValue = Double.POSITIVE_INFINITY;
              }
            } else {
              rho = Double.NaN;
              radius = shrunk;
              lastRejectNotFinite = true;
            }
          } else if (trialValue < model.value() && trialValue < bestTrialValue) {
            bestTrial = bestTrial == null ? trial.clone() : copyInto(trial, bestTrial);
            bestTrialValue = trialValue;
          }
        }
        if (options.callback().isPresent()) {
          TrustRegionIteration info = new TrustRegionIteration(iterations, model.x(), model.value(),
              model.gradientNorm(), radius, step.cgSteps(), step.hitsBoundary(), accepted, rho, f.hvps(),
              System.nanoTime() - start);
          if (!options.callback().get().onIteration(info)) {
            return result(TrustRegionStatus.STOPPED_BY_CALLBACK);
          }
        }
        if (!accepted) {
          double xNorm = Math.sqrt(Vectors.dot(scale, model.x(), model.x()));
          if (radius < options.radiusTolerance() * Math.max(1.0, xNorm)) {
            return result(lastRejectNotFinite
                ? TrustRegionStatus.OBJECTIVE_NOT_FINITE
                : TrustRegionStatus.RADIUS_COLLAPSED);
          }
        }
      }
    }

    /** Re-estimates D after every {@code preconditionerRefresh} accepted steps. */
    private void refreshPreconditioner() {
      if (options.preconditioner().isEmpty() || acceptedSinceRefresh < options.preconditionerRefresh()) {
        return;
      }
      acceptedSinceRefresh = 0;
      double[] diagonal = new double[n];
      options.preconditioner().get().estimate(f, model.x(), diagonal);
      double max = 0;
      for (double v : diagonal) {
        if (!Double.isFinite(v)) {
          max = Double.NaN;
          break;
        }
        max = Math.max(max, Math.abs(v));
      }
      if (!(max > 0) || max == Double.POSITIVE_INFINITY) {
        return; // Unusable estimate: keep the previous scaling (or none).
      }
      double floor = options.diagonalFloor() * max;
      for (int i = 0; i < n; i++) {
        diagonal[i] = Math.max(Math.abs(diagonal[i]), floor);
      }
      scale = diagonal;
    }

    private TrustRegionResult result(TrustRegionStatus status) {
      double[] x = model.x();
      double value = model.value();
      double[] g = model.gradient();
      if (bestTrial != null && bestTrialValue < value) {
        double[] gBest = new double[n];
        double vBest = f.gradient(bestTrial, gBest);
        if (Double.isFinite(vBest) && vBest < value && Vectors.allFinite(gBest)) {
          x = bestTrial;
          value = vBest;
          g = gBest;
        }
      }
      return new TrustRegionResult(x.clone(), value, g.clone(), Vectors.norm(g), iterations, f.values(),
          f.gradients(), f.hvps(), cgSteps, radius, status);
    }

    private static double[] copyInto(double[] from, double[] to) {
      System.arraycopy(from, 0, to, 0, from.length);
      return to;
    }
  }
}
