package dev.hesse.samples.suite;

import java.util.Arrays;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Gradients against hand-derived closed forms, within 1e-12 relative (to max(1, |g_i|)): far tighter than finite
 * differences allow, so this catches inexact derivative rules (e.g. a derivative evaluated through a different
 * formula or at a perturbed point) that the finite-difference suite would let through. The formulas are written
 * from the mathematics, not from the code of the generated derivatives.
 */
class ClosedFormTest {

  static final double REL = 1e-12;
  static final int POINTS = 6;

  private static void check(String caseName, Function<double[], double[]> formula) {
    Case c = Cases.byName(caseName);
    Random rnd = new Random(0xC105EDL ^ caseName.hashCode());
    for (int p = 0; p < POINTS; p++) {
      double[] v = c.point().apply(rnd);
      double[] g = new double[v.length];
      c.generated().apply(v, g);
      Check.closeRelative(caseName + " at " + Arrays.toString(v), formula.apply(v), g, REL);
    }
  }

  @Test
  void instanceMethodReadingItsFields() {
    LeastSquaresModel model = LeastSquaresModel.example();
    check("LeastSquaresModel.loss (instance method reading fields)", model::lossGradientByHand);
  }

  @Test
  void polynomial() {
    check("Elementary.polynomial", v -> {
      double x = v[0];
      double y = v[1];
      return new double[] {6 * x * y - 2 * y * y * y + 5 + 1 / y, 3 * x * x - 6 * x * y * y - x / (y * y)};
    });
  }

  @Test
  void polarAngle() {
    check("Elementary.polarAngle", v -> {
      double y = v[0];
      double x = v[1];
      double r = Math.hypot(x, y);
      double theta = Math.atan2(y, x);
      return new double[] {x / r + theta * y / r, -y / r + theta * x / r};
    });
  }

  @Test
  void expLog() {
    check("Elementary.expLog", v -> {
      double x = v[0];
      double y = v[1];
      return new double[] {
        0.5 * Math.exp(0.5 * x) + 2 * x / (x * x + 1) + 1 / ((2 + x) * Math.log(10)),
        -Math.exp(y) + 2 * y / (1 + y * y)
      };
    });
  }

  @Test
  void powVariable() {
    check("Elementary.powVariable", v -> {
      double a = v[0];
      double b = v[1];
      double common = 0.5 * Math.pow(a + b, -1.5);
      return new double[] {
        b * Math.pow(a, b - 1) + common, Math.pow(a, b) * Math.log(a) + 2.5 * Math.pow(b, 1.5) + common
      };
    });
  }

  @Test
  void powNegativeBase() {
    for (int n : new int[] {1, 3, 4}) {
      check("Elementary.powNegativeBase[n=" + n + "]", v -> {
        double x = v[0];
        return new double[] {n * Math.pow(x, n - 1) + 2 * x - 3 * (x - 1) * (x - 1)};
      });
    }
  }

  @Test
  void hypotNorm() {
    check("Elementary.hypotNorm", v -> {
      double r = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
      return new double[] {v[0] / r, v[1] / r, v[2] / r};
    });
  }

  @Test
  void piecewiseConstantTermsHaveZeroDerivative() {
    check("Elementary.piecewiseConstant", v -> {
      double x = v[0];
      double y = v[1];
      return new double[] {Math.round(3 * y) + 2 * Math.abs(x), Math.floor(x) + Math.cos(Math.floor(x) + y)};
    });
  }

  @Test
  void constants() {
    check("Elementary.constants", v -> {
      double x = v[0];
      return new double[] {2 * Math.PI * x + Math.E * Math.cos(x) + 2.5 + 1.5 * x * x};
    });
  }

  @Test
  void intArithmetic() {
    for (int[] nm : new int[][] {{17, 5}, {-7, 3}, {4, 9}}) {
      int n = nm[0];
      int m = nm[1];
      int q = n / m;
      int r = n % m;
      double k = (double) (2 * q - r + 1) / m;
      check("Elementary.intArithmetic[n=" + n + ",m=" + m + "]",
          v -> new double[] {2 * k * v[0] + (q + r) * Math.cos(v[0]) + n / 3});
    }
  }

