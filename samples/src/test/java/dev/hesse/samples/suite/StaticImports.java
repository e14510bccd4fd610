package dev.hesse.samples.suite;

import static java.lang.Math.PI;
import static java.lang.Math.exp;
import static java.lang.StrictMath.sin;

import dev.hesse.Differentiable;

/** Math functions and constants reached through static imports, as many users write them. */
public final class StaticImports {
  private StaticImports() {}

  /** PI · sin(x0) + exp(x0 · x1 / 2) (sin from StrictMath). Domain: all reals. */
  @Differentiable
  public static double imported(double[] x) {
    return PI * sin(x[0]) + exp(x[0] * x[1] / 2);
  }
}
