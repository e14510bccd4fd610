package dev.hesse.optimize;

import dev.hesse.HessianOperator;
import dev.hesse.Objective;

/** Counts the calls made to an {@link Objective}; the source of every count in a result. */
final class CountingObjective implements Objective {
  private final Objective delegate;
  private long values;
  private long gradients;
  private long hvps;

  CountingObjective(Objective delegate) {
    this.delegate = delegate;
  }

  @Override
  public double value(double[] x) {
    values++;
    return delegate.value(x);
  }

  @Override
  public double gradient(double[] x, double[] gradOut) {
    gradients++;
    return delegate.gradient(x, gradOut);
  }

  @Override
  public void hvp(double[] x, double[] v, double[] hvOut) {
    hvps++;
    delegate.hvp(x, v, hvOut);
  }

  /** The delegate's operator (which may share work between products), counting each product as one HVP. */
  @Override
  public HessianOperator hessianAt(double[] x) {
    HessianOperator operator = delegate.hessianAt(x);
    return (v, hvOut) -> {
      hvps++;
      operator.apply(v, hvOut);
    };
  }

  long values() {
    return values;
  }

  long gradients() {
    return gradients;
  }

  long hvps() {
    return hvps;
  }
}
