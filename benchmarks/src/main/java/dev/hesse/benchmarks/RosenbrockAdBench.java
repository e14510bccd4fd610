package dev.hesse.benchmarks;

import dev.hesse.Objective;
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
 * Chained Rosenbrock, the cases whose cost grows like n times the value (finite-difference gradient, forward-mode
 * AD): n = 10 and 1 000 only; at 10⁶ they would take hours per call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class RosenbrockAdBench {
  @Param({"10", "1000"})
  public int n;

  double[] x;
  double[] v;
  double[] out;
  Objective hand;
  Alternatives.DsGradient ds;

  @Setup
  public void setup() {
    x = Data.uniform(1, n, -1.2, 1.2);
    v = Data.uniform(2, n, -1, 1);
    out = new double[n];
    hand = Data.handRosenbrock();
    ds = new Alternatives.DsGradient(n);
  }

  @Benchmark
  public double fdGradient() {
    return Alternatives.fdGradient(hand, x, out);
  }

  /** Slow (up to seconds per call): fewer iterations, enough for a ratio in the hundreds. */
  @Benchmark
  @Warmup(iterations = 1, time = 1)
  @Measurement(iterations = 2, time = 1)
  public double dsGradient() {
    return ds.gradient(Alternatives.ROSENBROCK, x, out);
  }

  /** Slow (up to seconds per call): fewer iterations, enough for a ratio in the hundreds. */
  @Benchmark
  @Warmup(iterations = 1, time = 1)
  @Measurement(iterations = 2, time = 1)
  public double hipparchusGradient() {
    return Alternatives.gradientGradient(Alternatives.ROSENBROCK, x, out);
  }

  /** Slow (up to seconds per call): fewer iterations, enough for a ratio in the hundreds. */
  @Benchmark
  @Warmup(iterations = 1, time = 1)
  @Measurement(iterations = 2, time = 1)
  public double[] fieldGradientHvp() {
    Alternatives.fieldGradientHvp(Alternatives.ROSENBROCK, x, v, out);
    return out;
  }
}
