package dev.hesse.optimize;

import dev.hesse.Differentiable;

/**
 * The Moré–Garbow–Hillstrom unconstrained test problems (ACM TOMS 7(1):17–41, 1981) as plain Java: every
 * f(x) = Σ r_i(x)² (no factor ½), indices 0-based. Gradients and Hessian-vector products come from the Hesse processor
 * ({@code MghProblemsDerivatives}); the definitions follow {@code shared/reference/mgh_problems.py}.
 */
final class MghProblems {
  private MghProblems() {}

  static final double TWO_PI = 2 * Math.PI;

  static final double[] BEALE_Y = {1.5, 2.25, 2.625};

  static final double[] BARD_Y = {
    0.14, 0.18, 0.22, 0.25, 0.29, 0.32, 0.35, 0.39, 0.37, 0.58, 0.73, 0.96, 1.34, 2.10, 4.39
  };

  static final double[] GAUSSIAN_Y = {
    0.0009, 0.0044, 0.0175, 0.0540, 0.1295, 0.2420, 0.3521, 0.3989, 0.3521, 0.2420, 0.1295, 0.0540, 0.0175, 0.0044,
    0.0009
  };

  static final double[] MEYER_Y = {
    34780., 28610., 23650., 19630., 16370., 13720., 11540., 9744., 8261., 7030., 6005., 5147., 4427., 3820., 3307.,
    2872.
  };

  static final double[] KOWALIK_Y = {
    0.1957, 0.1947, 0.1735, 0.1600, 0.0844, 0.0627, 0.0456, 0.0342, 0.0323, 0.0235, 0.0246
  };

  static final double[] KOWALIK_U = {4.0, 2.0, 1.0, 0.5, 0.25, 0.167, 0.125, 0.1, 0.0833, 0.0714, 0.0625};

  static final double[] OSBORNE1_Y = {
    0.844, 0.908, 0.932, 0.936, 0.925, 0.908, 0.881, 0.850, 0.818, 0.784, 0.751, 0.718, 0.685, 0.658, 0.628, 0.603,
    0.580, 0.558, 0.538, 0.522, 0.506, 0.490, 0.478, 0.467, 0.457, 0.448, 0.438, 0.431, 0.424, 0.420, 0.414, 0.411,
    0.406
  };

  static final double[] OSBORNE2_Y = {
    1.366, 1.191, 1.112, 1.013, 0.991, 0.885, 0.831, 0.847, 0.786, 0.725, 0.746, 0.679, 0.608, 0.655, 0.616, 0.606,
    0.602, 0.626, 0.651, 0.724, 0.649, 0.649, 0.694, 0.644, 0.624, 0.661, 0.612, 0.558, 0.533, 0.495, 0.500, 0.423,
    0.395, 0.375, 0.372, 0.391, 0.396, 0.405, 0.428, 0.429, 0.523, 0.562, 0.607, 0.653, 0.672, 0.708, 0.633, 0.668,
    0.645, 0.632, 0.591, 0.559, 0.597, 0.625, 0.739, 0.710, 0.729, 0.720, 0.636, 0.581, 0.428, 0.292, 0.162, 0.098,
    0.054
  };

  /** #1 (n = 2) and #21 (n even): r_{2i} = 10 (x_{2i+1} − x_{2i}²), r_{2i+1} = 1 − x_{2i}. */
  @Differentiable
  static double extendedRosenbrock(double[] x) {
    double f = 0;
    for (int i = 0; i + 1 < x.length; i += 2) {
      double r1 = 10 * (x[i + 1] - x[i] * x[i]);
      double r2 = 1 - x[i];
      f += r1 * r1 + r2 * r2;
    }
    return f;
  }

  /** #2 */
  @Differentiable
  static double freudensteinRoth(double[] x) {
    double r1 = -13 + x[0] + ((5 - x[1]) * x[1] - 2) * x[1];
    double r2 = -29 + x[0] + ((x[1] + 1) * x[1] - 14) * x[1];
    return r1 * r1 + r2 * r2;
  }

