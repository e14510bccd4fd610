package dev.hesse.estimate;

import dev.hesse.Objective;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;
import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.linear.RealVector;

/**
 * Extreme eigenvalues and eigenvectors of H(x) by the Lanczos iteration on HVPs (Lanczos 1950; Golub and Van Loan,
 * Matrix Computations, §10.1), as PyHessian computes a network's top Hessian eigenvalues (Yao et al. 2020; PyHessian
 * uses power iteration, which converges far slower when the top eigenvalues are close).
 *
 * <p>Step k multiplies the latest basis vector by H (one HVP) and orthogonalises the result against the whole basis,
 * twice (full reorthogonalisation: no spurious copies of converged eigenvalues, at the cost of storing the basis, k
 * n-vectors). The small tridiagonal matrix T_k's eigenproblem is solved by Hipparchus'
 * {@link EigenDecompositionSymmetric}; its eigenpairs (θ, s) give Ritz pairs (θ, V s) whose residual is |β_k s_k|.
 * The iteration stops when every wanted pair's residual meets the tolerance, or at the step limit. If the Krylov
 * subspace becomes invariant (β_k ≈ 0) it restarts from a new random vector orthogonal to the basis, so repeated
 * eigenvalues are found too. Each returned pair's residual ‖Hy − θy‖ is then computed with one more HVP.
 *
 * <p>The start vector is Gaussian from the seed's stream 0 (restart r uses stream r), so runs are reproducible. HVPs
 * run in the calling thread: each step depends on the last.
 */
public final class Lanczos {
  /** β below this multiple of max|θ| is an invariant subspace. */
  private static final double BREAKDOWN = 1e-12;

  private Lanczos() {}

  /** The largest eigenvalue of H(x), with its eigenvector. */
  public static EigenEstimate top(Objective f, double[] x) {
    return eigenvalues(f, x, LanczosOptions.top(1));
  }

  /**
   * {@code options.count()} eigenpairs of H(x) at {@code options.spectrumEnd()}.
   *
   * @throws IllegalArgumentException if {@code x} is empty or not finite, or count exceeds x's dimension
   * @throws NonFiniteCurvatureException if an HVP is NaN or infinite (naming the step)
   */
  public static EigenEstimate eigenvalues(Objective f, double[] x, LanczosOptions options) {
    Checks.objective(f);
    double[] point = Checks.point(x);
    Objects.requireNonNull(options, "options");
    int n = point.length;
    int wanted = options.count();
    if (wanted > n) {
      throw new IllegalArgumentException(
          "dimension mismatch: " + wanted + " eigenvalues requested but x has " + n + " entries");
    }
    int maxSteps = options.maxSteps() == 0
        ? Math.min(n, Math.max(80, 3 * wanted))
        : Math.min(n, options.maxSteps());

    List<double[]> basis = new ArrayList<>();
    double[] alpha = new double[maxSteps];
    double[] beta = new double[maxSteps];
    int restarts = 0;
    double[] v = randomUnitOrthogonal(basis, n, options.seed(), restarts);
    int hvps = 0;
    LanczosStatus status = LanczosStatus.STEP_LIMIT;
    Ritz ritz = null;
    for (int k = 0; k < maxSteps; k++) {
      basis.add(v);
      double[] w = new double[n];
      Checks.hvp(f, point, v, w, "Lanczos step", k);
      hvps++;
      alpha[k] = HutchPlusPlus.dot(v, w);
      orthogonalize(basis, w);
      orthogonalize(basis, w);
      beta[k] = norm(w);
      ritz = Ritz.of(alpha, beta, k + 1, options.spectrumEnd());
      if (k + 1 >= wanted && ritz.converged(wanted, beta[k], options.tolerance())) {
        status = LanczosStatus.CONVERGED;
        break;
      }
      if (k + 1 == n) {
        status = LanczosStatus.CONVERGED; // the basis spans R^n: T is H in that basis
        break;
      }
      if (beta[k] <= BREAKDOWN * ritz.scale()) {
        beta[k] = 0;
        v = randomUnitOrthogonal(basis, n, options.seed(), ++restarts);
      } else {
        double inverse = 1 / beta[k];
        for (int i = 0; i < n; i++) {
          w[i] *= inverse;
        }
        v = w;
      }
    }

    List<EigenPair> pairs = new ArrayList<>(wanted);
    double[] hy = new double[n];
    for (int p = 0; p < wanted; p++) {
      double theta = ritz.values[ritz.order[p]];
      double[] s = ritz.vectors[ritz.order[p]];
      double[] y = new double[n];
      for (int j = 0; j < s.length; j++) {
        double[] vj = basis.get(j);
        for (int i = 0; i < n; i++) {
          y[i] += s[j] * vj[i];
        }
      }
      double scale = 1 / norm(y);
      for (int i = 0; i < n; i++) {
        y[i] *= scale;
      }
      Checks.hvp(f, point, y, hy, "Ritz vector", p);
      hvps++;
      double residual = 0;
      for (int i = 0; i < n; i++) {
        double r = hy[i] - theta * y[i];
        residual += r * r;
      }
      pairs.add(new EigenPair(theta, y, Math.sqrt(residual)));
    }
    return new EigenEstimate(pairs, options.spectrumEnd(), basis.size(), hvps, status);
  }

