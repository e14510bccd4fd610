package test;

import dev.hesse.Differentiable;
import dev.hesse.NoDerivative;

/** [HesseUnsupportedCall]: calls of other @Differentiable methods that cannot carry derivatives. */
class Composition {
  double scale = 2;

  @Differentiable
  double instanceHelper(double x) {
    return scale * x;
  }

  @Differentiable
  private static double privateHelper(double x) {
    return x * x;
  }

  @Differentiable
  static double scaled(double x, @NoDerivative double factor) {
    return factor * x;
  }

  @Differentiable
  static double sum(double[] a) {
    double s = 0;
    for (double ai : a) {
      s += ai;
    }
    return s;
  }

  @Differentiable
  double callsInstanceMethodOnThis(double x) {
    // BUG: Diagnostic at `instanceHelper(x)` contains: is an instance method
    return instanceHelper(x);
  }

  @Differentiable
  static double callsPrivateMethod(double x) {
    // BUG: Diagnostic at `privateHelper(x)` contains: is private
    return privateHelper(x);
  }

  @Differentiable
  static double losesDerivative(double x, double y) {
    // BUG: Diagnostic at `scaled(x, y * y)` contains: parameter 'factor' of scaled is @NoDerivative
    return scaled(x, y * y);
  }

  @Differentiable
  static double losesDerivativeIntoAnArrayElement(double x, double y) {
    double[] h = new double[2];
    // BUG: Diagnostic at `scaled(x, y)` contains: parameter 'factor' of scaled is @NoDerivative
    h[0] = scaled(x, y);
    return h[0] + h[1];
  }

  @Differentiable
  static double passesConditionalArray(double[] a, double[] b, boolean first) {
    // BUG: Diagnostic at `first ? a : b` contains: pass a double[] parameter
    return sum(first ? a : b);
  }

  @Differentiable
  static double weighted(double u, @NoDerivative double[] weights) {
    return u * weights[0];
  }

  @Differentiable
  static double passesDifferentiableRowAsConstant(double x, double[][] m) {
    // BUG: Diagnostic at `weighted(x, m[0])` contains: parameter 'weights' of weighted is @NoDerivative
    return weighted(x, m[0]);
  }

  @Differentiable
  static double passesLocalMatrixRow(double[] a) {
    double[][] h = new double[2][3];
    h[0][0] = a[0];
    // BUG: Diagnostic at `h[0]` contains: pass a double[] parameter
    return sum(h[0]);
  }

  @Differentiable
  static double passesLocalMatrixRowInEnhancedFor(double[] a) {
    double[][] h = new double[2][3];
    double s = 0;
    for (double[] row : h) {
      row[0] = a[0];
      // BUG: Diagnostic at `row` contains: pass a double[] parameter
      s += sum(row);
    }
    return s;
  }

  @Differentiable
  static double noMatchingOverload(double x, boolean flag) {
    // BUG: Diagnostic at `scaled(x, flag)` contains: no overload of 'scaled' takes arguments of these types
    return scaled(x, flag);
  }

  @Differentiable
  static double withMatrix(double[][] m) {
    return m[0][0];
  }

  @Differentiable
  static double passesMatrix(double[][] m) {
    // BUG: Diagnostic at `withMatrix(m)` contains: calls that pass matrices with derivatives are not supported yet
    return withMatrix(m);
  }

  // OK: constants may go to @NoDerivative parameters, and parameter arrays to differentiable ones.
  @Differentiable
  static double fine(double[] a, double x, @NoDerivative double c) {
    return scaled(x, c * 3) + sum(a) + Composition.sum(a);
  }
}