  @Test
  void casts() {
    for (long big : new long[] {123_456_789_012L, -98_765_432_123L}) {
      check("Elementary.casts[big=" + big + "]", v -> {
        double x = v[0];
        double frac = x - (int) x;
        return new double[] {2 * frac * (big % 1000) + (long) (x * 10) - (big / 1000000) * Math.sin(x)};
      });
    }
  }

  @Test
  void huber() {
    check("ControlFlow.huber", v -> {
      double r = v[0];
      double delta = v[1];
      return Math.abs(r) <= delta
          ? new double[] {r, 0}
          : new double[] {delta * Math.signum(r), Math.abs(r) - delta};
    });
  }

  @Test
  void sumOfSquares() {
    for (int n : new int[] {0, 1, 6}) {
      check("Loops.sumOfSquares[n=" + n + "]", x -> Arrays.stream(x).map(xi -> 2 * xi).toArray());
    }
  }

  @Test
  void product() {
    for (int n : new int[] {0, 1, 5}) {
      check("Loops.product[n=" + n + "]", x -> {
        double[] g = new double[x.length];
        for (int i = 0; i < x.length; i++) {
          g[i] = 1;
          for (int j = 0; j < x.length; j++) {
            if (j != i) {
              g[i] *= x[j];
            }
          }
        }
        return g;
      });
    }
  }

  @Test
  void quadraticForm() {
    check("Loops.quadraticForm", x -> {
      double[][] a = Cases.MATRIX;
      double[] g = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        for (int j = 0; j < x.length; j++) {
          g[i] += (a[i][j] + a[j][i]) * x[j];
        }
      }
      return g;
    });
  }

  private static double[] softmax(double[] x) {
    double m = Arrays.stream(x).max().orElseThrow();
    double s = Arrays.stream(x).map(xi -> Math.exp(xi - m)).sum();
    return Arrays.stream(x).map(xi -> Math.exp(xi - m) / s).toArray();
  }

  @Test
  void logSumExpGradientIsSoftmax() {
    for (int n : new int[] {1, 5}) {
      check("Loops.logSumExp[n=" + n + "]", ClosedFormTest::softmax);
    }
  }

  @Test
  void softmaxCrossEntropy() {
    check("Mixed.softmaxCrossEntropy[n=4,label=2]", x -> {
      double[] g = softmax(x);
      g[2] -= 1;
      return g;
    });
  }

  @Test
  void horner() {
    check("Loops.horner", v -> {
      double t = v[5];
      double[] g = new double[6];
      for (int i = 0; i < 5; i++) {
        g[i] = Math.pow(t, i);
        if (i > 0) {
          g[5] += i * v[i] * Math.pow(t, i - 1);
        }
      }
      return g;
    });
  }

  @Test
  void logisticLoss() {
    check("Mixed.logisticLoss", v -> {
      double[][] xs = Cases.FEATURES;
      double lambda = v[3];
      double[] g = new double[4];
      for (int k = 0; k < xs.length; k++) {
        double z = 0;
        for (int j = 0; j < 3; j++) {
          z += v[j] * xs[k][j];
        }
        double y = Cases.LABELS[k] == 1 ? 1 : -1;
        double sigma = 1 / (1 + Math.exp(y * z)); // σ(−y z)
        for (int j = 0; j < 3; j++) {
          g[j] += -y * sigma * xs[k][j] / xs.length;
        }
      }
      for (int j = 0; j < 3; j++) {
        g[j] += 2 * lambda * v[j];
        g[3] += v[j] * v[j];
      }
      return g;
    });
  }

  @Test
  void interpolate() {
    check("Mixed.interpolate", v -> {
      double t = v[5];
      int i = (int) t;
      double frac = t - i;
      double[] g = new double[6];
      g[i] = 1 - frac;
      g[i + 1] = frac;
      g[5] = v[i + 1] - v[i];
      return g;
    });
  }
}
