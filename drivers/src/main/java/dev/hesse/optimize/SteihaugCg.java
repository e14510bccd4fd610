package dev.hesse.optimize;

import java.util.Arrays;

/**
 * The Steihaug–Toint truncated conjugate-gradient solver of the trust-region subproblem (Nocedal &amp; Wright, 2nd
 * ed., Algorithm 7.2), optionally preconditioned with a positive diagonal D, in which case the region is
 * ‖p‖_D = √(pᵀDp) ≤ Δ (Steihaug 1983; Conn, Gould &amp; Toint, <i>Trust-Region Methods</i>, Alg. 7.5.1).
 *
 * <p>CG runs from p = 0 until one of: negative (or non-finite) curvature — step to the boundary along the current
 * direction, choosing whichever intersection has the lower model value; the next iterate leaves the region — stop
 * at the boundary; the residual satisfies the forcing condition ‖r‖ ≤ η‖g‖ with η = min(0.5, √‖g‖) (N&amp;W
 * Alg. 7.1, as SciPy's trust-ncg), which gives superlinear convergence; the step or HVP budget runs out. Every
 * iterate decreases the model, so a truncated answer is still a descent step.
 *
 * <p>Work arrays are allocated once and reused: one solver per run.
 */
final class SteihaugCg {
  private final int maxSteps;
  private final double[] z;
  private final double[] r;
  private final double[] y;
  private final double[] d;
  private final double[] hd;

  SteihaugCg(int n, int maxSteps) {
    this.maxSteps = maxSteps;
    z = new double[n];
    r = new double[n];
    y = new double[n];
    d = new double[n];
    hd = new double[n];
  }

  /**
   * Solves min m(p) s.t. ‖p‖_D ≤ radius approximately.
   *
   * @param scale the preconditioner D (positive entries), or null for the Euclidean norm and no preconditioning
   * @param hvpBudget at most this many HVPs (at least 1)
   */
  SubproblemStep solve(QuadraticModel model, double[] scale, double radius, long hvpBudget) {
    double[] g = model.gradient();
    double gNorm = model.gradientNorm();
    double tolerance = Math.min(0.5, Math.sqrt(gNorm)) * gNorm;
    Arrays.fill(z, 0.0);
    System.arraycopy(g, 0, r, 0, g.length);
    precondition(scale);
    for (int i = 0; i < d.length; i++) {
      d[i] = -y[i];
    }
    double ry = Vectors.dot(r, y);
    double q = 0; // m(z) − f = gᵀz + ½ zᵀHz
    int steps = 0;
    while (steps < maxSteps && steps < hvpBudget) {
      model.hvp(d, hd);
      steps++;
      double curvature = Vectors.dot(d, hd);
      double rd = Vectors.dot(r, d);
      if (!Double.isFinite(curvature)) {
        if (steps > 1) {
          // Keep the last iterate: its model value is known and decreasing.
          return step(false, steps, q, scale);
        }
        // No curvature at all: a steepest-descent step to the boundary under the linear model.
        double tau = boundaryRoots(scale, radius)[1];
        Vectors.axpy(tau, d, z);
        return step(true, steps, tau * rd, scale);
      }
      if (curvature <= 0) {
        // Negative curvature: go to the boundary, to whichever intersection has the lower model value.
        double[] tau = boundaryRoots(scale, radius);
        double qa = q + tau[0] * rd + 0.5 * tau[0] * tau[0] * curvature;
        double qb = q + tau[1] * rd + 0.5 * tau[1] * tau[1] * curvature;
        double t = qa < qb ? tau[0] : tau[1];
        Vectors.axpy(t, d, z);
        return step(true, steps, Math.min(qa, qb), scale);
      }
      double alpha = ry / curvature;
      double zz = Vectors.dot(scale, z, z);
      double zd = Vectors.dot(scale, z, d);
      double dd = Vectors.dot(scale, d, d);
      if (zz + alpha * (2 * zd + alpha * dd) >= radius * radius) {
        // The next CG iterate would leave the region: stop where the path crosses the boundary.
        double t = boundaryRoots(scale, radius)[1];
        Vectors.axpy(t, d, z);
        return step(true, steps, q + t * rd + 0.5 * t * t * curvature, scale);
      }
      q += alpha * rd + 0.5 * alpha * alpha * curvature;
      Vectors.axpy(alpha, d, z);
      Vectors.axpy(alpha, hd, r);
      if (Vectors.norm(r) <= tolerance) {
        break;
      }
      precondition(scale);
      double ryNext = Vectors.dot(r, y);
      double beta = ryNext / ry;
      ry = ryNext;
      for (int i = 0; i < d.length; i++) {
        d[i] = -y[i] + beta * d[i];
      }
    }
    return step(false, steps, q, scale);
  }

  private SubproblemStep step(boolean boundary, int steps, double q, double[] scale) {
    return new SubproblemStep(z, boundary, steps, -q, Math.sqrt(Vectors.dot(scale, z, z)));
  }

  /** y = D⁻¹ r */
  private void precondition(double[] scale) {
    if (scale == null) {
      System.arraycopy(r, 0, y, 0, r.length);
    } else {
      for (int i = 0; i < r.length; i++) {
        y[i] = r[i] / scale[i];
      }
    }
  }

  /**
   * The roots τ₋ ≤ τ₊ of ‖z + τd‖_D = Δ, by the numerically stable quadratic formula (no cancellation between b and
   * the discriminant's root), as SciPy's {@code get_boundaries_intersections}. z lies inside the region, so
   * τ₋ ≤ 0 ≤ τ₊.
   */
  private double[] boundaryRoots(double[] scale, double radius) {
    double a = Vectors.dot(scale, d, d);
    double b = 2 * Vectors.dot(scale, z, d);
    double c = Vectors.dot(scale, z, z) - radius * radius;
    double sqrtDiscriminant = Math.sqrt(Math.max(0.0, b * b - 4 * a * c));
    double aux = b + Math.copySign(sqrtDiscriminant, b);
    if (aux == 0) {
      return new double[] {0.0, 0.0};
    }
    double ta = -aux / (2 * a);
    double tb = -2 * c / aux;
    return ta <= tb ? new double[] {ta, tb} : new double[] {tb, ta};
  }
}