  /** #3 */
  @Differentiable
  static double powellBadlyScaled(double[] x) {
    double r1 = 1e4 * x[0] * x[1] - 1;
    double r2 = Math.exp(-x[0]) + Math.exp(-x[1]) - 1.0001;
    return r1 * r1 + r2 * r2;
  }

  /** #4 */
  @Differentiable
  static double brownBadlyScaled(double[] x) {
    double r1 = x[0] - 1e6;
    double r2 = x[1] - 2e-6;
    double r3 = x[0] * x[1] - 2;
    return r1 * r1 + r2 * r2 + r3 * r3;
  }

  /** #5: r_i = y_i − x₀ (1 − x₁^i), i = 1..3. */
  @Differentiable
  static double beale(double[] x) {
    double f = 0;
    double power = 1;
    for (int i = 0; i < 3; i++) {
      power *= x[1];
      double r = BEALE_Y[i] - x[0] * (1 - power);
      f += r * r;
    }
    return f;
  }

  /** #6, m = 10 */
  @Differentiable
  static double jennrichSampson(double[] x) {
    double f = 0;
    for (int i = 1; i <= 10; i++) {
      double r = 2 + 2 * i - (Math.exp(i * x[0]) + Math.exp(i * x[1]));
      f += r * r;
    }
    return f;
  }

  /** #7 */
  @Differentiable
  static double helicalValley(double[] x) {
    double theta;
    if (x[0] > 0) {
      theta = Math.atan(x[1] / x[0]) / TWO_PI;
    } else if (x[0] < 0) {
      theta = Math.atan(x[1] / x[0]) / TWO_PI + 0.5;
    } else {
      theta = 0.25 * Math.signum(x[1]);
    }
    double rho = Math.sqrt(x[0] * x[0] + x[1] * x[1]);
    double r1 = 10 * (x[2] - 10 * theta);
    double r2 = 10 * (rho - 1);
    double r3 = x[2];
    return r1 * r1 + r2 * r2 + r3 * r3;
  }

  /** #8 */
  @Differentiable
  static double bard(double[] x) {
    double f = 0;
    for (int i = 1; i <= 15; i++) {
      int v = 16 - i;
      int w = Math.min(i, v);
      double r = BARD_Y[i - 1] - (x[0] + i / (v * x[1] + w * x[2]));
      f += r * r;
    }
    return f;
  }

  /** #9 */
  @Differentiable
  static double gaussian(double[] x) {
    double f = 0;
    for (int i = 1; i <= 15; i++) {
      double s = (8.0 - i) / 2.0 - x[2];
      double r = x[0] * Math.exp(-x[1] * s * s / 2.0) - GAUSSIAN_Y[i - 1];
      f += r * r;
    }
    return f;
  }

  /** #10 */
  @Differentiable
  static double meyer(double[] x) {
    double f = 0;
    for (int i = 1; i <= 16; i++) {
      double t = 45.0 + 5.0 * i;
      double r = x[0] * Math.exp(x[1] / (t + x[2])) - MEYER_Y[i - 1];
      f += r * r;
    }
    return f;
  }

  /** #11, m = 99: r_i = exp(−|y_i − x₁|^x₂ / x₀) − t_i, t_i = i/100, y_i = 25 + (−50 ln t_i)^(2/3). */
  @Differentiable
  static double gulf(double[] x) {
    double f = 0;
    for (int i = 1; i <= 99; i++) {
      double t = i / 100.0;
      double y = 25 + Math.pow(-50 * Math.log(t), 2.0 / 3.0);
      double a = Math.abs(y - x[1]);
      double r = Math.exp(-Math.exp(x[2] * Math.log(a)) / x[0]) - t;
      f += r * r;
    }
    return f;
  }

