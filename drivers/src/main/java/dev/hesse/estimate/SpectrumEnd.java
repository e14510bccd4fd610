package dev.hesse.estimate;

/** Which eigenvalues {@link Lanczos} looks for, and the order it returns them in. */
public enum SpectrumEnd {
  /** The largest, most positive first (PyHessian's top eigenvalues). */
  LARGEST_ALGEBRAIC,
  /** The largest in absolute value, largest |λ| first: the Hessian's spectral norm and its sign. */
  LARGEST_MAGNITUDE,
  /** The smallest, most negative first: directions of negative curvature. */
  SMALLEST_ALGEBRAIC;

  /** Sort key: larger is wanted first. */
  double key(double eigenvalue) {
    return switch (this) {
      case LARGEST_ALGEBRAIC -> eigenvalue;
      case LARGEST_MAGNITUDE -> Math.abs(eigenvalue);
      case SMALLEST_ALGEBRAIC -> -eigenvalue;
    };
  }
}
