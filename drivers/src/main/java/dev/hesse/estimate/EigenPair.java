package dev.hesse.estimate;

import java.util.Arrays;

/**
 * A Ritz pair of H(x): an approximate eigenvalue θ and unit eigenvector y, with the true residual ‖Hy − θy‖₂ (from one
 * extra HVP). For symmetric H some eigenvalue lies within residualNorm of θ.
 *
 * @param value θ
 * @param vector y, unit length (copied in and out)
 * @param residualNorm ‖H y − θ y‖₂
 */
public record EigenPair(double value, double[] vector, double residualNorm) {

  public EigenPair {
    vector = vector.clone();
  }

  @Override
  public double[] vector() {
    return vector.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EigenPair other && Double.compare(value, other.value) == 0
        && Double.compare(residualNorm, other.residualNorm) == 0 && Arrays.equals(vector, other.vector);
  }

  @Override
  public int hashCode() {
    return 31 * Double.hashCode(value) + Arrays.hashCode(vector);
  }

  @Override
  public String toString() {
    return "EigenPair[value=" + value + ", residualNorm=" + residualNorm + ", n=" + vector.length + "]";
  }
}
