package dev.hesse.estimate;

import java.util.Arrays;

/**
 * A Hessian stored by rows in compressed sparse row (CSR) form: row i's entries are {@code values[rowStart[i] ..
 * rowStart[i+1])} in columns {@code columns[...]}, ascending. Entries outside the pattern are zero. Arrays are copied in
 * and out.
 *
 * @param dimension n
 * @param rowStart n + 1 offsets into {@code columns} and {@code values}
 * @param columns column index of each stored entry
 * @param values each stored entry, H_ij exactly as the HVPs gave it (not symmetrised)
 * @param hvps the Hessian-vector products spent: one per colour
 * @param colors the colours of the column partition
 * @param asymmetry max |H_ij − H_ji| over the pattern relative to max |H_ij| (0 if H = 0). H_ij and H_ji come from
 *     different HVPs, so a value well above rounding (≈ 1e-15) says the pattern misses non-zeros
 */
public record SparseHessian(
    int dimension, int[] rowStart, int[] columns, double[] values, int hvps, int colors, double asymmetry) {

  public SparseHessian {
    rowStart = rowStart.clone();
    columns = columns.clone();
    values = values.clone();
    if (rowStart.length != dimension + 1) {
      throw new IllegalArgumentException("dimension mismatch: rowStart has " + rowStart.length
          + " entries but dimension + 1 is " + (dimension + 1));
    }
    if (columns.length != values.length || rowStart[dimension] != values.length) {
      throw new IllegalArgumentException("dimension mismatch: columns has " + columns.length + " entries, values has "
          + values.length + ", rowStart ends at " + rowStart[dimension]);
    }
  }

  @Override
  public int[] rowStart() {
    return rowStart.clone();
  }

  @Override
  public int[] columns() {
    return columns.clone();
  }

  @Override
  public double[] values() {
    return values.clone();
  }

  /** The number of stored entries. */
  public int nonZeros() {
    return values.length;
  }

  /** H_ij: the stored entry, or 0 outside the pattern. */
  public double get(int i, int j) {
    if (i < 0 || i >= dimension || j < 0 || j >= dimension) {
      throw new IndexOutOfBoundsException("(" + i + ", " + j + ") is outside a " + dimension + " × " + dimension
          + " Hessian");
    }
    int p = Arrays.binarySearch(columns, rowStart[i], rowStart[i + 1], j);
    return p >= 0 ? values[p] : 0;
  }

  /** out = H·v. */
  public void multiply(double[] v, double[] out) {
    Checks.sameDimension("v", v.length, "the Hessian", dimension);
    Checks.sameDimension("out", out.length, "the Hessian", dimension);
    for (int i = 0; i < dimension; i++) {
      double s = 0;
      for (int p = rowStart[i]; p < rowStart[i + 1]; p++) {
        s += values[p] * v[columns[p]];
      }
      out[i] = s;
    }
  }

  /** The dense n × n matrix. */
  public double[][] toDense() {
    double[][] dense = new double[dimension][dimension];
    for (int i = 0; i < dimension; i++) {
      for (int p = rowStart[i]; p < rowStart[i + 1]; p++) {
        dense[i][columns[p]] = values[p];
      }
    }
    return dense;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SparseHessian other && dimension == other.dimension && hvps == other.hvps
        && colors == other.colors && Arrays.equals(rowStart, other.rowStart)
        && Arrays.equals(columns, other.columns) && Arrays.equals(values, other.values);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * dimension + Arrays.hashCode(columns)) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "SparseHessian[dimension=" + dimension + ", nonZeros=" + values.length + ", hvps=" + hvps + ", colors="
        + colors + ", asymmetry=" + asymmetry + "]";
  }
}
