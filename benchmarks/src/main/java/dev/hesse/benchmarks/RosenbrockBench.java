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
 * Chained Rosenbrock, the cases that scale to n = 10⁶: the value, Hesse's gradient and HVP, SciPy's hand-written
 * formulas, and finite differences of the (hand-written) gradient for H·v.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class RosenbrockBench {
  @Param({"10", "1000", "1000000"})
  public int n;

  double[] x;
  double[] v;
  double[] out;
  double[] work;
  double[] gradWork;
  Objective hand;
  Objective generated;
  HessianOperator hessianAt;

  @Setup
  public void setup() {
    x = Data.uniform(1, n, -1.2, 1.2);
    v = Data.uniform(2, n, -1, 1);
    out = new double[n];
    work = new double[n];
    gradWork = new double[n];
    hand = Data.handRosenbrock();
    generated = FunctionsDerivatives.rosenbrock();
    hessianAt = FunctionsDerivatives.rosenbrockHessianAt(x);
  }

  @Benchmark
  public double value() {
    return Functions.rosenbrock(x);
  }

  /** Many HVPs at one x: what binding the operator costs (it keeps the sweeps' values for every later v). */
  @Benchmark
  public HessianOperator hesseHessianAtBuild() {
    return FunctionsDerivatives.rosenbrockHessianAt(x);
  }

  /** Many HVPs at one x: each H·v after the operator is bound. */
  @Benchmark
  public double[] hesseHessianAtApply() {
    hessianAt.apply(v, out);
    return out;
  }

  @Benchmark
  public double hesseGradient() {
    return FunctionsDerivatives.rosenbrockGradient(x, out);
  }

  @Benchmark
  public double hesseHvp() {
    return FunctionsDerivatives.rosenbrockHvp(x, v, out);
  }

  /** H·v as the optimisers ask for it, through Objective.hvp: no value (like the hand-written H·v). */
  @Benchmark
  public double[] hesseObjectiveHvp() {
    generated.hvp(x, v, out);
    return out;
  }

  @Benchmark
  public double handGradient() {
    return HandWritten.rosenbrockGradient(x, out);
  }

  @Benchmark
  public double[] handHvp() {
    HandWritten.rosenbrockHvp(x, v, out);
    return out;
  }

  @Benchmark
  public double[] fdHvp() {
    Alternatives.fdHvp(hand, x, v, out, work, gradWork);
    return out;
  }
}
