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
 * A recurrence (backpropagation through time, {@link Functions#recurrentLoss}) against hand-written BPTT: the
 * method's last loop is not fused with its reverse, so this is where the generator's reverse iterations, not its fused
 * loops, meet hand-written code. Not part of the default suite (its rows are not in the README's table); run
 * {@code java -jar benchmarks/target/benchmarks.jar RecurrenceComparison -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RecurrenceComparison {
  /** The sequence length. */
  @Param({"1000"})
  public int n;

  double[] w;
  double[] xs;
  double[] ys;
  double[] v;
  double[] grad;
  double[] hs;

  @Setup
  public void setup() {
    w = new double[] {0.8, 0.5, -0.1};
    xs = Data.uniform(5, n, -1, 1);
    ys = Data.uniform(6, n, -0.5, 0.5);
    v = Data.uniform(7, 3, -1, 1);
    grad = new double[3];
    hs = new double[n + 1];
  }

  @Benchmark
  public double value() {
    return Functions.recurrentLoss(w, xs, ys);
  }

  @Benchmark
  public double hesseGradient() {
    return FunctionsDerivatives.recurrentLossGradient(w, xs, ys, grad);
  }

  @Benchmark
  public double handGradient() {
    return HandWritten.recurrentGradient(w, xs, ys, grad, hs);
  }

  @Benchmark
  public double hesseHvp() {
    return FunctionsDerivatives.recurrentLossHvp(w, xs, ys, v, grad);
  }
}