  /** #12, m = 10 */
  @Differentiable
  static double box3d(double[] x) {
    double f = 0;
    for (int i = 1; i <= 10; i++) {
      double t = 0.1 * i;
      double r = Math.exp(-t * x[0]) - Math.exp(-t * x[1]) - x[2] * (Math.exp(-t) - Math.exp(-10 * t));
      f += r * r;
    }
    return f;
  }

  /** #13 (n = 4) and #22 (n a multiple of 4). */
  @Differentiable
  static double extendedPowellSingular(double[] x) {
    double f = 0;
    for (int k = 0; k + 3 < x.length; k += 4) {
      double r1 = x[k] + 10 * x[k + 1];
      double r2 = Math.sqrt(5.0) * (x[k + 2] - x[k + 3]);
      double b = x[k + 1] - 2 * x[k + 2];
      double r3 = b * b;
      double a = x[k] - x[k + 3];
      double r4 = Math.sqrt(10.0) * a * a;
      f += r1 * r1 + r2 * r2 + r3 * r3 + r4 * r4;
    }
    return f;
  }

  /** #14 */
  @Differentiable
  static double wood(double[] x) {
    double r1 = 10 * (x[1] - x[0] * x[0]);
    double r2 = 1 - x[0];
    double r3 = Math.sqrt(90.0) * (x[3] - x[2] * x[2]);
    double r4 = 1 - x[2];
    double r5 = Math.sqrt(10.0) * (x[1] + x[3] - 2);
    double r6 = (x[1] - x[3]) / Math.sqrt(10.0);
    return r1 * r1 + r2 * r2 + r3 * r3 + r4 * r4 + r5 * r5 + r6 * r6;
  }

  /** #15 */
  @Differentiable
  static double kowalikOsborne(double[] x) {
    double f = 0;
    for (int i = 0; i < 11; i++) {
      double u = KOWALIK_U[i];
      double r = KOWALIK_Y[i] - x[0] * (u * u + u * x[1]) / (u * u + u * x[2] + x[3]);
      f += r * r;
    }
    return f;
  }

  /** #16, m = 20 */
  @Differentiable
  static double brownDennis(double[] x) {
    double f = 0;
    for (int i = 1; i <= 20; i++) {
      double t = i / 5.0;
      double a = x[0] + t * x[1] - Math.exp(t);
      double b = x[2] + x[3] * Math.sin(t) - Math.cos(t);
      double r = a * a + b * b;
      f += r * r;
    }
    return f;
  }

  /** #17 */
  @Differentiable
  static double osborne1(double[] x) {
    double f = 0;
    for (int i = 0; i < 33; i++) {
      double t = 10.0 * i;
      double r = OSBORNE1_Y[i] - (x[0] + x[1] * Math.exp(-t * x[3]) + x[2] * Math.exp(-t * x[4]));
      f += r * r;
    }
    return f;
  }

  /** #18, m = 13 */
  @Differentiable
  static double biggsExp6(double[] x) {
    double f = 0;
    for (int i = 1; i <= 13; i++) {
      double t = 0.1 * i;
      double y = Math.exp(-t) - 5 * Math.exp(-10 * t) + 3 * Math.exp(-4 * t);
      double r = x[2] * Math.exp(-t * x[0]) - x[3] * Math.exp(-t * x[1]) + x[5] * Math.exp(-t * x[4]) - y;
      f += r * r;
    }
    return f;
  }

  /** #19 */
  @Differentiable
  static double osborne2(double[] x) {
    double f = 0;
    for (int i = 0; i < 65; i++) {
      double t = i / 10.0;
      double s1 = t - x[8];
      double s2 = t - x[9];
      double s3 = t - x[10];
      double model = x[0] * Math.exp(-t * x[4])
          + x[1] * Math.exp(-s1 * s1 * x[5])
          + x[2] * Math.exp(-s2 * s2 * x[6])
          + x[3] * Math.exp(-s3 * s3 * x[7]);
      double r = OSBORNE2_Y[i] - model;
      f += r * r;
    }
    return f;
  }

