package dev.hesse.samples;

import dev.hesse.Objective;
import java.util.Arrays;

/** Prints the seed example: Rosenbrock's value and exact gradient, computed by code Hesse generated at compile time. */
public final class Demo {
  private Demo() {}

  public static void main(String[] args) {
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

    int n = 1000;
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = (i % 2 == 0) ? -1.2 : 1.0;
    }
    Objective objective = RosenbrockDerivatives.rosenbrock();
    double[] g = new double[n];
    long start = System.nanoTime();
    double fy = objective.gradient(y, g);
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
}
