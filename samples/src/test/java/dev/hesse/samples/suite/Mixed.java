package dev.hesse.samples.suite;

import dev.hesse.Differentiable;
import dev.hesse.NoDerivative;

/**
 * Realistic small models mixing scalar and array parameters, constants of every kind and the control flow of the
 * other suite classes. The gradient layout is the differentiable parameters concatenated in declaration order.
 */
public final class Mixed {
  private Mixed() {}

  static final double HALF_LOG_TWO_PI = 0.9189385332046727;

  /**
   * Scalars and arrays interleaved with constants: gradient layout (a, u..., b, v...). Domain: v.length >= 1.
   */
  @Differentiable
  public static double mixedLayout(
      double a, double[] u, int n, double b, @NoDerivative double c, double[] v, boolean flip) {
    double s = a * b;
    for (int i = 0; i < u.length; i++) {
      s += u[i] * v[i % v.length] * (i + n);
    }
    for (double vi : v) {
      s += Math.sin(vi * a) * c;
    }
    return flip ? -s + b * b : s;
  }

  /**
   * L2-regularised logistic regression loss: mean log(1 + exp(-y θ·x)) + λ |θ|². Gradient layout (θ..., λ).
   * Domain: all reals.
   */
  @Differentiable
  public static double logisticLoss(double[] theta, @NoDerivative double[][] xs, int[] labels, double lambda) {
    double loss = 0;
    for (int k = 0; k < xs.length; k++) {
      double z = 0;
      for (int j = 0; j < theta.length; j++) {
        z += theta[j] * xs[k][j];
      }
      double y = labels[k] == 1 ? 1.0 : -1.0;
      loss += Math.log1p(Math.exp(-y * z));
    }
    double reg = 0;
    for (double t : theta) {
      reg += t * t;
    }
    return loss / xs.length + lambda * reg;
  }

  /** Softmax cross-entropy: log Σ exp(l_i) − l_label, with a max shift. Domain: 0 <= label < n. */
  @Differentiable
  public static double softmaxCrossEntropy(double[] logits, int label) {
    double m = logits[0];
    for (int i = 1; i < logits.length; i++) {
      m = Math.max(m, logits[i]);
    }
    double s = 0;
    for (int i = 0; i < logits.length; i++) {
      s += Math.exp(logits[i] - m);
    }
    return Math.log(s) + m - logits[label];
  }

  /**
   * Energy of a chain of 2-D springs with interleaved coordinates (x0, y0, x1, y1, ...). Gradient layout (pos..., k).
   * Domain: consecutive points distinct.
   */
  @Differentiable
  public static double springEnergy(double[] pos, @NoDerivative double rest, double k) {
    int n = pos.length / 2;
    double e = 0;
    for (int i = 0; i + 1 < n; i++) {
      double dx = pos[2 * (i + 1)] - pos[2 * i];
      double dy = pos[2 * (i + 1) + 1] - pos[2 * i + 1];
      double stretch = Math.hypot(dx, dy) - rest;
      e += 0.5 * k * stretch * stretch;
    }
    return e;
  }

  /**
   * Symplectic Euler for a pendulum over a given duration, energy at the end: two locals declared in one statement,
   * an int -> double division, a loop with a run-time trip count. Gradient layout (theta0, omega0, duration). Domain:
   * all reals, steps >= 1.
   */
  @Differentiable
  public static double pendulum(double theta0, double omega0, double duration, int steps, @NoDerivative double g) {
    double theta = theta0, omega = omega0;
    double dt = duration / steps;
    for (int s = 0; s < steps; s++) {
      omega -= g * Math.sin(theta) * dt;
      theta += omega * dt;
    }
    return 0.5 * omega * omega + g * (1 - Math.cos(theta));
  }

  /**
   * Parameter and local names that a code generator may also want for its own variables (value, grad, gradient, i,
   * n, adj, tape, result, tmp, x0, d). Gradient layout (value, grad..., tape). Domain: all reals.
   */
  @Differentiable
  public static double clashingNames(double value, double[] grad, int i, double tape) {
    double result = 0;
    double adj = value * tape;
    int n = grad.length;
    for (int k = 0; k < n; k++) {
      double tmp = grad[k] * adj;
      double x0 = Math.sin(tmp);
      double d = x0 * (k + i);
      result += d;
    }
    double gradient = result * value;
    return gradient + adj;
  }

  /**
   * Regression: names the generator gives its saved-value stacks, used by the user for a parameter and a local, in a
   * method whose gradient needs both stacks (a product and an overwritten integer). Domain: all reals.
   */
  @Differentiable
  public static double stackNames(double[] savedDoubles, int savedInts) {
    double p = 1;
    int k = savedInts;
    for (int i = 0; i < savedDoubles.length; i++) {
      p *= 1 + 0.5 * Math.sin(savedDoubles[i]);
      k = k * 3 % 7;
      p *= 1 + 0.01 * k;
    }
    double savedLongs = p * p;
    return savedLongs;
  }