  /** #20, any n, m = 31 */
  @Differentiable
  static double watson(double[] x) {
    double f = 0;
    for (int i = 1; i <= 29; i++) {
      double t = i / 29.0;
      double s1 = 0;
      double s2 = x[0];
      double power = 1; // t^(j-1)
      for (int j = 1; j < x.length; j++) {
        s1 += j * x[j] * power;
        power *= t;
        s2 += x[j] * power;
      }
      double r = s1 - s2 * s2 - 1;
      f += r * r;
    }
    double r30 = x[1] - x[0] * x[0] - 1;
    return f + x[0] * x[0] + r30 * r30;
  }

  /** #23 */
  @Differentiable
  static double penalty1(double[] x) {
    double f = 0;
    double sumSquares = 0;
    for (int i = 0; i < x.length; i++) {
      double d = x[i] - 1;
      f += 1e-5 * d * d;
      sumSquares += x[i] * x[i];
    }
    double last = sumSquares - 0.25;
    return f + last * last;
  }

  /** #24 */
  @Differentiable
  static double penalty2(double[] x) {
    int n = x.length;
    double sa = Math.sqrt(1e-5);
    double r0 = x[0] - 0.2;
    double f = r0 * r0;
    for (int k = 1; k < n; k++) {
      double y = Math.exp((k + 1) / 10.0) + Math.exp(k / 10.0);
      double r = sa * (Math.exp(x[k] / 10.0) + Math.exp(x[k - 1] / 10.0) - y);
      double s = sa * (Math.exp(x[k] / 10.0) - Math.exp(-0.1));
      f += r * r + s * s;
    }
    double weighted = 0;
    for (int j = 0; j < n; j++) {
      weighted += (n - j) * x[j] * x[j];
    }
    double last = weighted - 1;
    return f + last * last;
  }

  /** #25 */
  @Differentiable
  static double variablyDimensioned(double[] x) {
    double f = 0;
    double s = 0;
    for (int j = 0; j < x.length; j++) {
      double d = x[j] - 1;
      f += d * d;
      s += (j + 1) * d;
    }
    return f + s * s + s * s * s * s;
  }

  /** #26 */
  @Differentiable
  static double trigonometric(double[] x) {
    int n = x.length;
    double sumCos = 0;
    for (int j = 0; j < n; j++) {
      sumCos += Math.cos(x[j]);
    }
    double f = 0;
    for (int i = 0; i < n; i++) {
      double r = n - sumCos + (i + 1) * (1 - Math.cos(x[i])) - Math.sin(x[i]);
      f += r * r;
    }
    return f;
  }

  /** #27 */
  @Differentiable
  static double brownAlmostLinear(double[] x) {
    int n = x.length;
    double sum = 0;
    double product = 1;
    for (int j = 0; j < n; j++) {
      sum += x[j];
      product *= x[j];
    }
    double f = 0;
    for (int i = 0; i < n - 1; i++) {
      double r = x[i] + sum - (n + 1);
      f += r * r;
    }
    double last = product - 1;
    return f + last * last;
  }

  /** #28 */
  @Differentiable
  static double discreteBoundaryValue(double[] x) {
    int n = x.length;
    double h = 1.0 / (n + 1);
    double f = 0;
    for (int i = 0; i < n; i++) {
      double t = (i + 1) * h;
      double left = 0;
      if (i > 0) {
        left = x[i - 1];
      }
      double right = 0;
      if (i < n - 1) {
        right = x[i + 1];
      }
      double u = x[i] + t + 1;
      double r = 2 * x[i] - left - right + h * h * u * u * u / 2;
      f += r * r;
    }
    return f;
  }

