package dev.hesse.samples.suite;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Hessian-vector products against hand-derived closed-form Hessians, within 1e-12 relative. The formulas are written
 * from the mathematics, not from the generated code. This catches inexact second-derivative rules (a derivative
 * through a perturbed formula, a second derivative approximated) that the finite-difference suite would let through.
 *
 * <p>Tolerance: |(Hv)_i − Σ_j H_ij v_j| <= 1e-12 max(1, Σ_j |H_ij v_j|). The scale is Σ_j |H_ij v_j| rather than
 * |(Hv)_i| because the sum over j may cancel, and neither the reference nor the generated code can do better than eps
 * times the terms summed; max(1, ·) as in {@link ClosedFormTest}. 1e-12 is ~4500 ulps of that scale.
 */
class ClosedFormHvpTest {

  static final double REL = 1e-12;
  static final int POINTS = 6;

  private static void check(String caseName, Function<double[], double[][]> hessian) {
    Case c = Cases.byName(caseName);
    Random rnd = new Random(0xC105ED_4E55L ^ caseName.hashCode());
    for (int p = 0; p < POINTS; p++) {
      double[] x = c.point().apply(rnd);
      double[] v = HvpCheck.unitBox(rnd, x.length);
      double[][] h = hessian.apply(x);
      int n = x.length;
      double[] expected = new double[n];
      double[] scale = new double[n];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          expected[i] += h[i][j] * v[j];
          scale[i] += Math.abs(h[i][j] * v[j]);
        }
      }
      double[] actual = new double[n];
      Arrays.fill(actual, Double.NaN);
      c.hvp().apply(x, v, actual);
      StringBuilder bad = new StringBuilder();
      for (int i = 0; i < n; i++) {
        double err = Math.abs(expected[i] - actual[i]);
        if (!(err <= REL * Math.max(1, scale[i]))) {
          bad.append(String.format("%n  [%d] expected %.17g, actual %.17g, |diff| %.3g (scale %.3g)",
              i, expected[i], actual[i], err, scale[i]));
        }
      }
      if (bad.length() > 0) {
        fail("H·v of " + caseName + " at x = " + Arrays.toString(x) + ", v = " + Arrays.toString(v)
            + " differs beyond " + REL + " relative:" + bad);
      }
    }
  }

  private static double[][] sym(double a, double b, double d) {
    return new double[][] {{a, b}, {b, d}};
  }

  @Test
  void polynomial() {
    check("Elementary.polynomial", v -> {
      double x = v[0];
      double y = v[1];
      return sym(6 * y, 6 * x - 6 * y * y - 1 / (y * y), -12 * x * y + 2 * x / (y * y * y));
    });
  }

  @Test
  void constants() {
    check("Elementary.constants", v -> new double[][] {{2 * Math.PI - Math.E * Math.sin(v[0]) + 3 * v[0]}});
  }

  @Test
  void expLog() {
    check("Elementary.expLog", v -> {
      double x = v[0];
      double y = v[1];
      double x2 = x * x + 1;
      double y2 = 1 + y * y;
      return sym(
          0.25 * Math.exp(0.5 * x) + 2 * (1 - x * x) / (x2 * x2) - 1 / ((2 + x) * (2 + x) * Math.log(10)),
          0,
          -Math.exp(y) + 2 * (1 - y * y) / (y2 * y2));
    });
  }

  @Test
  void powNegativeBase() {
    for (int n : new int[] {1, 3, 4}) {
      check("Elementary.powNegativeBase[n=" + n + "]", v -> {
        double x = v[0];
        double power = n >= 2 ? n * (n - 1) * Math.pow(x, n - 2) : 0;
        return new double[][] {{power + 2 - 6 * (x - 1)}};
      });
    }
  }

  @Test
  void hypotNormIsProjectorOverRadius() {
    check("Elementary.hypotNorm", p -> {
      double r = Math.sqrt(p[0] * p[0] + p[1] * p[1] + p[2] * p[2]);
      double[][] h = new double[3][3];
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) {
          h[i][j] = ((i == j ? 1 : 0) - p[i] * p[j] / (r * r)) / r;
        }
      }
      return h;
    });
  }

  @Test
  void huber() {
    check("ControlFlow.huber", v -> {
      double r = v[0];
      double delta = v[1];
      return Math.abs(r) <= delta ? sym(1, 0, 0) : sym(0, Math.signum(r), -1);
    });
  }

  @Test
  void sumOfSquares() {
    for (int n : new int[] {0, 1, 6}) {
      check("Loops.sumOfSquares[n=" + n + "]", x -> {
        double[][] h = new double[x.length][x.length];
        for (int i = 0; i < x.length; i++) {
          h[i][i] = 2;
        }
        return h;
      });
    }
  }

  @Test
  void product() {
    for (int n : new int[] {0, 1, 5}) {
      check("Loops.product[n=" + n + "]", x -> {
        double[][] h = new double[x.length][x.length];
        for (int i = 0; i < x.length; i++) {
          for (int j = 0; j < x.length; j++) {
            if (i != j) {
              h[i][j] = 1;
              for (int k = 0; k < x.length; k++) {
                if (k != i && k != j) {
                  h[i][j] *= x[k];
                }
              }
            }
          }
        }
        return h;
      });
    }
  }

  @Test
  void gatherPairsWithRepeatedIndices() {
    check("Loops.gatherPairs", x -> {
      int[] idx = Cases.GATHER_IDX;
      double[][] h = new double[x.length][x.length];
      for (int k = 0; k < idx.length; k++) {
        int a = idx[k];
        int b = idx[(k + 1) % idx.length];
        h[a][b] += Cases.GATHER_W[k];
        h[b][a] += Cases.GATHER_W[k];
      }
      return h;
    });
  }

  @Test
  void quadraticForm() {
    check("Loops.quadraticForm", x -> {
      double[][] a = Cases.MATRIX;
      double[][] h = new double[x.length][x.length];
      for (int i = 0; i < x.length; i++) {
        for (int j = 0; j < x.length; j++) {
          h[i][j] = a[i][j] + a[j][i];
        }
      }
      return h;
    });
  }

  private static double[] softmax(double[] x) {
    double m = Arrays.stream(x).max().orElseThrow();
    double s = Arrays.stream(x).map(xi -> Math.exp(xi - m)).sum();
    return Arrays.stream(x).map(xi -> Math.exp(xi - m) / s).toArray();
  }

  /** diag(p) − p pᵀ, p = softmax(x): the Hessian of log Σ exp(x_i) (a linear term does not change it). */
  private static double[][] softmaxHessian(double[] x) {
    double[] p = softmax(x);
    double[][] h = new double[x.length][x.length];
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < x.length; j++) {
        h[i][j] = (i == j ? p[i] : 0) - p[i] * p[j];
      }
    }
    return h;
  }

  @Test
  void logSumExp() {
    for (int n : new int[] {1, 5}) {
      check("Loops.logSumExp[n=" + n + "]", ClosedFormHvpTest::softmaxHessian);
    }
  }

  @Test
  void softmaxCrossEntropy() {
    check("Mixed.softmaxCrossEntropy[n=4,label=2]", ClosedFormHvpTest::softmaxHessian);
    check("Mixed.softmaxCrossEntropy[n=1,label=0]", ClosedFormHvpTest::softmaxHessian);
  }

  @Test
  void horner() {
    check("Loops.horner", v -> {
      double t = v[5];
      double[][] h = new double[6][6];
      for (int i = 1; i < 5; i++) {
        h[i][5] = i * Math.pow(t, i - 1);
        h[5][i] = h[i][5];
        if (i >= 2) {
          h[5][5] += i * (i - 1) * v[i] * Math.pow(t, i - 2);
        }
      }
      return h;
    });
  }

  @Test
  void logisticLoss() {
    check("Mixed.logisticLoss", v -> {
      double[][] xs = Cases.FEATURES;
      double lambda = v[3];
      double[][] h = new double[4][4];
      for (int k = 0; k < xs.length; k++) {
        double z = 0;
        for (int j = 0; j < 3; j++) {
          z += v[j] * xs[k][j];
        }
        double y = Cases.LABELS[k] == 1 ? 1 : -1;
        double sigma = 1 / (1 + Math.exp(y * z)); // σ(−y z)
        double w = sigma * (1 - sigma) / xs.length;
        for (int i = 0; i < 3; i++) {
          for (int j = 0; j < 3; j++) {
            h[i][j] += w * xs[k][i] * xs[k][j];
          }
        }
      }
      for (int j = 0; j < 3; j++) {
        h[j][j] += 2 * lambda;
        h[j][3] = 2 * v[j];
        h[3][j] = 2 * v[j];
      }
      return h;
    });
  }

  @Test
  void weightedDistance() {
    check("Mixed.weightedDistance", v -> {
      double[] w = Cases.DISTANCE_W;
      double[] wd = new double[3];
      double s = 0;
      for (int i = 0; i < 3; i++) {
        double d = v[i] - v[3 + i];
        wd[i] = w[i] * d;
        s += w[i] * d * d;
      }
      double f = Math.sqrt(s);
      // With d = p − q: H_dd = W / f − (W d)(W d)ᵀ / f³, and H = [[H_dd, −H_dd], [−H_dd, H_dd]].
      double[][] h = new double[6][6];
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) {
          double hdd = (i == j ? w[i] / f : 0) - wd[i] * wd[j] / (f * f * f);
          h[i][j] = hdd;
          h[3 + i][3 + j] = hdd;
          h[i][3 + j] = -hdd;
          h[3 + i][j] = -hdd;
        }
      }
      return h;
    });
  }

  @Test
  void gridEnergyIsTwiceTheGridLaplacianMinusCosines() {
    int rows = 3;
    int cols = 4;
    check("Mixed.gridEnergy", x -> {
      double[][] h = new double[rows * cols][rows * cols];
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
          int here = r * cols + c;
          for (int there : new int[] {c + 1 < cols ? here + 1 : -1, r + 1 < rows ? here + cols : -1}) {
            if (there >= 0) { // edge (here, there) contributes (x_there − x_here)²
              h[here][here] += 2;
              h[there][there] += 2;
              h[here][there] -= 2;
              h[there][here] -= 2;
            }
          }
        }
      }
      for (int i = 0; i < Math.min(rows, cols); i++) {
        h[i * cols + i][i * cols + i] -= Math.cos(x[i * cols + i]);
      }
      return h;
    });
  }

  @Test
  void interpolateIsBilinear() {
    check("Mixed.interpolate", v -> {
      int i = (int) v[5];
      double[][] h = new double[6][6];
      h[i][5] = -1;
      h[5][i] = -1;
      h[i + 1][5] = 1;
      h[5][i + 1] = 1;
      return h;
    });
  }
}
