package dev.hesse.estimate;

import dev.hesse.Objective;
import java.util.Objects;

/**
 * Exact curvature where affordable: the diagonal and the dense Hessian from n HVPs with unit vectors, and a sparse
 * Hessian from one HVP per colour of a column colouring of its sparsity pattern (Curtis, Powell, Reid 1974; Coleman,
 * Moré 1984). "Exact" means to rounding: each entry is one entry of an HVP, which Hesse computes exactly to rounding.
 *
 * <p>The HVPs run on the given {@link Execution} (the common pool by default); results do not depend on it.
 */
public final class ExactHessian {
  /** Unit vectors per task when columns run in parallel. */
  private static final int BLOCK = 16;

  private ExactHessian() {}

  /** diag(H(x)) from n HVPs with unit vectors, on the common pool. */
  public static double[] diagonal(Objective f, double[] x) {
    return diagonal(f, x, Execution.commonPool());
  }

  /**
   * diag(H(x)) from n HVPs with unit vectors: H_ii = (H e_i)_i.
   *
   * @throws IllegalArgumentException if {@code x} is empty or not finite
   * @throws NonFiniteCurvatureException if an HVP is NaN or infinite
   */
  public static double[] diagonal(Objective f, double[] x, Execution execution) {
    double[] point = Checks.point(x);
    double[] diagonal = new double[point.length];
    columns(Checks.objective(f), point, execution, (j, column) -> diagonal[j] = column[j]);
    return diagonal;
  }

  /** The dense Hessian H(x), {@code h[i][j]} = ∂²f/∂x_i∂x_j, from n HVPs, on the common pool. */
  public static double[][] dense(Objective f, double[] x) {
    return dense(f, x, Execution.commonPool());
  }

  /**
   * The dense Hessian H(x) from n HVPs: column j is H e_j. Not symmetrised: {@code h[i][j]} and {@code h[j][i]} come
   * from different HVPs and agree to rounding.
   *
   * @throws IllegalArgumentException if {@code x} is empty or not finite
   * @throws NonFiniteCurvatureException if an HVP is NaN or infinite
   */
  public static double[][] dense(Objective f, double[] x, Execution execution) {
    double[] point = Checks.point(x);
    int n = point.length;
    double[][] columns = new double[n][];
    columns(Checks.objective(f), point, execution, (j, column) -> columns[j] = column.clone());
    double[][] h = new double[n][n];
    for (int j = 0; j < n; j++) {
      for (int i = 0; i < n; i++) {
        h[i][j] = columns[j][i];
      }
    }
    return h;
  }

  /** The sparse Hessian for {@code pattern}, on the common pool. */
  public static SparseHessian sparse(Objective f, double[] x, SparsityPattern pattern) {
    return sparse(f, x, pattern, Execution.commonPool());
  }

  /**
   * The entries of H(x) in {@code pattern}, from one HVP per colour of its {@link ColumnColoring#greedy greedy
   * column colouring}: for colour c, d_c = Σ_{j of colour c} e_j and H_ij = (H d_c)_i for every j of colour c in row
   * i's pattern. A tridiagonal pattern takes 3 HVPs for any n ≥ 3.
   *
   * @throws IllegalArgumentException if the pattern's dimension differs from x's, or {@code x} is not finite
   * @throws NonFiniteCurvatureException if an HVP is NaN or infinite (naming the colour)
   */
  public static SparseHessian sparse(Objective f, double[] x, SparsityPattern pattern, Execution execution) {
    Checks.objective(f);
    double[] point = Checks.point(x);
    Objects.requireNonNull(pattern, "pattern");
    Objects.requireNonNull(execution, "execution");
    int n = point.length;
    Checks.sameDimension("the sparsity pattern", pattern.dimension(), "x", n);
    ColumnColoring coloring = ColumnColoring.greedy(pattern);
    int[] colorOf = coloring.colorOfColumn();
    int colors = coloring.colors();

    // CSR layout of the pattern, and the stored positions grouped by their column's colour.
    int[] rowStart = new int[n + 1];
    for (int i = 0; i < n; i++) {
      rowStart[i + 1] = rowStart[i] + pattern.rowUnsafe(i).length;
    }
    int nnz = rowStart[n];
    int[] columns = new int[nnz];
    int[] rowOf = new int[nnz];
    int[] colorStart = new int[colors + 1];
    for (int i = 0; i < n; i++) {
      int[] row = pattern.rowUnsafe(i);
      System.arraycopy(row, 0, columns, rowStart[i], row.length);
      for (int p = rowStart[i]; p < rowStart[i + 1]; p++) {
        rowOf[p] = i;
        colorStart[colorOf[columns[p]] + 1]++;
      }
    }
    for (int c = 0; c < colors; c++) {
      colorStart[c + 1] += colorStart[c];
    }
    int[] byColor = new int[nnz];
    int[] fill = colorStart.clone();
    for (int p = 0; p < nnz; p++) {
      byColor[fill[colorOf[columns[p]]]++] = p;
    }

    double[] values = new double[nnz];
    execution.map(colors, c -> {
      double[] d = new double[n];
      for (int j = 0; j < n; j++) {
        if (colorOf[j] == c) {
          d[j] = 1;
        }
      }
      double[] hd = new double[n];
      Checks.hvp(f, point, d, hd, "colour", c);
      for (int k = colorStart[c]; k < colorStart[c + 1]; k++) {
        int p = byColor[k];
        values[p] = hd[rowOf[p]];
      }
      return null;
    });

    double largest = 0;
    double asymmetry = 0;
    for (int p = 0; p < nnz; p++) {
      largest = Math.max(largest, Math.abs(values[p]));
      int i = rowOf[p];
      int j = columns[p];
      if (j > i) {
        int q = java.util.Arrays.binarySearch(columns, rowStart[j], rowStart[j + 1], i);
        asymmetry = Math.max(asymmetry, Math.abs(values[p] - values[q]));
      }
    }
    double relativeAsymmetry = largest == 0 ? 0 : asymmetry / largest;
    return new SparseHessian(n, rowStart, columns, values, colors, colors, relativeAsymmetry);
  }

  /** What to do with column j of H, H e_j; the array is reused after the call returns. */
  private interface ColumnSink {
    void accept(int j, double[] column);
  }

  /** Calls {@code sink} with H e_j for every j; each j is written by exactly one task. */
  private static void columns(Objective f, double[] x, Execution execution, ColumnSink sink) {
    Objects.requireNonNull(execution, "execution");
    int n = x.length;
    int blocks = (n + BLOCK - 1) / BLOCK;
    execution.map(blocks, b -> {
      double[] e = new double[n];
      double[] he = new double[n];
      for (int j = b * BLOCK; j < Math.min(n, (b + 1) * BLOCK); j++) {
        e[j] = 1;
        Checks.hvp(f, x, e, he, "unit vector", j);
        e[j] = 0;
        sink.accept(j, he);
      }
      return null;
    });
  }
}
