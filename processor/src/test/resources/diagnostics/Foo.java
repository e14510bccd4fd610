package test;

import dev.hesse.Differentiable;
import dev.hesse.NoDerivative;

/** Only supported constructs: compiles cleanly and gets test.FooDerivatives. */
public final class Foo {
  static final double SCALE = 100;

  private Foo() {}

  @Differentiable
  public static double rosenbrock(double[] x) {
    double sum = 0;
    for (int i = 0; i < x.length - 1; i++) {
      double curve = x[i + 1] - x[i] * x[i];
      double offset = 1 - x[i];
      sum += SCALE * curve * curve + offset * offset;
    }
    return sum;
  }

  @Differentiable
  public static double scalar(double x, double y, @NoDerivative double c) {
    double r = Math.sqrt(x * x + y * y);
    double v;
    if (r > 1) {
      v = Math.exp(-r) * Math.sin(c * x);
    } else {
      v = Math.log(1 + r) * Math.cos(y);
    }
    int k = 0;
    while (k < 3) {
      v = v * 0.5 + Math.tanh(x);
      k++;
    }
    return v;
  }
}
