package dev.hesse.optimize;

/** The few dense-vector kernels the drivers need. */
final class Vectors {
  private Vectors() {}

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /** Σ w_i a_i b_i, or the plain dot product when {@code w} is null. */
  static double dot(double[] w, double[] a, double[] b) {
    if (w == null) {
      return dot(a, b);
    }
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += w[i] * a[i] * b[i];
    }
    return s;
  }

  static double norm(double[] a) {
    return Math.sqrt(dot(a, a));
  }

  /** y += alpha x */
  static void axpy(double alpha, double[] x, double[] y) {
    for (int i = 0; i < x.length; i++) {
      y[i] += alpha * x[i];
    }
  }

  static boolean allFinite(double[] a) {
    for (double v : a) {
      if (!Double.isFinite(v)) {
        return false;
      }
    }
    return true;
  }
}