  /** The eigenpairs of the k × k tridiagonal T, ordered by the wanted end. */
  private static final class Ritz {
    final double[] values;
    final double[][] vectors; // vectors[i] = eigenvector of T for values[i]
    final Integer[] order;

    private Ritz(double[] values, double[][] vectors, SpectrumEnd end) {
      this.values = values;
      this.vectors = vectors;
      this.order = IntStream.range(0, values.length).boxed().toArray(Integer[]::new);
      Arrays.sort(order, Comparator.comparingDouble((Integer i) -> end.key(values[i])).reversed());
    }

    static Ritz of(double[] alpha, double[] beta, int k, SpectrumEnd end) {
      if (k == 1) {
        return new Ritz(new double[] {alpha[0]}, new double[][] {{1.0}}, end);
      }
      EigenDecompositionSymmetric eigen =
          new EigenDecompositionSymmetric(Arrays.copyOf(alpha, k), Arrays.copyOf(beta, k - 1));
      double[] values = eigen.getEigenvalues();
      double[][] vectors = new double[k][];
      for (int i = 0; i < k; i++) {
        RealVector s = eigen.getEigenvector(i);
        vectors[i] = s.toArray();
      }
      return new Ritz(values, vectors, end);
    }

    double scale() {
      double max = 0;
      for (double value : values) {
        max = Math.max(max, Math.abs(value));
      }
      return max;
    }

    boolean converged(int wanted, double lastBeta, double tolerance) {
      double bound = tolerance * scale();
      for (int p = 0; p < wanted; p++) {
        double[] s = vectors[order[p]];
        if (Math.abs(lastBeta * s[s.length - 1]) > bound) {
          return false;
        }
      }
      return true;
    }
  }

  /** w ← w − Σ_j (v_jᵀ w) v_j over the basis (one modified Gram–Schmidt pass). */
  private static void orthogonalize(List<double[]> basis, double[] w) {
    for (double[] v : basis) {
      double c = HutchPlusPlus.dot(v, w);
      for (int i = 0; i < w.length; i++) {
        w[i] -= c * v[i];
      }
    }
  }

  private static double norm(double[] v) {
    return Math.sqrt(HutchPlusPlus.dot(v, v));
  }

  /** A Gaussian vector from stream (seed, stream), orthogonalised against the basis and normalised. */
  private static double[] randomUnitOrthogonal(List<double[]> basis, int n, long seed, int stream) {
    double[] v = new double[n];
    ProbeDistribution.GAUSSIAN.fill(ProbeDistribution.stream(seed, stream), v);
    orthogonalize(basis, v);
    orthogonalize(basis, v);
    double scale = 1 / norm(v);
    for (int i = 0; i < n; i++) {
      v[i] *= scale;
    }
    return v;
  }
}