  /**
   * Log-likelihood of data under an equal-weight 1-D Gaussian mixture with common sigma, log-sum-exp per datum.
   * Gradient layout (mu..., sigma). Domain: sigma > 0, mu.length >= 1.
   */
  @Differentiable
  public static double mixtureLogLikelihood(double[] mu, double sigma, @NoDerivative double[] data) {
    double ll = 0;
    for (int k = 0; k < data.length; k++) {
      double best = -(data[k] - mu[0]) * (data[k] - mu[0]) / (2 * sigma * sigma);
      for (int j = 1; j < mu.length; j++) {
        double t = -(data[k] - mu[j]) * (data[k] - mu[j]) / (2 * sigma * sigma);
        if (t > best) {
          best = t;
        }
      }
      double s = 0;
      for (int j = 0; j < mu.length; j++) {
        double t = -(data[k] - mu[j]) * (data[k] - mu[j]) / (2 * sigma * sigma);
        s += Math.exp(t - best);
      }
      ll += best + Math.log(s) - Math.log(sigma) - HALF_LOG_TWO_PI - Math.log(mu.length);
    }
    return ll;
  }

  /**
   * pow with variable base and variable exponents from an array. Gradient layout (base, exps..., shift). Domain:
   * base + shift > 0.
   */
  @Differentiable
  public static double powSeries(double base, double[] exps, double shift) {
    double s = 0;
    for (double e : exps) {
      s += Math.pow(base + shift, e) * e;
    }
    return s;
  }

  /** Newton's method for the cube root, 30 iterations. Domain: a > 0 (points in [0.5, 8]). */
  @Differentiable
  public static double newtonCubeRoot(double a) {
    double x = a;
    for (int k = 0; k < 30; k++) {
      x -= (x * x * x - a) / (3 * x * x);
    }
    return x;
  }

  /** A weighted Euclidean distance between two differentiable arrays: layout (p..., q...). Domain: p != q. */
  @Differentiable
  public static double weightedDistance(double[] p, double[] q, @NoDerivative double[] w) {
    double s = 0;
    for (int i = 0; i < p.length; i++) {
      double d = p[i] - q[i];
      s += w[i] * d * d;
    }
    return Math.sqrt(s);
  }

  /**
   * A row-major rows x cols grid: discrete Dirichlet energy plus a diagonal term, all through computed indices.
   * Domain: x.length == rows * cols.
   */
  @Differentiable
  public static double gridEnergy(double[] x, int rows, int cols) {
    double e = 0;
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        double here = x[r * cols + c];
        if (c + 1 < cols) {
          double d = x[r * cols + c + 1] - here;
          e += d * d;
        }
        if (r + 1 < rows) {
          double d = x[(r + 1) * cols + c] - here;
          e += d * d;
        }
      }
    }
    int diag = rows < cols ? rows : cols;
    for (int i = 0; i < diag; i++) {
      e += Math.cos(x[i * cols + i]);
    }
    return e;
  }

  /**
   * Linear interpolation in a table at t, with the cell index computed by an (int) cast of the input. Gradient layout
   * (table..., t). Domain: 0 <= t < n - 1, t not within 0.05 of an integer.
   */
  @Differentiable
  public static double interpolate(double[] table, double t) {
    int i = (int) t;
    double frac = t - i;
    return table[i] * (1 - frac) + table[i + 1] * frac;
  }

  /** A loop over a long run-time bound with a long counter, damped oscillator. Layout (x0, x1, rate). Domain: R^3. */
  @Differentiable
  public static double longSteps(double[] x, double rate, long steps) {
    double a = x[0];
    double b = x[1];
    long k = 0;
    while (k < steps) {
      double na = a + rate * b;
      b = b - rate * Math.sin(a);
      a = na;
      k += 1;
    }
    return a * a + b * b * (double) (k % 3 + 1);
  }

  /**
   * User names equal to what a generator's own variables are likely called (adjoint suffixes, loop bookkeeping, the
   * value). Gradient layout (x..., s, sBar). Domain: all reals.
   */
  @Differentiable
  public static double generatorNames(double[] x, double s, double sBar, int trips) {
    double value = 0;
    int xiIndex = trips;
    double xBar = sBar;
    double point = s;
    for (double xi : x) {
      value += xi * xBar * point + xiIndex;
    }
    double valueBar = value * s;
    return valueBar + sBar * sBar;
  }

  /** A parameter called gradOut, like the generated method's output parameter. Layout (gradOut..., w). Domain: all. */
  @Differentiable
  public static double paramNamedGradOut(double[] gradOut, double w) {
    double t = 0;
    for (int i = 0; i < gradOut.length; i++) {
      t += gradOut[i] * w * gradOut[i];
    }
    return t;
  }

  /** A differentiable parameter that does not influence the result: its gradient slot must be written as 0. */
  @Differentiable
  public static double inactiveParameter(double x, @NoDerivative double c, double y) {
    return c * c + Math.sin(y);
  }

  /**
   * Parameters named like the extra parameters and likely internals of the generated Hessian-vector product and
   * directional derivative methods (hvOut, v, tangent). Gradient layout (hvOut..., v, tangent). Domain: all reals,
   * hvOut.length >= 1.
   */
  @Differentiable
  public static double paramsNamedLikeHvp(double[] hvOut, double v, double tangent) {
    double s = 0;
    for (int i = 0; i < hvOut.length; i++) {
      s += hvOut[i] * hvOut[i] * v + Math.sin(tangent * hvOut[i]);
    }
    return s * tangent + v * v * v;
  }
}
