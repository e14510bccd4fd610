package test;

import dev.hesse.Differentiable;
import dev.hesse.NoDerivative;

public class Golden {
  @Differentiable(composable = true)
  public static double softplusSum(double[] x, @NoDerivative double scale) {
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      double t = scale * x[i];
      if (t > 0) {
        sum += t + Math.log1p(Math.exp(-t));
      } else {
        sum += Math.log1p(Math.exp(t));
      }
    }
    return sum;
  }
}
