package dev.hesse.benchmarks;

import dev.hesse.Objective;
import java.lang.reflect.Array;
import org.hipparchus.CalculusFieldElement;
import org.hipparchus.analysis.differentiation.DSFactory;
import org.hipparchus.analysis.differentiation.DerivativeStructure;
import org.hipparchus.analysis.differentiation.FieldGradient;
import org.hipparchus.analysis.differentiation.Gradient;

/**
 * The alternatives to generated derivatives: central finite differences, and forward-mode operator-overloading AD
 * with Hipparchus ({@link DerivativeStructure}, its first-order specialisation {@link Gradient}, and
 * {@code FieldGradient<Gradient>} for H·v by forward over forward).
 */
public final class Alternatives {
  private Alternatives() {}

  /** The cube root of machine epsilon: the step that balances truncation and rounding for central differences. */
  static final double CBRT_EPS = Math.cbrt(Math.ulp(1.0));

  /**
   * Central differences of the value: 2n evaluations, each perturbing one coordinate in place (restored after), so
   * nothing is allocated.
   */
  public static double fdGradient(Objective f, double[] x, double[] grad) {
    for (int i = 0; i < x.length; i++) {
      double xi = x[i];
      double h = CBRT_EPS * Math.max(1.0, Math.abs(xi));
      x[i] = xi + h;
      double plus = f.value(x);
      x[i] = xi - h;
      double minus = f.value(x);
      x[i] = xi;
      grad[i] = (plus - minus) / (2 * h);
    }
    return f.value(x);
  }

  /**
   * Central differences of the gradient along v: (∇f(x + εv) − ∇f(x − εv)) / 2ε, two gradients; {@code work} and
   * {@code gradWork} are caller-owned scratch of x's length.
   */
  public static void fdHvp(Objective f, double[] x, double[] v, double[] hv, double[] work, double[] gradWork) {
    double xMax = 0;
    double vMax = 0;
    for (int i = 0; i < x.length; i++) {
      xMax = Math.max(xMax, Math.abs(x[i]));
      vMax = Math.max(vMax, Math.abs(v[i]));
    }
    double eps = CBRT_EPS * Math.max(1.0, xMax) / vMax;
    for (int i = 0; i < x.length; i++) {
      work[i] = x[i] + eps * v[i];
    }
    f.gradient(work, hv);
    for (int i = 0; i < x.length; i++) {
      work[i] = x[i] - eps * v[i];
    }
    f.gradient(work, gradWork);
    double scale = 1 / (2 * eps);
    for (int i = 0; i < x.length; i++) {
      hv[i] = (hv[i] - gradWork[i]) * scale;
    }
  }

  // ---- the functions, generic over Hipparchus' field elements ----

  public static <T extends CalculusFieldElement<T>> T rosenbrock(T[] x) {
    T sum = x[0].getField().getZero();
    for (int i = 0; i < x.length - 1; i++) {
      T curve = x[i + 1].subtract(x[i].multiply(x[i]));
      T offset = x[i].negate().add(1);
      sum = sum.add(curve.multiply(curve).multiply(100)).add(offset.multiply(offset));
    }
    return sum;
  }

  public static <T extends CalculusFieldElement<T>> T networkLoss(
      T[] w, double[][] xs, double[] ys, int hidden) {
    int d = xs[0].length;
    int b1 = hidden * d;
    int c = b1 + hidden;
    int b2 = c + hidden;
    T loss = w[0].getField().getZero();
    for (int s = 0; s < xs.length; s++) {
      T pred = w[b2];
      for (int j = 0; j < hidden; j++) {
        T a = w[b1 + j];
        for (int i = 0; i < d; i++) {
          a = a.add(w[j * d + i].multiply(xs[s][i]));
        }
        pred = pred.add(w[c + j].multiply(a.tanh()));
      }
      T r = pred.subtract(ys[s]);
      loss = loss.add(r.multiply(r).multiply(0.5));
    }
    return loss.divide(xs.length);
  }

