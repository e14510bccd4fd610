package dev.hesse.estimate;

import java.util.Arrays;
import java.util.Objects;

/**
 * A partition of the Hessian's columns into structurally orthogonal groups: no two columns of one colour have a
 * non-zero in the same row. Then H·(Σ_{j of colour c} e_j) holds, in row i, the single entry H_ij with j of colour c
 * in row i's pattern, so one HVP per colour recovers every entry (Curtis, Powell, Reid 1974; Coleman, Moré 1984).
 *
 * @param colorOfColumn the colour, 0 ≤ c &lt; colors, of each column
 * @param colors the number of colours: the HVPs needed
 */
public record ColumnColoring(int[] colorOfColumn, int colors) {

  public ColumnColoring {
    colorOfColumn = colorOfColumn.clone();
  }

  @Override
  public int[] colorOfColumn() {
    return colorOfColumn.clone();
  }

  /**
   * Greedy distance-2 colouring of the column intersection graph in natural column order: each column gets the
   * smallest colour not used by an earlier column sharing a row with it (Curtis–Powell–Reid). Optimal for banded
   * patterns: 2b + 1 colours for half-bandwidth b, so 3 for tridiagonal.
   */
  public static ColumnColoring greedy(SparsityPattern pattern) {
    Objects.requireNonNull(pattern, "pattern");
    int n = pattern.dimension();
    int[] color = new int[n];
    Arrays.fill(color, -1);
    int[] forbiddenBy = new int[n + 1];
    Arrays.fill(forbiddenBy, -1);
    int colors = 0;
    for (int j = 0; j < n; j++) {
      // By symmetry, column j's rows are row j's columns; every column in those rows conflicts with j.
      for (int row : pattern.rowUnsafe(j)) {
        for (int other : pattern.rowUnsafe(row)) {
          if (color[other] >= 0) {
            forbiddenBy[color[other]] = j;
          }
        }
      }
      int c = 0;
      while (forbiddenBy[c] == j) {
        c++;
      }
      color[j] = c;
      colors = Math.max(colors, c + 1);
    }
    return new ColumnColoring(color, colors);
  }

  /** Whether no two columns of one colour share a row of {@code pattern}. */
  public boolean isValidFor(SparsityPattern pattern) {
    if (pattern.dimension() != colorOfColumn.length) {
      return false;
    }
    int[] seen = new int[colors];
    for (int row = 0; row < pattern.dimension(); row++) {
      Arrays.fill(seen, -1);
      for (int column : pattern.rowUnsafe(row)) {
        int c = colorOfColumn[column];
        if (seen[c] >= 0) {
          return false;
        }
        seen[c] = column;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ColumnColoring other && colors == other.colors
        && Arrays.equals(colorOfColumn, other.colorOfColumn);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(colorOfColumn) + colors;
  }

  @Override
  public String toString() {
    return "ColumnColoring[columns=" + colorOfColumn.length + ", colors=" + colors + "]";
  }
}
