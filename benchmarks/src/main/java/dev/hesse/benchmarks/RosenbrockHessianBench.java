package dev.hesse.benchmarks;

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
 * H·v from a second-order DerivativeStructure (the whole Hessian, n(n+1)/2 + n + 1 coefficients per intermediate):
 * n = 10 only; at n = 1 000 every intermediate would carry 501 501 doubles.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class RosenbrockHessianBench {
  @Param({"10"})
  public int n;

  double[] x;
  double[] v;
  double[] out;
  Alternatives.DsHessian ds;

  @Setup
  public void setup() {
    x = Data.uniform(1, n, -1.2, 1.2);
    v = Data.uniform(2, n, -1, 1);
    out = new double[n];
    ds = new Alternatives.DsHessian(n);
  }

  @Benchmark
  public double[] dsHvp() {
    ds.hvp(Alternatives.ROSENBROCK, x, v, out);
    return out;
  }
}
