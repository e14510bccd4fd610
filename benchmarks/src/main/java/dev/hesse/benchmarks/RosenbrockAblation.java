package dev.hesse.benchmarks;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Where the generated Rosenbrock gradient and HVP lose time against the hand-written ones: the generated code (copied
 * from {@code FunctionsDerivatives} as of this writing, fused forward/reverse loop) with one inefficiency removed at
 * a time, cumulatively. Not part of {@code benchmarks/run}'s default set; run with
 * {@code benchmarks/run RosenbrockAblation}. Each step is a rewrite the generator could make.
 *
 * <p>g0 and h0 are the generator's output before the second round of issue 8. It now emits the memory shape of g4
 * and h2 (each element stored once from locals, no fill, one update per adjoint), but only with exact rewrites (2·e
 * for e + e; no reassociation such as 200·c for 2·(100·c)), so its values are those of g0 and h0; mHvp still
 * computes the value, Objective.hvp for Rosenbrock does not.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class RosenbrockAblation {
  @Param({"1000", "1000000"})
  public int n;

  double[] x;
  double[] v;
  double[] out;

  @Setup
  public void setup() {
    x = Data.uniform(1, n, -1.2, 1.2);
    v = Data.uniform(2, n, -1, 1);
    out = new double[n];
  }

  // ---------------- gradient ----------------

  /** g0: the generated gradient as emitted. */
  @Benchmark
  public double g0Generated() {
    double[] gradOut = out;
    double sumBar = 0.0;
    double curve;
    double offset;
    double curveBar = 0.0;
    double offsetBar = 0.0;
    Arrays.fill(gradOut, 0.0);
    double[] xBar = gradOut;
    double sum = 0;
    sumBar += 1.0;
    for (int i = 0; i < x.length - 1; i++) {
      curve = x[i + 1] - x[i] * x[i];
      offset = 1 - x[i];
      sum += 100 * curve * curve + offset * offset;
      curveBar += sumBar * curve * 100;
      curveBar += sumBar * (100 * curve);
      offsetBar += sumBar * offset;
      offsetBar += sumBar * offset;
      xBar[i] -= offsetBar;
      offsetBar = 0.0;
      xBar[i + 1] += curveBar;
      xBar[i] -= curveBar * x[i];
      xBar[i] -= curveBar * x[i];
      curveBar = 0.0;
    }
    return sum;
  }

  /** g1: the product rule's twin terms merged (c·c → 2c, x·x → 2x): one update per adjoint. */
  @Benchmark
  public double g1MergedTwins() {
    double[] xBar = out;
    double sumBar = 0.0;
    Arrays.fill(xBar, 0.0);
    double sum = 0;
    sumBar += 1.0;
    for (int i = 0; i < x.length - 1; i++) {
      double curve = x[i + 1] - x[i] * x[i];
      double offset = 1 - x[i];
      sum += 100 * curve * curve + offset * offset;
      double curveBar = sumBar * 200 * curve;
      double offsetBar = sumBar * 2 * offset;
      xBar[i] -= offsetBar;
      xBar[i + 1] += curveBar;
      xBar[i] -= 2 * curveBar * x[i];
    }
    return sum;
  }

  /**
   * g2: g1 with each element's adjoint updated once per iteration (its contributions summed in a local first): one
   * load and one store of xBar[i] instead of two of each, and x[i] loaded once (a store to xBar, which may alias x,
   * forces the JIT to reload x[i] after it).
   */
  @Benchmark
  public double g2OneStorePerElement() {
    double[] xBar = out;
    Arrays.fill(xBar, 0.0);
    double sum = 0;
    double sumBar = 1.0;
    for (int i = 0; i < x.length - 1; i++) {
      double xi = x[i];
      double curve = x[i + 1] - xi * xi;
      double offset = 1 - xi;
      sum += 100 * curve * curve + offset * offset;
      double curveBar = sumBar * 200 * curve;
      double offsetBar = sumBar * 2 * offset;
      xBar[i] += -offsetBar - 2 * curveBar * xi;
      xBar[i + 1] += curveBar;
    }
    return sum;
  }

  /**
   * g3: g2 with x[i+1]'s contribution carried in a register to the next iteration instead of stored and re-read
   * (store-to-load forwarding through memory is a loop-carried dependency).
   */
  @Benchmark
  public double g3CarryInRegister() {
    double[] xBar = out;
    Arrays.fill(xBar, 0.0);
    double sum = 0;
    double carry = 0;
    int last = x.length - 1;
    for (int i = 0; i < last; i++) {
      double xi = x[i];
      double curve = x[i + 1] - xi * xi;
      double offset = 1 - xi;
      sum += 100 * curve * curve + offset * offset;
      double curveBar = 200 * curve;
      xBar[i] += carry - 2 * offset - 2 * curveBar * xi;
      carry = curveBar;
    }
    xBar[last] += carry;
    return sum;
  }

  /** g4: g3 without the Arrays.fill pass (each element written once with =, not +=): the hand-written shape. */
  @Benchmark
  public double g4NoFill() {
    double[] xBar = out;
    double sum = 0;
    double carry = 0;
    int last = x.length - 1;
    for (int i = 0; i < last; i++) {
      double xi = x[i];
      double curve = x[i + 1] - xi * xi;
      double offset = 1 - xi;
      sum += 100 * curve * curve + offset * offset;
      double curveBar = 200 * curve;
      xBar[i] = carry - 2 * offset - 2 * curveBar * xi;
      carry = curveBar;
    }
    xBar[last] = carry;
    return sum;
  }

  // ---------------- HVP ----------------

  /** h0: the generated HVP as emitted. */
  @Benchmark
  public double h0Generated() {
    double[] hvOut = out;
    double sumBar = 0.0;
    double curveDot;
    double curve;
    double offsetDot;
    double offset;
    double curveBarDot = 0.0;
    double curveBar = 0.0;
    double offsetBarDot = 0.0;
    Arrays.fill(hvOut, 0.0);
    double[] xBarDot = hvOut;
    double sum = 0;
    sumBar += 1.0;
    for (int i = 0; i < x.length - 1; i++) {
      curveDot = v[i + 1] - (v[i] * x[i] + v[i] * x[i]);
      curve = x[i + 1] - x[i] * x[i];
      offsetDot = -v[i];
      offset = 1 - x[i];
      sum += 100 * curve * curve + offset * offset;
      curveBarDot += curveDot * sumBar * 100;
      curveBar += sumBar * curve * 100;
      curveBarDot += curveDot * 100 * sumBar;
      curveBar += sumBar * (100 * curve);
      offsetBarDot += offsetDot * sumBar;
      offsetBarDot += offsetDot * sumBar;
      xBarDot[i] -= offsetBarDot;
      offsetBarDot = 0.0;
      xBarDot[i + 1] += curveBarDot;
      xBarDot[i] -= curveBarDot * x[i] + v[i] * curveBar;
      xBarDot[i] -= curveBarDot * x[i] + v[i] * curveBar;
      curveBarDot = 0.0;
      curveBar = 0.0;
    }
    return sum;
  }

  /** h1: h0 without the value (Objective.hvp returns void: sum and offset are dead), twins merged, sumBar = 1. */
  @Benchmark
  public double[] h1NoValueMergedTwins() {
    double[] xBarDot = out;
    Arrays.fill(xBarDot, 0.0);
    for (int i = 0; i < x.length - 1; i++) {
      double curveDot = v[i + 1] - 2 * v[i] * x[i];
      double curve = x[i + 1] - x[i] * x[i];
      double offsetDot = -v[i];
      double curveBarDot = 200 * curveDot;
      double curveBar = 200 * curve;
      double offsetBarDot = 2 * offsetDot;
      xBarDot[i] -= offsetBarDot;
      xBarDot[i + 1] += curveBarDot;
      xBarDot[i] -= 2 * (curveBarDot * x[i] + v[i] * curveBar);
    }
    return out;
  }

  /** h2: h1 with one store per element, x[i+1]'s part carried in a register, and no fill: the hand-written shape. */
  @Benchmark
  public double[] h2CarryNoFill() {
    double[] xBarDot = out;
    double carry = 0;
    int last = x.length - 1;
    for (int i = 0; i < last; i++) {
      double xi = x[i];
      double vi = v[i];
      double curveDot = v[i + 1] - 2 * vi * xi;
      double curve = x[i + 1] - xi * xi;
      double curveBarDot = 200 * curveDot;
      xBarDot[i] = carry + 2 * vi - 2 * (curveBarDot * xi + vi * 200 * curve);
      carry = curveBarDot;
    }
    xBarDot[last] = carry;
    return out;
  }
}
