package dev.hesse.samples;

import dev.hesse.Objective;
import dev.hesse.estimate.DiagonalEstimate;
import dev.hesse.estimate.ErrorNorm;
import dev.hesse.estimate.ExactHessian;
import dev.hesse.estimate.Hutchinson;
import dev.hesse.estimate.Sampling;
import dev.hesse.estimate.SparseHessian;
import dev.hesse.estimate.SparsityPattern;
import dev.hesse.optimize.IterationCallback;
import dev.hesse.optimize.TrustRegionNewton;
import dev.hesse.optimize.TrustRegionOptions;
import dev.hesse.optimize.TrustRegionResult;
import java.util.Arrays;

/**
 * The seed example, completed: Rosenbrock's value, exact gradient and Hessian-vector product from code Hesse generated
 * at compile time; the Hessian's diagonal by Hutchinson's estimator with an honest error bar; and the trust-region
 * Newton method the seed left as a TODO.
 */
public final class Demo {
  private Demo() {}

  public static void main(String[] args) {
    seedPoint();
    Objective rosenbrock = RosenbrockDerivatives.rosenbrock();
    int n = 1000;
    double[] start = standardStart(n);
    largeGradient(rosenbrock, start);
    hutchinson(rosenbrock, start);
    trustRegion(rosenbrock, start);
    System.out.println();
    LogisticRegression.main(args);
    System.out.println();
    NeuralNetwork.main(args);
  }

  private static void seedPoint() {
    double[] x = {2.2, 0.21};
    double[] grad = new double[x.length];
    double f = RosenbrockDerivatives.rosenbrockGradient(x, grad);
    System.out.println("Chained Rosenbrock, the seed example");
    System.out.println("  x      = " + Arrays.toString(x));
    System.out.println("  f(x)   = " + f + "   (exact 2145.13)");
    System.out.println("  ∇f(x)  = " + Arrays.toString(grad) + "   (exact [4076.8, -926.0])");
    double[] v = {1.2, 3.1};
    double[] hv = new double[x.length];
    RosenbrockDerivatives.rosenbrockHvp(x, v, hv);
    System.out.println("  v      = " + Arrays.toString(v));
    System.out.println("  H·v    = " + Arrays.toString(hv) + "   (exact [4143.2, -436.0];"
        + " the seed's float32 JAX was off by [-4.9e-4, -6.1e-5])");
    System.out.println("  ∇f·v   = " + RosenbrockDerivatives.rosenbrockDirectional(x, v) + "   (exact 2021.56)");

    Objective rosenbrock = RosenbrockDerivatives.rosenbrock();
    System.out.println();
    System.out.println("Hutchinson diagonal of H, the seed's experiment: x = [2.2, 0.21], 30 Rademacher probes");
    long t0 = System.nanoTime();
    DiagonalEstimate estimate = Hutchinson.diagonal(rosenbrock, x, Sampling.of(30, 0));
    long t1 = System.nanoTime();
    System.out.printf("  Hesse    [%.1f ± %.1f, %.1f ± %.1f]  (%d HVPs, %.2f ms, cold JVM)%n",
        estimate.diagonal()[0], estimate.standardError()[0], estimate.diagonal()[1],
        estimate.standardError()[1], estimate.hvps(), (t1 - t0) / 1e6);
    System.out.println("  seed JAX [5667.3, 141.3]  (no error bar, 1.03 s)");
    System.out.println("  exact    " + Arrays.toString(ExactHessian.diagonal(rosenbrock, x))
        + "  (2 HVPs with unit vectors)");
  }

  private static double[] standardStart(int n) {
    double[] start = new double[n];
    for (int i = 0; i < n; i++) {
      start[i] = (i % 2 == 0) ? -1.2 : 1.0;
    }
    return start;
  }

  private static void largeGradient(Objective rosenbrock, double[] y) {
    int n = y.length;
    double[] g = new double[n];
    long start = System.nanoTime();
    double fy = rosenbrock.gradient(y, g);
    long micros = (System.nanoTime() - start) / 1000;
    double norm = 0;
    for (double gi : g) {
      norm += gi * gi;
    }
    System.out.println();
    System.out.println("Chained Rosenbrock, n = " + n + ", x = (-1.2, 1, -1.2, 1, ...)");
    System.out.println("  f(x)     = " + fy);
    System.out.println("  |∇f(x)|  = " + Math.sqrt(norm));
    System.out.println("  ∇f[0..3] = " + Arrays.toString(Arrays.copyOf(g, 4)));
    System.out.println("  first gradient call took " + micros + " µs (cold JVM)");
  }

  private static void hutchinson(Objective rosenbrock, double[] y) {
    int n = y.length;
    SparseHessian sparse = ExactHessian.sparse(rosenbrock, y, SparsityPattern.tridiagonal(n));
    double[] exactDiagonal = new double[n];
    for (int i = 0; i < n; i++) {
      exactDiagonal[i] = sparse.get(i, i);
    }
    System.out.println();
    System.out.println("Hutchinson diagonal at n = " + n + " against the exact tridiagonal Hessian (from "
        + sparse.hvps() + " HVPs, by column colouring)");
    System.out.println("  samples   rel. error   reported rel. SE     time");
    for (int m : new int[] {10, 30, 100, 300, 1000}) {
      long s = System.nanoTime();
      DiagonalEstimate e = Hutchinson.diagonal(rosenbrock, y, Sampling.of(m, 1));
      long elapsed = System.nanoTime() - s;
      double err = 0;
      double size = 0;
      for (int i = 0; i < n; i++) {
        double d = e.diagonal()[i] - exactDiagonal[i];
        err += d * d;
        size += exactDiagonal[i] * exactDiagonal[i];
      }
      System.out.printf("  %7d   %10.4f   %16.4f   %6.1f ms%n", m, Math.sqrt(err / size),
          e.relativeError(ErrorNorm.NORM), elapsed / 1e6);
    }
  }

  private static void trustRegion(Objective rosenbrock, double[] start) {
    int n = start.length;
    System.out.println();
    System.out.println("Trust-region Newton-CG (Steihaug) on generated HVPs, chained Rosenbrock n = " + n
        + ", from (-1.2, 1, ...)");
    TrustRegionOptions options =
        TrustRegionOptions.builder()
            .gradientTolerance(1e-8)
            .maxIterations(20_000)
            .callback(IterationCallback.progressPrinter(System.out, 1000))
            .build();
    long t0 = System.nanoTime();
    TrustRegionResult result = TrustRegionNewton.minimize(rosenbrock, start, options);
    double seconds = (System.nanoTime() - t0) * 1e-9;
    System.out.println("  " + result.status().message());
    System.out.printf("  f = %.3e, |g| = %.3e, x[0..2] = %s%n", result.value(), result.gradientNorm(),
        Arrays.toString(Arrays.copyOf(result.x(), 3)));
    System.out.printf("  %d iterations, %d HVPs, %d gradients, %d values, %.2f s%n", result.iterations(),
        result.hvpEvaluations(), result.gradientEvaluations(), result.valueEvaluations(), seconds);
  }
}
