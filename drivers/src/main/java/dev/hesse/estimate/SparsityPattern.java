package dev.hesse.estimate;

import java.util.Arrays;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Which entries of an n × n Hessian may be non-zero: for each row, the sorted column indices. Immutable. The pattern
 * is always symmetric and contains the diagonal (both are added if missing), since a Hessian has both.
 *
 * <p>The pattern is a promise: {@link ExactHessian#sparse} recovers exactly the entries listed here and assumes all
 * others are zero. An entry outside the pattern silently corrupts entries inside it; {@link SparseHessian#asymmetry()}
 * usually reveals that.
 */
public final class SparsityPattern {
  private final int[][] rows;
  private final int nonZeros;

  private SparsityPattern(int[][] rows) {
    this.rows = rows;
    int count = 0;
    for (int[] row : rows) {
      count += row.length;
    }
    this.nonZeros = count;
  }

  /**
   * The pattern with the given column indices for each row ({@code columnsPerRow[i]} lists the j with H_ij possibly
   * non-zero; any order, duplicates allowed), symmetrised, with the diagonal added.
   *
   * @throws IllegalArgumentException if there are no rows or an index is outside [0, n)
   */
  public static SparsityPattern of(int[][] columnsPerRow) {
    Objects.requireNonNull(columnsPerRow, "columnsPerRow");
    int n = columnsPerRow.length;
    if (n == 0) {
      throw new IllegalArgumentException("a sparsity pattern needs at least one row");
    }
    @SuppressWarnings("unchecked")
    TreeSet<Integer>[] sets = new TreeSet[n];
    for (int i = 0; i < n; i++) {
      sets[i] = new TreeSet<>();
      sets[i].add(i);
    }
    for (int i = 0; i < n; i++) {
      int[] row = columnsPerRow[i];
      if (row == null) {
        throw new IllegalArgumentException("row " + i + " of the sparsity pattern is null");
      }
      for (int j : row) {
        if (j < 0 || j >= n) {
          throw new IllegalArgumentException(
              "column index " + j + " in row " + i + " is outside [0, " + n + ")");
        }
        sets[i].add(j);
        sets[j].add(i);
      }
    }
    int[][] rows = new int[n][];
    for (int i = 0; i < n; i++) {
      rows[i] = sets[i].stream().mapToInt(Integer::intValue).toArray();
    }
    return new SparsityPattern(rows);
  }

  /** Entries with |i − j| ≤ halfBandwidth: 2·halfBandwidth + 1 colours, hence HVPs, for any n. */
  public static SparsityPattern banded(int n, int halfBandwidth) {
    Checks.positive("n", n);
    if (halfBandwidth < 0) {
      throw new IllegalArgumentException("halfBandwidth must be non-negative, got " + halfBandwidth);
    }
    int[][] rows = new int[n][];
    for (int i = 0; i < n; i++) {
      int from = Math.max(0, i - halfBandwidth);
      int to = Math.min(n - 1, i + halfBandwidth);
      rows[i] = new int[to - from + 1];
      for (int j = from; j <= to; j++) {
        rows[i][j - from] = j;
      }
    }
    return new SparsityPattern(rows);
  }

  /** Entries with |i − j| ≤ 1, like chained Rosenbrock's Hessian: 3 HVPs for any n ≥ 3. */
  public static SparsityPattern tridiagonal(int n) {
    return banded(n, 1);
  }

  /** The diagonal only: 1 HVP. */
  public static SparsityPattern diagonal(int n) {
    return banded(n, 0);
  }

  /** The dimension n. */
  public int dimension() {
    return rows.length;
  }

  /** The number of entries in the pattern. */
  public int nonZeros() {
    return nonZeros;
  }

  /** Row i's column indices, ascending. */
  public int[] columns(int row) {
    return rows[row].clone();
  }

  /** Whether (row, column) is in the pattern. */
  public boolean contains(int row, int column) {
    return Arrays.binarySearch(rows[row], column) >= 0;
  }

  int[] rowUnsafe(int row) {
    return rows[row];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SparsityPattern other && Arrays.deepEquals(rows, other.rows);
  }

  @Override
  public int hashCode() {
    return Arrays.deepHashCode(rows);
  }

  @Override
  public String toString() {
    return "SparsityPattern[n=" + rows.length + ", nonZeros=" + nonZeros + "]";
  }
}
