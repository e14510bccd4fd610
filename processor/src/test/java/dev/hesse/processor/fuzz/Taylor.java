package dev.hesse.processor.fuzz;

/**
 * The oracle's number: a truncated Taylor polynomial in n + 1 infinitesimals, f(x + Σ ε_i e_i + δ v), keeping
 *
 * <pre>
 *   f  +  Σ g_i ε_i  +  d δ  +  Σ h_i ε_i δ        (ε_i ε_j = 0, δ² = 0)
 * </pre>
 *
 * so that one evaluation of a program yields its value f, gradient g, directional derivative d = g·v and
 * Hessian-vector product h = H v (the ε_i δ coefficient of f(x + ε e_i + δ v) is ∂²f/∂x_i∂v). Nothing here is shared
 * with Hesse: it is plain forward mode with its own partial derivatives, no source transformation.
 *
 * <p>Each derivative component carries a <em>magnitude</em> m ≥ |component|: the same sums of products with every
 * factor replaced by its absolute value. Two evaluation orders of the same exact derivative differ by at most about
 * (number of operations) · eps · m, which is what the test tolerances are scaled by.
 *
 * <p>A constant (no dependence on a differentiable input) has null arrays, so that infinite or NaN partials of an
 * operation with a constant operand (pow's exponent partial at a negative base, say) never meet a zero tangent.
 *
 * <p>A value that depends on the inputs also carries {@code e}, a first-order bound on its rounding error: each
 * operation adds half an ulp-sized eps·|value| and scales its operands' errors by its partials. Finite differences
 * of the compiled method mean something only where e is small: after a cancellation (log(cosh(x)) for tiny x) fed
 * to a steep function (cbrt near 0), the computed function is rounding noise at the scale of the difference steps.
 * A constant's error does not move with the inputs, so it does not count.
 */
final class Taylor {
  final double f;
  final double[] g;
  final double d;
  final double[] h;
  final double[] mg;
  final double md;
  final double[] mh;
  final double e;

  private static final double EPS = Math.ulp(1.0);

  private Taylor(double f, double[] g, double d, double[] h, double[] mg, double md, double[] mh, double e) {
    this.f = f;
    this.g = g;
    this.d = d;
    this.h = h;
    this.mg = mg;
    this.md = md;
    this.mh = mh;
    this.e = e;
  }

  static Taylor constant(double f) {
    return new Taylor(f, null, 0, null, null, 0, null, 0);
  }

  /**
   * Zero, but active: an element of a local double array that nothing has written yet (or a constant written into
   * one). Hesse's activity is per array (and static), so such an element carries a zero tangent in the generated
   * code, and the oracle must see it as active where a kink or singularity of it makes the point degenerate.
   */
  static Taylor activeZero(int n) {
    return activeConstant(0.0, n);
  }

  /** A constant value made active (zero derivatives): a constant written into a local double array. */
  static Taylor activeConstant(double f, int n) {
    return new Taylor(f, new double[n], 0, new double[n], new double[n], 0, new double[n], 0);
  }

  /** Differentiable input number {@code slot} of n, with direction component {@code v}. */
  static Taylor variable(double f, int slot, int n, double v) {
    double[] g = new double[n];
    g[slot] = 1;
    return new Taylor(f, g, v, new double[n], g.clone(), Math.abs(v), new double[n], 0);
  }

  boolean active() {
    return g != null;
  }

  /** φ(this) where φ(this.f) = value, φ' = p, φ'' = pp. */
  Taylor apply(double value, double p, double pp) {
    return apply(value, p, pp, Math.abs(p), Math.abs(pp));
  }

  /** As above, with the magnitude of φ'' as the tolerance should see it. */
  Taylor apply(double value, double p, double pp, double mpp) {
    return apply(value, p, pp, Math.abs(p), mpp);
  }

  /**
   * As above, with the magnitudes of φ' and φ'' as the tolerance should see them: where the standard formula for φ'
   * is a difference of terms of order 1 (tanh' = 1 − tanh², as Hesse, JAX and PyTorch write it), its rounding is of
   * the order of those terms, whatever the (small) exact value.
   */
  Taylor apply(double value, double p, double pp, double mp, double mpp) {
    if (!active()) {
      return constant(value);
    }
    int n = g.length;
    double[] ng = new double[n];
    double[] nh = new double[n];
    double[] nmg = new double[n];
    double[] nmh = new double[n];
    double ap = mp;
    double app = mpp;
    for (int i = 0; i < n; i++) {
      ng[i] = p * g[i];
      nh[i] = p * h[i] + pp * d * g[i];
      nmg[i] = ap * mg[i];
      nmh[i] = ap * mh[i] + app * md * mg[i];
    }
    return new Taylor(value, ng, p * d, nh, nmg, ap * md, nmh, ap * e + EPS * Math.abs(value));
  }

  /** φ(a, b) with first partials pa, pb and second partials paa, pab, pbb. */
  static Taylor apply(Taylor a, Taylor b, double value, double pa, double pb, double paa, double pab, double pbb) {
    return apply(a, b, value, pa, pb, paa, pab, pbb, Math.abs(paa), Math.abs(pab), Math.abs(pbb));
  }

  /**
   * As above, with the magnitudes of the second partials given separately: where the second partial is a small
   * difference of large terms when written the obvious way (hypot's ∂²/∂x² = 1/h − x²/h³ = y²/h³), other
   * differentiation code may compute those terms, and the tolerance has to allow for their rounding.
   */
  static Taylor apply(Taylor a, Taylor b, double value, double pa, double pb, double paa, double pab, double pbb,
      double maa, double mab, double mbb) {
    if (!b.active()) {
      return a.apply(value, pa, paa, maa);
    }
    if (!a.active()) {
      return b.apply(value, pb, pbb, mbb);
    }
    int n = a.g.length;
    double[] ng = new double[n];
    double[] nh = new double[n];
    double[] nmg = new double[n];
    double[] nmh = new double[n];
    double apa = Math.abs(pa);
    double apb = Math.abs(pb);
    for (int i = 0; i < n; i++) {
      ng[i] = pa * a.g[i] + pb * b.g[i];
      nh[i] =
          pa * a.h[i]
              + pb * b.h[i]
              + paa * a.d * a.g[i]
              + pab * (a.d * b.g[i] + b.d * a.g[i])
              + pbb * b.d * b.g[i];
      nmg[i] = apa * a.mg[i] + apb * b.mg[i];
      nmh[i] =
          apa * a.mh[i]
              + apb * b.mh[i]
              + maa * a.md * a.mg[i]
              + mab * (a.md * b.mg[i] + b.md * a.mg[i])
              + mbb * b.md * b.mg[i];
    }
    return new Taylor(value, ng, pa * a.d + pb * b.d, nh, nmg, apa * a.md + apb * b.md, nmh,
        apa * a.e + apb * b.e + EPS * Math.abs(value));
  }

  double g(int i) {
    return g == null ? 0 : g[i];
  }

  double h(int i) {
    return h == null ? 0 : h[i];
  }

  double mg(int i) {
    return mg == null ? 0 : mg[i];
  }

  double mh(int i) {
    return mh == null ? 0 : mh[i];
  }
}
