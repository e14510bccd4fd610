package dev.hesse.optimize;

/**
 * A trust-region subproblem's answer: the step p ≈ argmin { m(p) : ‖p‖ ≤ Δ } and what it cost.
 *
 * @param p the step; owned by the solver and valid until its next {@code solve}
 * @param hitsBoundary whether ‖p‖ = Δ (negative curvature or the CG path left the region)
 * @param cgSteps Hessian-vector products the solver spent
 * @param predictedReduction m(0) − m(p) = −(gᵀp + ½ pᵀHp), positive for any useful step
 * @param norm ‖p‖ in the trust region's norm
 */
record SubproblemStep(double[] p, boolean hitsBoundary, int cgSteps, double predictedReduction, double norm) {}
