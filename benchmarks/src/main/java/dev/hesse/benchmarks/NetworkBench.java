package dev.hesse.benchmarks;

import dev.hesse.HessianOperator;
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
 * The loss of a two-layer tanh network (8 inputs, 16 hidden tanh units, linear output; 64 samples; 161 weights):
 * every method of computing its gradient and H·v.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class NetworkBench {
  /** The number of weights, for the report (fixed by {@link Data}). */
  @Param({"161"})
  public int n;

  double[][] xs;
  double[] ys;
  int hidden;
  double[] w;
  double[] v;
  double[] out;
  double[] work;
  double[] gradWork;
  Objective hand;
  HessianOperator hessianAt;
  Alternatives.FieldFunction field;
  Alternatives.DsGradient ds;

  @Setup
  public void setup() {
    if (n != Data.NET_WEIGHTS) {
      throw new IllegalArgumentException("the network has " + Data.NET_WEIGHTS + " weights");
    }
    xs = Data.netInputs();
    ys = Data.netTargets(xs);
    hidden = Data.NET_HIDDEN;
    w = Data.uniform(3, n, -0.5, 0.5);
    v = Data.uniform(4, n, -1, 1);
    out = new double[n];
    work = new double[n];
    gradWork = new double[n];
    hand = Data.handNetwork(xs, ys, hidden);
    hessianAt = FunctionsDerivatives.networkLossHessianAt(w, xs, ys, hidden);
    field = Data.network(xs, ys, hidden);
    ds = new Alternatives.DsGradient(n);
  }

  @Benchmark
  public double value() {
    return Functions.networkLoss(w, xs, ys, hidden);
  }

  /** Many HVPs at one point: what binding the operator costs. */
  @Benchmark
  public HessianOperator hesseHessianAtBuild() {
    return FunctionsDerivatives.networkLossHessianAt(w, xs, ys, hidden);
  }

  /** Many HVPs at one point: each H·v after the operator is bound. */
  @Benchmark
  public double[] hesseHessianAtApply() {
    hessianAt.apply(v, out);
    return out;
  }

  @Benchmark
  public double hesseGradient() {
    return FunctionsDerivatives.networkLossGradient(w, xs, ys, hidden, out);
  }

  @Benchmark
  public double hesseHvp() {
    return FunctionsDerivatives.networkLossHvp(w, xs, ys, hidden, v, out);
  }

  @Benchmark
  public double handGradient() {
    return hand.gradient(w, out);
  }

  @Benchmark
  public double[] handHvp() {
    hand.hvp(w, v, out);
    return out;
  }

  @Benchmark
  public double fdGradient() {
    return Alternatives.fdGradient(hand, w, out);
  }

  @Benchmark
  public double[] fdHvp() {
    Alternatives.fdHvp(hand, w, v, out, work, gradWork);
    return out;
  }

  @Benchmark
  public double dsGradient() {
    return ds.gradient(field, w, out);
  }

  @Benchmark
  public double hipparchusGradient() {
    return Alternatives.gradientGradient(field, w, out);
  }

  /** Slow (up to seconds per call): fewer iterations, enough for a ratio in the hundreds. */
  @Benchmark
  @Warmup(iterations = 1, time = 1)
  @Measurement(iterations = 2, time = 1)
  public double[] fieldGradientHvp() {
    Alternatives.fieldGradientHvp(field, w, v, out);
    return out;
  }
}