  /** Which function a Hipparchus evaluation runs. */
  public interface FieldFunction {
    <T extends CalculusFieldElement<T>> T apply(T[] x);
  }

  // ---- DerivativeStructure, order 1: the gradient ----

  /** A DerivativeStructure gradient at one dimension: the factory and where each partial derivative lives. */
  public static final class DsGradient {
    private final DSFactory factory;
    private final int[] index;

    public DsGradient(int n) {
      factory = new DSFactory(n, 1);
      index = new int[n];
      int[] orders = new int[n];
      for (int i = 0; i < n; i++) {
        orders[i] = 1;
        index[i] = factory.getCompiler().getPartialDerivativeIndex(orders);
        orders[i] = 0;
      }
    }

    public double gradient(FieldFunction f, double[] x, double[] grad) {
      DerivativeStructure[] vars = new DerivativeStructure[x.length];
      for (int i = 0; i < x.length; i++) {
        vars[i] = factory.variable(i, x[i]);
      }
      DerivativeStructure y = f.apply(vars);
      double[] all = y.getAllDerivatives();
      for (int i = 0; i < x.length; i++) {
        grad[i] = all[index[i]];
      }
      return y.getValue();
    }
  }

  /** Hipparchus' first-order specialisation of DerivativeStructure. */
  public static double gradientGradient(FieldFunction f, double[] x, double[] grad) {
    int n = x.length;
    Gradient[] vars = new Gradient[n];
    for (int i = 0; i < n; i++) {
      vars[i] = Gradient.variable(n, i, x[i]);
    }
    Gradient y = f.apply(vars);
    System.arraycopy(y.getGradient(), 0, grad, 0, n);
    return y.getValue();
  }

  // ---- DerivativeStructure, order 2: the whole Hessian, then H·v ----

  /** A DerivativeStructure Hessian at one dimension (n(n+1)/2 + n + 1 coefficients per value: small n only). */
  public static final class DsHessian {
    private final DSFactory factory;
    private final int[][] index;

    public DsHessian(int n) {
      factory = new DSFactory(n, 2);
      index = new int[n][n];
      int[] orders = new int[n];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          orders[i]++;
          orders[j]++;
          index[i][j] = factory.getCompiler().getPartialDerivativeIndex(orders);
          orders[i]--;
          orders[j]--;
        }
      }
    }

    public void hvp(FieldFunction f, double[] x, double[] v, double[] hv) {
      int n = x.length;
      DerivativeStructure[] vars = new DerivativeStructure[n];
      for (int i = 0; i < n; i++) {
        vars[i] = factory.variable(i, x[i]);
      }
      double[] all = f.apply(vars).getAllDerivatives();
      for (int i = 0; i < n; i++) {
        double sum = 0;
        for (int j = 0; j < n; j++) {
          sum += all[index[i][j]] * v[j];
        }
        hv[i] = sum;
      }
    }
  }

  // ---- FieldGradient<Gradient>: H·v by forward over forward, O(n) times the value ----

  /**
   * H·v = ∇(∇f·v): the inner {@link Gradient} carries the one direction v, the outer {@link FieldGradient} the n
   * coordinates; (H·v)_i is the inner derivative of the outer i-th partial.
   */
  @SuppressWarnings("unchecked")
  public static void fieldGradientHvp(FieldFunction f, double[] x, double[] v, double[] hv) {
    int n = x.length;
    FieldGradient<Gradient>[] vars = (FieldGradient<Gradient>[]) Array.newInstance(FieldGradient.class, n);
    for (int i = 0; i < n; i++) {
      vars[i] = FieldGradient.variable(n, i, new Gradient(x[i], v[i]));
    }
    Gradient[] grad = f.apply(vars).getGradient();
    for (int i = 0; i < n; i++) {
      hv[i] = grad[i].getGradient()[0];
    }
  }

  public static final FieldFunction ROSENBROCK =
      new FieldFunction() {
        @Override
        public <T extends CalculusFieldElement<T>> T apply(T[] x) {
          return rosenbrock(x);
        }
      };
}
