package dev.hesse.support;

/**
 * Checks and copies of {@code double[][]} parameters for generated code. A differentiable matrix takes rows × columns
 * slots of {@code gradOut}, row by row, so it must be rectangular. Not part of the user API: only generated code should
 * use it.
 */
public final class Matrices {
  private Matrices() {}

  /**
   * Throws {@link IllegalArgumentException} unless every row of {@code m} is non-null and as long as row 0.
   *
   * @param name the parameter's name, for the message
   */
  public static void requireRectangular(double[][] m, String name) {
    for (int i = 0; i < m.length; i++) {
      if (m[i] == null) {
        throw new IllegalArgumentException(
            "matrix '" + name + "' must be rectangular: row " + i + " is null");
      }
      if (m[i].length != m[0].length) {
        throw new IllegalArgumentException(
            "matrix '" + name + "' must be rectangular (it is laid out row by row in gradOut, v and hvOut): row "
                + i + " has length " + m[i].length + " but row 0 has length " + m[0].length);
      }
    }
  }

  /** The number of slots of a rectangular matrix: rows × columns. */
  public static int size(double[][] m) {
    return m.length == 0 ? 0 : m.length * m[0].length;
  }

  /** A deep copy. */
  public static double[][] copy(double[][] m) {
    double[][] out = new double[m.length][];
    for (int i = 0; i < m.length; i++) {
      out[i] = m[i].clone();
    }
    return out;
  }
}
