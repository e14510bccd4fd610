package dev.hesse.support;

import java.util.Arrays;

/** Helpers for generated code that writes output arrays (gradients, Hessian-vector products). */
public final class Outputs {
  private Outputs() {}

  /**
   * Sets to 0 every element of {@code out} outside {@code [from, to)}, both clamped to {@code [0, out.length]}; every
   * element when {@code to <= from}. Generated code whose loop stores each element of {@code [from, to)} exactly once
   * zeroes the rest with this, instead of zeroing the whole array first and accumulating into it.
   */
  public static void zeroOutside(double[] out, long from, long to) {
    int n = out.length;
    if (to <= from) {
      Arrays.fill(out, 0.0);
      return;
    }
    int lo = (int) Math.max(0, Math.min(from, n));
    int hi = (int) Math.max(0, Math.min(to, n));
    Arrays.fill(out, 0, lo, 0.0);
    Arrays.fill(out, Math.max(lo, hi), n, 0.0);
  }
}
