package dev.hesse.estimate;

import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.QRDecomposition;
import org.hipparchus.linear.RealMatrix;

/**
 * The thin Q factor (n × k, orthonormal columns) of a tall n × k matrix, from Hipparchus' Householder
 * {@link QRDecomposition}.
 *
 * <p>{@link QRDecomposition#getQ()} forms the full n × n factor, which is O(n²) memory and time: 8 GB at n = 3·10⁴.
 * The thin factor is Q·[I_k; 0] = Q_0 Q_1 ⋯ Q_{k−1} [e_0 … e_{k−1}], so we apply the decomposition's own Householder
 * reflectors, read from {@link QRDecomposition#getH()} (n × k), to the first k unit vectors: O(nk²) time, O(nk)
 * memory. With column h_j of H, the reflector is Q_j = I − h_j h_jᵀ / h_j[j] (Hipparchus stores h_j = v_j / −r_jj for
 * the reflector I − 2 v_j v_jᵀ/‖v_j‖², and ‖v_j‖² = 2 r_jj² h_j[j]). A zero column (r_jj = 0) has no reflector.
 * The result is orthonormal whatever the rank of the input.
 */
final class ThinQ {
  private ThinQ() {}

  /** Columns of Q as arrays: {@code q[c]} is column c (length n). Requires k ≤ n. */
  static double[][] of(double[][] columns, int n) {
    int k = columns.length;
    if (k > n) {
      throw new IllegalArgumentException("thin QR needs at most n = " + n + " columns, got " + k);
    }
    RealMatrix a = new Array2DRowRealMatrix(n, k);
    for (int c = 0; c < k; c++) {
      for (int i = 0; i < n; i++) {
        a.setEntry(i, c, columns[c][i]);
      }
    }
    QRDecomposition qr = new QRDecomposition(a);
    double[][] h = qr.getH().transpose().getData(); // h[j] = reflector j, entries j..n−1 meaningful
    RealMatrix r = qr.getR();
    double[][] q = new double[k][];
    for (int c = 0; c < k; c++) {
      double[] y = new double[n];
      y[c] = 1;
      // Q_j e_c = e_c for j > c (reflector j only touches entries ≥ j), so start at j = c.
      for (int j = c; j >= 0; j--) {
        if (r.getEntry(j, j) == 0) {
          continue;
        }
        double[] hj = h[j];
        double dot = 0;
        for (int i = j; i < n; i++) {
          dot += hj[i] * y[i];
        }
        double scale = dot / hj[j];
        for (int i = j; i < n; i++) {
          y[i] -= scale * hj[i];
        }
      }
      q[c] = y;
    }
    return q;
  }
}
