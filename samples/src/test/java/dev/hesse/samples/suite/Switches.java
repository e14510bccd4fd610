package dev.hesse.samples.suite;

import dev.hesse.Differentiable;

/** switch on integers: classic and arrow cases, merged labels, default, inside a loop, with continue and return. */
public final class Switches {
  private Switches() {}

  static final int TRIPLE = 3;

  /** Each element weighted by a rule chosen from its index. Domain: all reals (|x| < 5 for the exp). */
  @Differentiable
  public static double byIndex(double[] x, int limit) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      switch (i % 4) {
        case 0:
          s += x[i] * x[i];
          break;
        case 1:
        case 2:
          s += Math.sin(x[i]) * i;
          break;
        case TRIPLE:
          if (i > limit) {
            return s + Math.exp(x[i]);
          }
          continue;
        default:
          s -= x[i];
      }
      switch (i) {
        case 0 -> s *= 1.5;
        case 1, 2 -> {
          double t = x[i] - 0.5;
          s += t * t * t;
        }
        default -> s += 0.25 * x[i] * s;
      }
    }
    return s;
  }
}