  /** #29 */
  @Differentiable
  static double discreteIntegralEquation(double[] x) {
    int n = x.length;
    double h = 1.0 / (n + 1);
    double f = 0;
    for (int i = 0; i < n; i++) {
      double ti = (i + 1) * h;
      double lower = 0;
      double upper = 0;
      for (int j = 0; j < n; j++) {
        double tj = (j + 1) * h;
        double u = x[j] + tj + 1;
        if (j <= i) {
          lower += tj * u * u * u;
        } else {
          upper += (1 - tj) * u * u * u;
        }
      }
      double r = x[i] + h / 2 * ((1 - ti) * lower + ti * upper);
      f += r * r;
    }
    return f;
  }

  /** #30 */
  @Differentiable
  static double broydenTridiagonal(double[] x) {
    int n = x.length;
    double f = 0;
    for (int i = 0; i < n; i++) {
      double left = 0;
      if (i > 0) {
        left = x[i - 1];
      }
      double right = 0;
      if (i < n - 1) {
        right = x[i + 1];
      }
      double r = (3 - 2 * x[i]) * x[i] - left - 2 * right + 1;
      f += r * r;
    }
    return f;
  }

  /** #31, ml = 5, mu = 1 */
  @Differentiable
  static double broydenBanded(double[] x) {
    int n = x.length;
    double f = 0;
    for (int i = 0; i < n; i++) {
      double band = 0;
      for (int j = Math.max(0, i - 5); j <= Math.min(n - 1, i + 1); j++) {
        if (j != i) {
          band += x[j] * (1 + x[j]);
        }
      }
      double r = x[i] * (2 + 5 * x[i] * x[i]) + 1 - band;
      f += r * r;
    }
    return f;
  }

  /** #32, m ≥ n */
  @Differentiable
  static double linearFullRank(double[] x, int m) {
    int n = x.length;
    double sum = 0;
    for (int j = 0; j < n; j++) {
      sum += x[j];
    }
    double common = -2.0 / m * sum - 1;
    double f = 0;
    for (int i = 0; i < n; i++) {
      double r = x[i] + common;
      f += r * r;
    }
    return f + (m - n) * common * common;
  }

  /** #33 */
  @Differentiable
  static double linearRank1(double[] x, int m) {
    double s = 0;
    for (int j = 0; j < x.length; j++) {
      s += (j + 1) * x[j];
    }
    double f = 0;
    for (int i = 1; i <= m; i++) {
      double r = i * s - 1;
      f += r * r;
    }
    return f;
  }

  /** #34 */
  @Differentiable
  static double linearRank1ZeroColumnsRows(double[] x, int m) {
    double s = 0;
    for (int k = 1; k < x.length - 1; k++) {
      s += (k + 1) * x[k];
    }
    double f = 2; // the first and last residuals are −1
    for (int i = 2; i <= m - 1; i++) {
      double r = (i - 1) * s - 1;
      f += r * r;
    }
    return f;
  }

  /** #35, m = n: r_i = (1/n) Σ_j T_i(2x_j − 1) + c_i, c_i = 1/(i² − 1) for even i, else 0. */
  @Differentiable
  static double chebyquad(double[] x) {
    int n = x.length;
    double f = 0;
    for (int i = 1; i <= n; i++) {
      double s = 0;
      for (int j = 0; j < n; j++) {
        double y = 2 * x[j] - 1;
        double previous = 1;
        double current = y;
        for (int k = 1; k < i; k++) {
          double next = 2 * y * current - previous;
          previous = current;
          current = next;
        }
        s += current;
      }
      double c = 0;
      if (i % 2 == 0) {
        c = 1.0 / (i * i - 1.0);
      }
      double r = s / n + c;
      f += r * r;
    }
    return f;
  }

  /** Chained Rosenbrock, as {@code scipy.optimize.rosen}: Σ 100 (x_{i+1} − x_i²)² + (1 − x_i)². */
  @Differentiable
  static double chainedRosenbrock(double[] x) {
    double f = 0;
    for (int i = 0; i < x.length - 1; i++) {
      double curve = x[i + 1] - x[i] * x[i];
      double offset = 1 - x[i];
      f += 100 * curve * curve + offset * offset;
    }
    return f;
  }
}
