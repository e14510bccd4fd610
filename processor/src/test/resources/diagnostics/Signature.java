package test;

import dev.hesse.Differentiable;

/** [HesseSignature]: only a concrete, non-generic method returning double can be differentiated. */
abstract class Signature {
  @Differentiable
  // BUG: Diagnostic contains: [HesseSignature]
  static int returnsInt(double x) {
    return 1;
  }

  @Differentiable
  // BUG: Diagnostic contains: [HesseSignature]
  static void returnsVoid(double x) {}

  @Differentiable
  // BUG: Diagnostic contains: [HesseSignature]
  abstract double abstractMethod(double x);

  @Differentiable
  // BUG: Diagnostic contains: [HesseSignature]
  native double nativeMethod(double x);

  @Differentiable
  // BUG: Diagnostic contains: [HesseSignature]
  static <T> double genericMethod(double x) {
    return x;
  }

  @Differentiable(composable = true)
  // BUG: Diagnostic contains: composable = true asks for building blocks, which only static
  double composableInstanceMethod(double x) {
    return x * x;
  }

  @Differentiable(composable = true)
  // BUG: Diagnostic contains: composable = true asks for building blocks, which only static
  private static double composablePrivateMethod(double x) {
    return x * x;
  }

  @Differentiable(composable = true)
  // BUG: Diagnostic contains: composable = true asks for building blocks, which only static
  static double composableWithMatrix(double[][] m) {
    return m[0][0] * m[0][0];
  }

  // OK: composable = false is the default, on any method.
  @Differentiable(composable = false)
  double notComposableInstanceMethod(double x) {
    return x * x;
  }

  // OK: the same class may hold a supported method; it gets no error of its own.
  @Differentiable
  static double returnsDouble(double x) {
    return x * x;
  }

  // OK: methods without @Differentiable are not looked at.
  static int notAnnotated(double x) {
    return 1;
  }
}
