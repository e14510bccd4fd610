package dev.hesse.samples.suite;

import dev.hesse.Objective;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Every suite function with its constants bound and a sampler of test points inside its domain, away from the
 * points where it is not differentiable (each sampler mirrors the domain comment on the function).
 */
public final class Cases {
  private Cases() {}

  /** Margin kept from every kink or jump; the finite differences reach at most 1e-3 max(1, |x_i|) from the point. */
  static final double MARGIN = 0.05;

  // TapedLoops' data, before ALL (build() reads it). Four samples of three inputs: the tapes of the nested loops
  // hold one entry per (sample, hidden unit).
  static final double[][] SAMPLES = {{0.5, -1.2, 0.3}, {-0.7, 0.4, 1.1}, {1.3, 0.2, -0.6}, {0.1, -0.9, -0.4}};
  static final double[] SAMPLE_TARGETS = {0.3, -0.5, 0.8, 0.1};
  static final boolean[] ACTIVE_UNITS = {true, false, true, true};
  static final int[] INPUT_LIMITS = {3, 2, 0, 1};

  private static final List<Case> ALL = build();

  /** All cases, in a stable order. */
  public static List<Case> all() {
    return ALL;
  }

  /** The case with this name. */
  public static Case byName(String name) {
    for (Case c : ALL) {
      if (c.name().equals(name)) {
        return c;
      }
    }
    throw new IllegalArgumentException("no case " + name);
  }

  /** The cases whose method has exactly one differentiable double[] (and therefore a generated Objective). */
  public static List<Case> withObjective() {
    List<Case> out = new ArrayList<>();
    for (Case c : ALL) {
      if (c.objective() != null) {
        out.add(c);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Samplers

  static double u(Random r, double lo, double hi) {
    return lo + (hi - lo) * r.nextDouble();
  }

  static double[] vec(Random r, int n, double lo, double hi) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = u(r, lo, hi);
    }
    return v;
  }

  /** Magnitude in [lo, hi] with a random sign. */
  static double signed(Random r, double lo, double hi) {
    return (r.nextBoolean() ? 1 : -1) * u(r, lo, hi);
  }

  /** Rejection sampling: draws from gen until ok holds. */
  static Function<Random, double[]> where(Function<Random, double[]> gen, Predicate<double[]> ok) {
    return r -> {
      for (int attempt = 0; attempt < 100_000; attempt++) {
        double[] v = gen.apply(r);
        if (ok.test(v)) {
          return v;
        }
      }
      throw new IllegalStateException("sampler found no point inside the domain");
    };
  }

  /** |a − b| >= MARGIN. */
  static boolean away(double a, double b) {
    return Math.abs(a - b) >= MARGIN;
  }

  /** v is at least MARGIN away from every integer multiple of period. */
  static boolean awayFromMultiples(double v, double period) {
    double q = v / period;
    return Math.abs(q - Math.rint(q)) * period >= MARGIN;
  }

  static double[] slice(double[] v, int from, int to) {
    return Arrays.copyOfRange(v, from, to);
  }

  static double[] concat(double[]... parts) {
    int n = 0;
    for (double[] p : parts) {
      n += p.length;
    }
    double[] out = new double[n];
    int at = 0;
    for (double[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  static double[] of(double... v) {
    return v;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Constants bound into cases (shared with ClosedFormTest)

  static final int[] GATHER_IDX = {0, 2, 2, 4, 1, 0, 3};
  static final double[] GATHER_W = {1.0, -0.5, 2.0, 0.25, -1.5, 0.75, 1.25};
  static final double[][] MATRIX = {
    {2.0, -1.0, 0.5, 0.0},
    {0.3, 1.5, -0.2, 1.0},
    {0.0, 0.7, -1.0, 0.4},
    {1.1, 0.0, 0.6, 0.9},
  };
  static final double[][] FEATURES = {
    {1.0, 0.5, -1.2},
    {1.0, -0.3, 0.8},
    {1.0, 2.0, 0.1},
    {1.0, -1.5, -0.7},
    {1.0, 0.2, 1.9},
  };
  static final int[] LABELS = {1, 0, 1, 1, 0};
  static final double[] MIXTURE_DATA = {-1.3, 0.2, 0.9, 2.4, -0.4, 1.1};
  static final double[] DISTANCE_W = {1.0, 2.0, 0.5};

  // ---------------------------------------------------------------------------------------------------------------

  private static Case c(
      String name,
      Function<Random, double[]> point,
      ToDoubleFunction<double[]> original,
      Case.Gradient generated,
      Case.Hvp hvp,
      Case.Directional directional) {
    return new Case(name, point, original, generated, hvp, directional, null);
  }

  private static Case c(
      String name,
      Function<Random, double[]> point,
      ToDoubleFunction<double[]> original,
      Case.Gradient generated,
      Case.Hvp hvp,
      Case.Directional directional,
      Supplier<Objective> objective) {
    return new Case(name, point, original, generated, hvp, directional, objective);
  }

  private static List<Case> build() {
    List<Case> cs = new ArrayList<>();
    elementary(cs);
    controlFlow(cs);
    loops(cs);
    mixed(cs);
    localArrays(cs);
    tapedLoops(cs);
    ModelCases.add(cs);
    return List.copyOf(cs);
  }

  /** Rows × cols entries of v from {@code from} on, row by row (the gradOut layout of a double[][]). */
  static double[][] mat(double[] v, int from, int rows, int cols) {
    double[][] m = new double[rows][];
    for (int i = 0; i < rows; i++) {
      m[i] = Arrays.copyOfRange(v, from + i * cols, from + (i + 1) * cols);
    }
    return m;
  }

  static final double[][] NET_XS = {
    {0.5, -1.0, 0.3}, {-0.2, 0.8, 1.1}, {1.4, 0.1, -0.6}, {-0.9, -0.4, 0.2}, {0.3, 1.2, -1.3},
  };
  static final double[] NET_YS = {0.7, -0.3, 1.2, 0.1, -0.8};
  static final int[] SOFTMAX_LABELS = {0, 2, 1, 2, 0};
  static final int[] CLASS_OF = {2, 0, 2, 1, 4, 2, 0};

  private static void tapedLoops(List<Case> cs) {
    double[][] xs = SAMPLES;
    double[] ys = SAMPLE_TARGETS;
    cs.add(c("TapedLoops.network",
        r -> vec(r, 3 * 3 + 3 + 3 + 1, -1, 1),
        v -> TapedLoops.network(v, xs, ys, 3),
        (v, g) -> TapedLoopsDerivatives.networkGradient(v, xs, ys, 3, g),
        (v, dir, hv) -> TapedLoopsDerivatives.networkHvp(v, xs, ys, 3, dir, hv),
        (v, dir) -> TapedLoopsDerivatives.networkDirectional(v, xs, ys, 3, dir),
        () -> TapedLoopsDerivatives.network(xs, ys, 3)));
    cs.add(c("TapedLoops.maskedNetwork",
        r -> vec(r, 4 * 3 + 4 + 4 + 1, -1, 1),
        v -> TapedLoops.maskedNetwork(v, xs, ys, 4, ACTIVE_UNITS, INPUT_LIMITS),
        (v, g) -> TapedLoopsDerivatives.maskedNetworkGradient(v, xs, ys, 4, ACTIVE_UNITS, INPUT_LIMITS, g),
        (v, dir, hv) -> TapedLoopsDerivatives.maskedNetworkHvp(v, xs, ys, 4, ACTIVE_UNITS, INPUT_LIMITS, dir, hv),
        (v, dir) -> TapedLoopsDerivatives.maskedNetworkDirectional(v, xs, ys, 4, ACTIVE_UNITS, INPUT_LIMITS, dir),
        () -> TapedLoopsDerivatives.maskedNetwork(xs, ys, 4, ACTIVE_UNITS, INPUT_LIMITS)));
    cs.add(c("TapedLoops.mixedInnerLoops",
        r -> vec(r, 3 + 3 * 3, -1, 1),
        v -> TapedLoops.mixedInnerLoops(v, xs, 3),
        (v, g) -> TapedLoopsDerivatives.mixedInnerLoopsGradient(v, xs, 3, g),
        (v, dir, hv) -> TapedLoopsDerivatives.mixedInnerLoopsHvp(v, xs, 3, dir, hv),
        (v, dir) -> TapedLoopsDerivatives.mixedInnerLoopsDirectional(v, xs, 3, dir),
        () -> TapedLoopsDerivatives.mixedInnerLoops(xs, 3)));
    cs.add(c("TapedLoops.productAndTanh",
        r -> vec(r, 3 * 3, -1, 1),
        v -> TapedLoops.productAndTanh(v, xs, 3),
        (v, g) -> TapedLoopsDerivatives.productAndTanhGradient(v, xs, 3, g),
        (v, dir, hv) -> TapedLoopsDerivatives.productAndTanhHvp(v, xs, 3, dir, hv),
        (v, dir) -> TapedLoopsDerivatives.productAndTanhDirectional(v, xs, 3, dir),
        () -> TapedLoopsDerivatives.productAndTanh(xs, 3)));
    cs.add(c("TapedLoops.recurrence",
        r -> vec(r, 3 + 2, -1, 1),
        v -> TapedLoops.recurrence(v, xs),
        (v, g) -> TapedLoopsDerivatives.recurrenceGradient(v, xs, g),
        (v, dir, hv) -> TapedLoopsDerivatives.recurrenceHvp(v, xs, dir, hv),
        (v, dir) -> TapedLoopsDerivatives.recurrenceDirectional(v, xs, dir),
        () -> TapedLoopsDerivatives.recurrence(xs)));
    cs.add(c("TapedLoops.productOfCalls",
        r -> vec(r, 7, -2, 2),
        TapedLoops::productOfCalls,
        TapedLoopsDerivatives::productOfCallsGradient,
        TapedLoopsDerivatives::productOfCallsHvp,
        TapedLoopsDerivatives::productOfCallsDirectional,
        TapedLoopsDerivatives::productOfCalls));
    cs.add(c("TapedLoops.offsetRows",
        r -> vec(r, 3 * 3 + 3, -1, 1),
        v -> TapedLoops.offsetRows(v, xs, 3),
        (v, g) -> TapedLoopsDerivatives.offsetRowsGradient(v, xs, 3, g),
        (v, dir, hv) -> TapedLoopsDerivatives.offsetRowsHvp(v, xs, 3, dir, hv),
        (v, dir) -> TapedLoopsDerivatives.offsetRowsDirectional(v, xs, 3, dir),
        () -> TapedLoopsDerivatives.offsetRows(xs, 3)));
  }

  private static void localArrays(List<Case> cs) {
    int h = 4;
    int d = 3;
    cs.add(c("LocalArrays.twoLayerNet",
        r -> vec(r, h * d + h + h + 1, -1, 1),
        v -> LocalArrays.twoLayerNet(mat(v, 0, h, d), slice(v, 12, 16), slice(v, 16, 20), v[20], NET_XS, NET_YS),
        (v, g) -> LocalArraysDerivatives.twoLayerNetGradient(
            mat(v, 0, h, d), slice(v, 12, 16), slice(v, 16, 20), v[20], NET_XS, NET_YS, g),
        (v, dir, hv) -> LocalArraysDerivatives.twoLayerNetHvp(
            mat(v, 0, h, d), slice(v, 12, 16), slice(v, 16, 20), v[20], NET_XS, NET_YS, dir, hv),
        (v, dir) -> LocalArraysDerivatives.twoLayerNetDirectional(
            mat(v, 0, h, d), slice(v, 12, 16), slice(v, 16, 20), v[20], NET_XS, NET_YS, dir)));
    cs.add(c("LocalArrays.softmaxRegression",
        where(r -> vec(r, 9, -1.5, 1.5), v -> logitsApart(v)),
        v -> LocalArrays.softmaxRegression(mat(v, 0, 3, 3), NET_XS, SOFTMAX_LABELS),
        (v, g) -> LocalArraysDerivatives.softmaxRegressionGradient(mat(v, 0, 3, 3), NET_XS, SOFTMAX_LABELS, g),
        (v, dir, hv) ->
            LocalArraysDerivatives.softmaxRegressionHvp(mat(v, 0, 3, 3), NET_XS, SOFTMAX_LABELS, dir, hv),
        (v, dir) ->
            LocalArraysDerivatives.softmaxRegressionDirectional(mat(v, 0, 3, 3), NET_XS, SOFTMAX_LABELS, dir)));
    cs.add(c("LocalArrays.gaussianMixture",
        where(r -> concat(vec(r, 3, -1.5, 2), vec(r, 3, -0.7, 0.5), vec(r, 3, -1, 1)), v -> mixtureApart(v)),
        v -> LocalArrays.gaussianMixture(slice(v, 0, 3), slice(v, 3, 6), slice(v, 6, 9), MIXTURE_DATA),
        (v, g) -> LocalArraysDerivatives.gaussianMixtureGradient(
            slice(v, 0, 3), slice(v, 3, 6), slice(v, 6, 9), MIXTURE_DATA, g),
        (v, dir, hv) -> LocalArraysDerivatives.gaussianMixtureHvp(
            slice(v, 0, 3), slice(v, 3, 6), slice(v, 6, 9), MIXTURE_DATA, dir, hv),
        (v, dir) -> LocalArraysDerivatives.gaussianMixtureDirectional(
            slice(v, 0, 3), slice(v, 3, 6), slice(v, 6, 9), MIXTURE_DATA, dir)));
    cs.add(c("LocalArrays.classSums",
        r -> vec(r, CLASS_OF.length, -2, 2),
        v -> LocalArrays.classSums(v, CLASS_OF, 5),
        (v, g) -> LocalArraysDerivatives.classSumsGradient(v, CLASS_OF, 5, g),
        (v, dir, hv) -> LocalArraysDerivatives.classSumsHvp(v, CLASS_OF, 5, dir, hv),
        (v, dir) -> LocalArraysDerivatives.classSumsDirectional(v, CLASS_OF, 5, dir),
        () -> LocalArraysDerivatives.classSums(CLASS_OF, 5)));
    for (int n : new int[] {1, 2, 7}) {
      cs.add(c("LocalArrays.overwrite[n=" + n + "]",
          r -> vec(r, n, -1.2, 1.2),
          LocalArrays::overwrite,
          LocalArraysDerivatives::overwriteGradient,
          LocalArraysDerivatives::overwriteHvp,
          LocalArraysDerivatives::overwriteDirectional,
          LocalArraysDerivatives::overwrite));
      cs.add(c("LocalArrays.branches[n=" + n + "]",
          where(r -> vec(r, n + 1, -1, 1.5), v -> branchesApart(v)),
          v -> LocalArrays.branches(slice(v, 0, n), v[n]),
          (v, g) -> LocalArraysDerivatives.branchesGradient(slice(v, 0, n), v[n], g),
          (v, dir, hv) -> LocalArraysDerivatives.branchesHvp(slice(v, 0, n), v[n], dir, hv),
          (v, dir) -> LocalArraysDerivatives.branchesDirectional(slice(v, 0, n), v[n], dir)));
      cs.add(c("LocalArrays.localMatrix[n=" + n + "]",
          r -> vec(r, n, -1.5, 1.5),
          LocalArrays::localMatrix,
          LocalArraysDerivatives::localMatrixGradient,
          LocalArraysDerivatives::localMatrixHvp,
          LocalArraysDerivatives::localMatrixDirectional,
          LocalArraysDerivatives::localMatrix));
    }
    cs.add(c("LocalArrays.matrixLayout",
        r -> vec(r, 1 + 6 + 3, -1.5, 1.5),
        v -> LocalArrays.matrixLayout(v[0], mat(v, 1, 2, 3), slice(v, 7, 10)),
        (v, g) -> LocalArraysDerivatives.matrixLayoutGradient(v[0], mat(v, 1, 2, 3), slice(v, 7, 10), g),
        (v, dir, hv) -> LocalArraysDerivatives.matrixLayoutHvp(v[0], mat(v, 1, 2, 3), slice(v, 7, 10), dir, hv),
        (v, dir) -> LocalArraysDerivatives.matrixLayoutDirectional(v[0], mat(v, 1, 2, 3), slice(v, 7, 10), dir)));
  }

  /** The softmax case's logits per sample are MARGIN apart (the max has no tie). */
  private static boolean logitsApart(double[] v) {
    double[][] w = mat(v, 0, 3, 3);
    for (double[] x : NET_XS) {
      double[] l = new double[3];
      for (int c = 0; c < 3; c++) {
        for (int i = 0; i < 3; i++) {
          l[c] += w[c][i] * x[i];
        }
      }
      if (!away(l[0], l[1]) || !away(l[0], l[2]) || !away(l[1], l[2])) {
        return false;
      }
    }
    return true;
  }

  /** The mixture's weight logits and per-point component log densities have no ties. */
  private static boolean mixtureApart(double[] v) {
    if (!away(v[6], v[7]) || !away(v[6], v[8]) || !away(v[7], v[8])) {
      return false;
    }
    for (double y : MIXTURE_DATA) {
      double[] lp = new double[3];
      for (int c = 0; c < 3; c++) {
        double t = (y - v[c]) * Math.exp(-v[3 + c]);
        lp[c] = v[6 + c] - v[3 + c] - 0.5 * t * t;
      }
      if (!away(lp[0], lp[1]) || !away(lp[0], lp[2]) || !away(lp[1], lp[2])) {
        return false;
      }
    }
    return true;
  }

  /** The branch conditions x[i] > 0.5 stay fixed under the finite-difference steps. */
  private static boolean branchesApart(double[] v) {
    for (int i = 0; i < v.length - 1; i++) {
      if (!away(v[i], 0.5)) {
        return false;
      }
    }
    return true;
  }

  private static void elementary(List<Case> cs) {
    cs.add(c("Elementary.polynomial",
        r -> of(u(r, -2, 2), u(r, 0.5, 2)),
        v -> Elementary.polynomial(v[0], v[1]),
        (v, g) -> ElementaryDerivatives.polynomialGradient(v[0], v[1], g),
        (v, dir, hv) -> ElementaryDerivatives.polynomialHvp(v[0], v[1], dir, hv),
        (v, dir) -> ElementaryDerivatives.polynomialDirectional(v[0], v[1], dir)));
    cs.add(c("Elementary.trig",
        r -> vec(r, 2, -3, 3),
        v -> Elementary.trig(v[0], v[1]),
        (v, g) -> ElementaryDerivatives.trigGradient(v[0], v[1], g),
        (v, dir, hv) -> ElementaryDerivatives.trigHvp(v[0], v[1], dir, hv),
        (v, dir) -> ElementaryDerivatives.trigDirectional(v[0], v[1], dir)));
    cs.add(c("Elementary.inverseTrig",
        r -> vec(r, 2, -0.9, 0.9),
        v -> Elementary.inverseTrig(v[0], v[1]),
        (v, g) -> ElementaryDerivatives.inverseTrigGradient(v[0], v[1], g),
        (v, dir, hv) -> ElementaryDerivatives.inverseTrigHvp(v[0], v[1], dir, hv),
        (v, dir) -> ElementaryDerivatives.inverseTrigDirectional(v[0], v[1], dir)));
    cs.add(c("Elementary.polarAngle",
        r -> of(u(r, 0.2, 2), u(r, -2, 2)),
        v -> Elementary.polarAngle(v[0], v[1]),
        (v, g) -> ElementaryDerivatives.polarAngleGradient(v[0], v[1], g),
        (v, dir, hv) -> ElementaryDerivatives.polarAngleHvp(v[0], v[1], dir, hv),
        (v, dir) -> ElementaryDerivatives.polarAngleDirectional(v[0], v[1], dir)));
    cs.add(c("Elementary.hyperbolic",
        r -> vec(r, 1, -3, 3),
        v -> Elementary.hyperbolic(v[0]),
        (v, g) -> ElementaryDerivatives.hyperbolicGradient(v[0], g),
        (v, dir, hv) -> ElementaryDerivatives.hyperbolicHvp(v[0], dir, hv),
        (v, dir) -> ElementaryDerivatives.hyperbolicDirectional(v[0], dir)));
    cs.add(c("Elementary.expLog",
        r -> of(u(r, -1.5, 2.5), u(r, -2, 2)),
        v -> Elementary.expLog(v[0], v[1]),
        (v, g) -> ElementaryDerivatives.expLogGradient(v[0], v[1], g),
        (v, dir, hv) -> ElementaryDerivatives.expLogHvp(v[0], v[1], dir, hv),
        (v, dir) -> ElementaryDerivatives.expLogDirectional(v[0], v[1], dir)));
    cs.add(c("Elementary.roots",
        where(r -> of(u(r, 0.2, 3), u(r, -3, 3)), v -> Math.abs(v[1]) >= 0.2 && v[0] * v[1] + 1 >= 0.2),
        v -> Elementary.roots(v[0], v[1]),
        (v, g) -> ElementaryDerivatives.rootsGradient(v[0], v[1], g),
        (v, dir, hv) -> ElementaryDerivatives.rootsHvp(v[0], v[1], dir, hv),
        (v, dir) -> ElementaryDerivatives.rootsDirectional(v[0], v[1], dir)));
    cs.add(c("Elementary.powVariable",
        r -> vec(r, 2, 0.3, 2.5),
        v -> Elementary.powVariable(v[0], v[1]),
        (v, g) -> ElementaryDerivatives.powVariableGradient(v[0], v[1], g),
        (v, dir, hv) -> ElementaryDerivatives.powVariableHvp(v[0], v[1], dir, hv),
        (v, dir) -> ElementaryDerivatives.powVariableDirectional(v[0], v[1], dir)));
    for (int n : new int[] {1, 3, 4}) {
      cs.add(c("Elementary.powNegativeBase[n=" + n + "]",
          r -> of(-u(r, 0.1, 2)),
          v -> Elementary.powNegativeBase(v[0], n),
          (v, g) -> ElementaryDerivatives.powNegativeBaseGradient(v[0], n, g),
          (v, dir, hv) -> ElementaryDerivatives.powNegativeBaseHvp(v[0], n, dir, hv),
          (v, dir) -> ElementaryDerivatives.powNegativeBaseDirectional(v[0], n, dir)));
    }
    cs.add(c("Elementary.strictMath",
        r -> of(u(r, -2, 2), signed(r, 0.2, 1.5)),
        v -> Elementary.strictMath(v[0], v[1]),
        (v, g) -> ElementaryDerivatives.strictMathGradient(v[0], v[1], g),
        (v, dir, hv) -> ElementaryDerivatives.strictMathHvp(v[0], v[1], dir, hv),
        (v, dir) -> ElementaryDerivatives.strictMathDirectional(v[0], v[1], dir)));
    cs.add(c("Elementary.hypotNorm",
        where(r -> vec(r, 3, -2, 2), v -> Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]) >= 0.3),
        v -> Elementary.hypotNorm(v[0], v[1], v[2]),
        (v, g) -> ElementaryDerivatives.hypotNormGradient(v[0], v[1], v[2], g),
        (v, dir, hv) -> ElementaryDerivatives.hypotNormHvp(v[0], v[1], v[2], dir, hv),
        (v, dir) -> ElementaryDerivatives.hypotNormDirectional(v[0], v[1], v[2], dir)));
    cs.add(c("Elementary.absMinMax",
        where(r -> of(signed(r, 0.3, 2), u(r, -3, 3)),
            v -> away(v[0], v[1]) && away(v[0] * v[1], 1) && away(v[1], 2)
                && away(Math.abs(v[1] - 2), 0.5 * v[0] * v[0])),
        v -> Elementary.absMinMax(v[0], v[1]),
        (v, g) -> ElementaryDerivatives.absMinMaxGradient(v[0], v[1], g),
        (v, dir, hv) -> ElementaryDerivatives.absMinMaxHvp(v[0], v[1], dir, hv),
        (v, dir) -> ElementaryDerivatives.absMinMaxDirectional(v[0], v[1], dir)));
    cs.add(c("Elementary.piecewiseConstant",
        where(r -> of(u(r, -3, 3), u(r, -2, 2)),
            v -> awayFromMultiples(v[0], 0.5) && awayFromMultiples(v[1], 1)
                && awayFromMultiples(3 * v[1] - 0.5, 1)),
        v -> Elementary.piecewiseConstant(v[0], v[1]),
        (v, g) -> ElementaryDerivatives.piecewiseConstantGradient(v[0], v[1], g),
        (v, dir, hv) -> ElementaryDerivatives.piecewiseConstantHvp(v[0], v[1], dir, hv),
        (v, dir) -> ElementaryDerivatives.piecewiseConstantDirectional(v[0], v[1], dir)));
    cs.add(c("Elementary.constants",
        r -> vec(r, 1, -3, 3),
        v -> Elementary.constants(v[0]),
        (v, g) -> ElementaryDerivatives.constantsGradient(v[0], g),
        (v, dir, hv) -> ElementaryDerivatives.constantsHvp(v[0], dir, hv),
        (v, dir) -> ElementaryDerivatives.constantsDirectional(v[0], dir)));
    cs.add(c("Elementary.rational",
        r -> vec(r, 2, -3, 3),
        v -> Elementary.rational(v[0], v[1]),
        (v, g) -> ElementaryDerivatives.rationalGradient(v[0], v[1], g),
        (v, dir, hv) -> ElementaryDerivatives.rationalHvp(v[0], v[1], dir, hv),
        (v, dir) -> ElementaryDerivatives.rationalDirectional(v[0], v[1], dir)));
    for (int[] nm : new int[][] {{17, 5}, {-7, 3}, {4, 9}}) {
      int n = nm[0];
      int m = nm[1];
      cs.add(c("Elementary.intArithmetic[n=" + n + ",m=" + m + "]",
          r -> vec(r, 1, -2, 2),
          v -> Elementary.intArithmetic(v[0], n, m),
          (v, g) -> ElementaryDerivatives.intArithmeticGradient(v[0], n, m, g),
          (v, dir, hv) -> ElementaryDerivatives.intArithmeticHvp(v[0], n, m, dir, hv),
          (v, dir) -> ElementaryDerivatives.intArithmeticDirectional(v[0], n, m, dir)));
    }
    for (long big : new long[] {123_456_789_012L, -98_765_432_123L}) {
      cs.add(c("Elementary.casts[big=" + big + "]",
          where(r -> vec(r, 1, -3, 3), v -> Math.abs(10 * v[0] - Math.rint(10 * v[0])) >= 0.25),
          v -> Elementary.casts(v[0], big),
          (v, g) -> ElementaryDerivatives.castsGradient(v[0], big, g),
          (v, dir, hv) -> ElementaryDerivatives.castsHvp(v[0], big, dir, hv),
          (v, dir) -> ElementaryDerivatives.castsDirectional(v[0], big, dir)));
    }
  }

  private static void controlFlow(List<Case> cs) {
    cs.add(c("ControlFlow.huber",
        where(r -> of(u(r, -3, 3), u(r, 0.5, 2)), v -> away(Math.abs(v[0]), v[1])),
        v -> ControlFlow.huber(v[0], v[1]),
        (v, g) -> ControlFlowDerivatives.huberGradient(v[0], v[1], g),
        (v, dir, hv) -> ControlFlowDerivatives.huberHvp(v[0], v[1], dir, hv),
        (v, dir) -> ControlFlowDerivatives.huberDirectional(v[0], v[1], dir)));
    cs.add(c("ControlFlow.spline",
        where(r -> vec(r, 1, -2.5, 2.5), v -> away(v[0], -1) && away(v[0], 0) && away(v[0], 1)),
        v -> ControlFlow.spline(v[0]),
        (v, g) -> ControlFlowDerivatives.splineGradient(v[0], g),
        (v, dir, hv) -> ControlFlowDerivatives.splineHvp(v[0], dir, hv),
        (v, dir) -> ControlFlowDerivatives.splineDirectional(v[0], dir)));
    cs.add(c("ControlFlow.ternaryActive",
        where(r -> vec(r, 2, -2, 2), v -> away(v[0], v[1]) && away(v[1], 0) && away(v[0] * v[1], 1)),
        v -> ControlFlow.ternaryActive(v[0], v[1]),
        (v, g) -> ControlFlowDerivatives.ternaryActiveGradient(v[0], v[1], g),
        (v, dir, hv) -> ControlFlowDerivatives.ternaryActiveHvp(v[0], v[1], dir, hv),
        (v, dir) -> ControlFlowDerivatives.ternaryActiveDirectional(v[0], v[1], dir)));
    cs.add(c("ControlFlow.earlyReturns",
        where(r -> of(u(r, -1, 3), u(r, 0, 2)),
            v -> away(v[0], 0) && away(v[0], 2) && away(v[1], Math.log(3))),
        v -> ControlFlow.earlyReturns(v[0], v[1]),
        (v, g) -> ControlFlowDerivatives.earlyReturnsGradient(v[0], v[1], g),
        (v, dir, hv) -> ControlFlowDerivatives.earlyReturnsHvp(v[0], v[1], dir, hv),
        (v, dir) -> ControlFlowDerivatives.earlyReturnsDirectional(v[0], v[1], dir)));
    Object[][] flagCombos = {
      {false, false, 0}, {true, false, 1}, {false, true, 2}, {true, true, 2}, {true, true, 3}, {false, true, 1},
    };
    for (Object[] combo : flagCombos) {
      boolean square = (Boolean) combo[0];
      boolean negate = (Boolean) combo[1];
      int mode = (Integer) combo[2];
      cs.add(c("ControlFlow.flags[" + square + "," + negate + "," + mode + "]",
          where(r -> vec(r, 2, -2, 2), v -> away(v[0] * v[0] + v[1] * v[1], 2)),
          v -> ControlFlow.flags(v[0], v[1], square, negate, mode),
          (v, g) -> ControlFlowDerivatives.flagsGradient(v[0], v[1], square, negate, mode, g),
          (v, dir, hv) -> ControlFlowDerivatives.flagsHvp(v[0], v[1], square, negate, mode, dir, hv),
          (v, dir) -> ControlFlowDerivatives.flagsDirectional(v[0], v[1], square, negate, mode, dir)));
    }
    cs.add(c("ControlFlow.overwrittenInBranch",
        where(r -> of(u(r, -1, 3), u(r, -2, 2)), v -> away(v[0], 1)),
        v -> ControlFlow.overwrittenInBranch(v[0], v[1]),
        (v, g) -> ControlFlowDerivatives.overwrittenInBranchGradient(v[0], v[1], g),
        (v, dir, hv) -> ControlFlowDerivatives.overwrittenInBranchHvp(v[0], v[1], dir, hv),
        (v, dir) -> ControlFlowDerivatives.overwrittenInBranchDirectional(v[0], v[1], dir)));
    cs.add(c("ControlFlow.reassignedParams",
        r -> vec(r, 2, -2, 2),
        v -> ControlFlow.reassignedParams(v[0], v[1]),
        (v, g) -> ControlFlowDerivatives.reassignedParamsGradient(v[0], v[1], g),
        (v, dir, hv) -> ControlFlowDerivatives.reassignedParamsHvp(v[0], v[1], dir, hv),
        (v, dir) -> ControlFlowDerivatives.reassignedParamsDirectional(v[0], v[1], dir)));
    cs.add(c("ControlFlow.clamp",
        where(r -> vec(r, 2, -2, 2), v -> away(v[0], -0.5) && away(v[0], 1.2)),
        v -> ControlFlow.clamp(v[0], -0.5, 1.2, v[1]),
        (v, g) -> ControlFlowDerivatives.clampGradient(v[0], -0.5, 1.2, v[1], g),
        (v, dir, hv) -> ControlFlowDerivatives.clampHvp(v[0], -0.5, 1.2, v[1], dir, hv),
        (v, dir) -> ControlFlowDerivatives.clampDirectional(v[0], -0.5, 1.2, v[1], dir)));
    cs.add(c("ControlFlow.nestedIfs",
        where(r -> of(u(r, -2, 2), u(r, -2, 2), u(r, -1, 3)),
            v -> away(v[0], 0) && away(v[1], 0) && away(v[2], 1)),
        v -> ControlFlow.nestedIfs(v[0], v[1], v[2]),
        (v, g) -> ControlFlowDerivatives.nestedIfsGradient(v[0], v[1], v[2], g),
        (v, dir, hv) -> ControlFlowDerivatives.nestedIfsHvp(v[0], v[1], v[2], dir, hv),
        (v, dir) -> ControlFlowDerivatives.nestedIfsDirectional(v[0], v[1], v[2], dir)));
  }

  private static void loops(List<Case> cs) {
    for (int n : new int[] {0, 1, 6}) {
      cs.add(c("Loops.sumOfSquares[n=" + n + "]",
          r -> vec(r, n, -2, 2),
          v -> Loops.sumOfSquares(v),
          (v, g) -> LoopsDerivatives.sumOfSquaresGradient(v, g),
          (v, dir, hv) -> LoopsDerivatives.sumOfSquaresHvp(v, dir, hv),
          (v, dir) -> LoopsDerivatives.sumOfSquaresDirectional(v, dir),
          LoopsDerivatives::sumOfSquares));
    }
    for (int n : new int[] {0, 1, 5}) {
      cs.add(c("Loops.product[n=" + n + "]",
          r -> {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
              v[i] = signed(r, 0.3, 1.5);
            }
            return v;
          },
          v -> Loops.product(v),
          (v, g) -> LoopsDerivatives.productGradient(v, g),
          (v, dir, hv) -> LoopsDerivatives.productHvp(v, dir, hv),
          (v, dir) -> LoopsDerivatives.productDirectional(v, dir),
          LoopsDerivatives::product));
    }
    cs.add(c("Loops.gatherPairs",
        r -> vec(r, 5, -2, 2),
        v -> Loops.gatherPairs(v, GATHER_IDX, GATHER_W),
        (v, g) -> LoopsDerivatives.gatherPairsGradient(v, GATHER_IDX, GATHER_W, g),
        (v, dir, hv) -> LoopsDerivatives.gatherPairsHvp(v, GATHER_IDX, GATHER_W, dir, hv),
        (v, dir) -> LoopsDerivatives.gatherPairsDirectional(v, GATHER_IDX, GATHER_W, dir),
        () -> LoopsDerivatives.gatherPairs(GATHER_IDX, GATHER_W)));
    for (int n : new int[] {7, 8}) {
      cs.add(c("Loops.strided[n=" + n + "]",
          r -> vec(r, n, -2, 2),
          v -> Loops.strided(v),
          (v, g) -> LoopsDerivatives.stridedGradient(v, g),
          (v, dir, hv) -> LoopsDerivatives.stridedHvp(v, dir, hv),
          (v, dir) -> LoopsDerivatives.stridedDirectional(v, dir),
          LoopsDerivatives::strided));
    }
    cs.add(c("Loops.quadraticForm",
        r -> vec(r, 4, -2, 2),
        v -> Loops.quadraticForm(v, MATRIX),
        (v, g) -> LoopsDerivatives.quadraticFormGradient(v, MATRIX, g),
        (v, dir, hv) -> LoopsDerivatives.quadraticFormHvp(v, MATRIX, dir, hv),
        (v, dir) -> LoopsDerivatives.quadraticFormDirectional(v, MATRIX, dir),
        () -> LoopsDerivatives.quadraticForm(MATRIX)));
    cs.add(c("Loops.triangularPairs",
        r -> vec(r, 6, -2, 2),
        v -> Loops.triangularPairs(v),
        (v, g) -> LoopsDerivatives.triangularPairsGradient(v, g),
        (v, dir, hv) -> LoopsDerivatives.triangularPairsHvp(v, dir, hv),
        (v, dir) -> LoopsDerivatives.triangularPairsDirectional(v, dir),
        LoopsDerivatives::triangularPairs));
    cs.add(c("Loops.accumulateUntil",
        where(r -> vec(r, 6, -1.2, 1.2), v -> partialSumsOfSquaresAway(v, 3.0)),
        v -> Loops.accumulateUntil(v, 3.0),
        (v, g) -> LoopsDerivatives.accumulateUntilGradient(v, 3.0, g),
        (v, dir, hv) -> LoopsDerivatives.accumulateUntilHvp(v, 3.0, dir, hv),
        (v, dir) -> LoopsDerivatives.accumulateUntilDirectional(v, 3.0, dir),
        () -> LoopsDerivatives.accumulateUntil(3.0)));
    cs.add(c("Loops.newtonSqrt",
        r -> vec(r, 1, 0.5, 9),
        v -> Loops.newtonSqrt(v[0]),
        (v, g) -> LoopsDerivatives.newtonSqrtGradient(v[0], g),
        (v, dir, hv) -> LoopsDerivatives.newtonSqrtHvp(v[0], dir, hv),
        (v, dir) -> LoopsDerivatives.newtonSqrtDirectional(v[0], dir)));
    cs.add(c("Loops.halvings",
        r -> of(Math.pow(2, r.nextInt(6) + u(r, 0.1, 0.9))),
        v -> Loops.halvings(v[0]),
        (v, g) -> LoopsDerivatives.halvingsGradient(v[0], g),
        (v, dir, hv) -> LoopsDerivatives.halvingsHvp(v[0], dir, hv),
        (v, dir) -> LoopsDerivatives.halvingsDirectional(v[0], dir)));
    cs.add(c("Loops.positiveParts",
        where(r -> vec(r, 8, -2, 2), v -> Arrays.stream(v).allMatch(xi -> away(xi, 0))),
        v -> Loops.positiveParts(v),
        (v, g) -> LoopsDerivatives.positivePartsGradient(v, g),
        (v, dir, hv) -> LoopsDerivatives.positivePartsHvp(v, dir, hv),
        (v, dir) -> LoopsDerivatives.positivePartsDirectional(v, dir),
        LoopsDerivatives::positiveParts));
    cs.add(c("Loops.firstExceeding",
        where(r -> concat(vec(r, 6, -1.2, 1.2), of(u(r, 1, 4))),
            v -> partialSumsOfSquaresAway(slice(v, 0, 6), v[6])),
        v -> Loops.firstExceeding(slice(v, 0, 6), v[6]),
        (v, g) -> LoopsDerivatives.firstExceedingGradient(slice(v, 0, 6), v[6], g),
        (v, dir, hv) -> LoopsDerivatives.firstExceedingHvp(slice(v, 0, 6), v[6], dir, hv),
        (v, dir) -> LoopsDerivatives.firstExceedingDirectional(slice(v, 0, 6), v[6], dir)));
    cs.add(c("Loops.firstLargePair",
        where(r -> vec(r, 5, -2, 2), v -> pairProductsAway(v, 1.5)),
        v -> Loops.firstLargePair(v, 1.5),
        (v, g) -> LoopsDerivatives.firstLargePairGradient(v, 1.5, g),
        (v, dir, hv) -> LoopsDerivatives.firstLargePairHvp(v, 1.5, dir, hv),
        (v, dir) -> LoopsDerivatives.firstLargePairDirectional(v, 1.5, dir),
        () -> LoopsDerivatives.firstLargePair(1.5)));
    cs.add(c("Loops.stepsToReach",
        where(r -> of(u(r, 0.05, 4), u(r, -2, 2)), v -> Math.abs(v[0] / 0.5 - Math.rint(v[0] / 0.5)) * 0.5 >= 0.1),
        v -> Loops.stepsToReach(v),
        (v, g) -> LoopsDerivatives.stepsToReachGradient(v, g),
        (v, dir, hv) -> LoopsDerivatives.stepsToReachHvp(v, dir, hv),
        (v, dir) -> LoopsDerivatives.stepsToReachDirectional(v, dir),
        LoopsDerivatives::stepsToReach));
    for (long start : new long[] {7L, -3_000_000_000L}) {
      cs.add(c("Loops.longCounter[start=" + start + "]",
          r -> vec(r, 5, -2, 2),
          v -> Loops.longCounter(v, start),
          (v, g) -> LoopsDerivatives.longCounterGradient(v, start, g),
          (v, dir, hv) -> LoopsDerivatives.longCounterHvp(v, start, dir, hv),
          (v, dir) -> LoopsDerivatives.longCounterDirectional(v, start, dir),
          () -> LoopsDerivatives.longCounter(start)));
    }
    cs.add(c("Loops.branchyRecurrence",
        where(r -> vec(r, 7, -2, 2), Cases::branchyAway),
        v -> Loops.branchyRecurrence(v),
        (v, g) -> LoopsDerivatives.branchyRecurrenceGradient(v, g),
        (v, dir, hv) -> LoopsDerivatives.branchyRecurrenceHvp(v, dir, hv),
        (v, dir) -> LoopsDerivatives.branchyRecurrenceDirectional(v, dir),
        LoopsDerivatives::branchyRecurrence));
    for (int n : new int[] {1, 5}) {
      cs.add(c("Loops.logSumExp[n=" + n + "]",
          r -> vec(r, n, -3, 3),
          v -> Loops.logSumExp(v),
          (v, g) -> LoopsDerivatives.logSumExpGradient(v, g),
          (v, dir, hv) -> LoopsDerivatives.logSumExpHvp(v, dir, hv),
          (v, dir) -> LoopsDerivatives.logSumExpDirectional(v, dir),
          LoopsDerivatives::logSumExp));
    }
    cs.add(c("Loops.horner",
        r -> concat(vec(r, 5, -2, 2), of(u(r, -1.5, 1.5))),
        v -> Loops.horner(slice(v, 0, 5), v[5]),
        (v, g) -> LoopsDerivatives.hornerGradient(slice(v, 0, 5), v[5], g),
        (v, dir, hv) -> LoopsDerivatives.hornerHvp(slice(v, 0, 5), v[5], dir, hv),
        (v, dir) -> LoopsDerivatives.hornerDirectional(slice(v, 0, 5), v[5], dir)));
    cs.add(c("Loops.nestedWhileFor",
        where(r -> vec(r, 5, -1, 3),
            v -> Arrays.stream(v).allMatch(xi -> away(xi, 2.5) && away(2 * xi, 2.5) && away(3 * xi, 2.5))),
        v -> Loops.nestedWhileFor(v),
        (v, g) -> LoopsDerivatives.nestedWhileForGradient(v, g),
        (v, dir, hv) -> LoopsDerivatives.nestedWhileForHvp(v, dir, hv),
        (v, dir) -> LoopsDerivatives.nestedWhileForDirectional(v, dir),
        LoopsDerivatives::nestedWhileFor));
    for (int steps : new int[] {1, 7, 100_000}) { // 100 000 trips: the tape grows far beyond any initial size
      cs.add(c("Loops.whileTrue[steps=" + steps + "]",
          r -> vec(r, 2, -1, 1),
          v -> Loops.whileTrue(v, steps),
          (v, g) -> LoopsDerivatives.whileTrueGradient(v, steps, g),
          (v, dir, hv) -> LoopsDerivatives.whileTrueHvp(v, steps, dir, hv),
          (v, dir) -> LoopsDerivatives.whileTrueDirectional(v, steps, dir),
          () -> LoopsDerivatives.whileTrue(steps)));
    }
    for (int n : new int[] {1, 6}) {
      cs.add(c("Loops.doWhileContinue[n=" + n + "]",
          r -> vec(r, n, -2, 2),
          v -> Loops.doWhileContinue(v),
          (v, g) -> LoopsDerivatives.doWhileContinueGradient(v, g),
          (v, dir, hv) -> LoopsDerivatives.doWhileContinueHvp(v, dir, hv),
          (v, dir) -> LoopsDerivatives.doWhileContinueDirectional(v, dir),
          LoopsDerivatives::doWhileContinue));
    }
    cs.add(c("Loops.kahan",
        r -> vec(r, 6, -2, 2),
        v -> Loops.kahan(v),
        (v, g) -> LoopsDerivatives.kahanGradient(v, g),
        (v, dir, hv) -> LoopsDerivatives.kahanHvp(v, dir, hv),
        (v, dir) -> LoopsDerivatives.kahanDirectional(v, dir),
        LoopsDerivatives::kahan));
    cs.add(c("Loops.signedProduct",
        where(r -> vec(r, 5, -1.5, 1.5), v -> Arrays.stream(v).allMatch(xi -> away(xi, 0))),
        v -> Loops.signedProduct(v),
        (v, g) -> LoopsDerivatives.signedProductGradient(v, g),
        (v, dir, hv) -> LoopsDerivatives.signedProductHvp(v, dir, hv),
        (v, dir) -> LoopsDerivatives.signedProductDirectional(v, dir),
        LoopsDerivatives::signedProduct));
    for (int n : new int[] {0, 1, 2, 3, 7}) {
      cs.add(c("Loops.stencil[n=" + n + "]",
          r -> vec(r, n + 1, -2, 2),
          v -> Loops.stencil(Arrays.copyOf(v, n), v[n]),
          (v, g) -> LoopsDerivatives.stencilGradient(Arrays.copyOf(v, n), v[n], g),
          (v, dir, hv) -> LoopsDerivatives.stencilHvp(Arrays.copyOf(v, n), v[n], dir, hv),
          (v, dir) -> LoopsDerivatives.stencilDirectional(Arrays.copyOf(v, n), v[n], dir)));
    }
    for (int n : new int[] {2, 3, 4, 8}) {
      cs.add(c("Loops.gappedPairs[n=" + n + "]",
          r -> vec(r, n, -2, 2),
          v -> Loops.gappedPairs(v),
          (v, g) -> LoopsDerivatives.gappedPairsGradient(v, g),
          (v, dir, hv) -> LoopsDerivatives.gappedPairsHvp(v, dir, hv),
          (v, dir) -> LoopsDerivatives.gappedPairsDirectional(v, dir),
          LoopsDerivatives::gappedPairs));
    }
  }

  private static void mixed(List<Case> cs) {
    for (boolean flip : new boolean[] {false, true}) {
      cs.add(c("Mixed.mixedLayout[flip=" + flip + "]",
          r -> vec(r, 7, -2, 2),
          v -> Mixed.mixedLayout(v[0], slice(v, 1, 4), 2, v[4], 0.7, slice(v, 5, 7), flip),
          (v, g) -> MixedDerivatives.mixedLayoutGradient(v[0], slice(v, 1, 4), 2, v[4], 0.7, slice(v, 5, 7), flip, g),
          (v, dir, hv) ->
              MixedDerivatives.mixedLayoutHvp(v[0], slice(v, 1, 4), 2, v[4], 0.7, slice(v, 5, 7), flip, dir, hv),
          (v, dir) ->
              MixedDerivatives.mixedLayoutDirectional(v[0], slice(v, 1, 4), 2, v[4], 0.7, slice(v, 5, 7), flip, dir)));
    }
    cs.add(c("Mixed.logisticLoss",
        r -> concat(vec(r, 3, -2, 2), of(u(r, 0.01, 1))),
        v -> Mixed.logisticLoss(slice(v, 0, 3), FEATURES, LABELS, v[3]),
        (v, g) -> MixedDerivatives.logisticLossGradient(slice(v, 0, 3), FEATURES, LABELS, v[3], g),
        (v, dir, hv) -> MixedDerivatives.logisticLossHvp(slice(v, 0, 3), FEATURES, LABELS, v[3], dir, hv),
        (v, dir) -> MixedDerivatives.logisticLossDirectional(slice(v, 0, 3), FEATURES, LABELS, v[3], dir)));
    for (int[] nl : new int[][] {{4, 2}, {1, 0}}) {
      int n = nl[0];
      int label = nl[1];
      cs.add(c("Mixed.softmaxCrossEntropy[n=" + n + ",label=" + label + "]",
          r -> vec(r, n, -3, 3),
          v -> Mixed.softmaxCrossEntropy(v, label),
          (v, g) -> MixedDerivatives.softmaxCrossEntropyGradient(v, label, g),
          (v, dir, hv) -> MixedDerivatives.softmaxCrossEntropyHvp(v, label, dir, hv),
          (v, dir) -> MixedDerivatives.softmaxCrossEntropyDirectional(v, label, dir),
          () -> MixedDerivatives.softmaxCrossEntropy(label)));
    }
    cs.add(c("Mixed.springEnergy",
        where(r -> concat(vec(r, 8, -2, 2), of(u(r, 0.5, 2))), Cases::consecutivePointsApart),
        v -> Mixed.springEnergy(slice(v, 0, 8), 1.0, v[8]),
        (v, g) -> MixedDerivatives.springEnergyGradient(slice(v, 0, 8), 1.0, v[8], g),
        (v, dir, hv) -> MixedDerivatives.springEnergyHvp(slice(v, 0, 8), 1.0, v[8], dir, hv),
        (v, dir) -> MixedDerivatives.springEnergyDirectional(slice(v, 0, 8), 1.0, v[8], dir)));
    cs.add(c("Mixed.pendulum",
        r -> of(u(r, -1, 1), u(r, -1, 1), u(r, 0.5, 2)),
        v -> Mixed.pendulum(v[0], v[1], v[2], 25, 9.81),
        (v, g) -> MixedDerivatives.pendulumGradient(v[0], v[1], v[2], 25, 9.81, g),
        (v, dir, hv) -> MixedDerivatives.pendulumHvp(v[0], v[1], v[2], 25, 9.81, dir, hv),
        (v, dir) -> MixedDerivatives.pendulumDirectional(v[0], v[1], v[2], 25, 9.81, dir)));
    cs.add(c("Mixed.clashingNames",
        r -> vec(r, 5, -1.5, 1.5),
        v -> Mixed.clashingNames(v[0], slice(v, 1, 4), 2, v[4]),
        (v, g) -> MixedDerivatives.clashingNamesGradient(v[0], slice(v, 1, 4), 2, v[4], g),
        (v, dir, hv) -> MixedDerivatives.clashingNamesHvp(v[0], slice(v, 1, 4), 2, v[4], dir, hv),
        (v, dir) -> MixedDerivatives.clashingNamesDirectional(v[0], slice(v, 1, 4), 2, v[4], dir)));
    LeastSquaresModel model = LeastSquaresModel.example();
    cs.add(c("LeastSquaresModel.loss (instance method reading fields)",
        r -> vec(r, 3, -1.5, 1.5),
        model::loss,
        (v, g) -> LeastSquaresModelDerivatives.lossGradient(model, v, g),
        (v, dir, hv) -> LeastSquaresModelDerivatives.lossHvp(model, v, dir, hv),
        (v, dir) -> LeastSquaresModelDerivatives.lossDirectional(model, v, dir),
        () -> LeastSquaresModelDerivatives.loss(model)));
    for (int limit : new int[] {2, 100}) {
      cs.add(c("Switches.byIndex[limit=" + limit + "]",
          r -> vec(r, 9, -1.5, 1.5),
          v -> Switches.byIndex(v, limit),
          (v, g) -> SwitchesDerivatives.byIndexGradient(v, limit, g),
          (v, dir, hv) -> SwitchesDerivatives.byIndexHvp(v, limit, dir, hv),
          (v, dir) -> SwitchesDerivatives.byIndexDirectional(v, limit, dir),
          () -> SwitchesDerivatives.byIndex(limit)));
    }
    cs.add(c("StaticImports.imported",
        r -> vec(r, 2, -1.5, 1.5),
        StaticImports::imported,
        StaticImportsDerivatives::importedGradient,
        StaticImportsDerivatives::importedHvp,
        StaticImportsDerivatives::importedDirectional,
        StaticImportsDerivatives::imported));
    cs.add(c("Mixed.stackNames",
        r -> vec(r, 4, -1.5, 1.5),
        v -> Mixed.stackNames(v, 2),
        (v, g) -> MixedDerivatives.stackNamesGradient(v, 2, g),
        (v, dir, hv) -> MixedDerivatives.stackNamesHvp(v, 2, dir, hv),
        (v, dir) -> MixedDerivatives.stackNamesDirectional(v, 2, dir)));
    cs.add(c("Mixed.generatorNames",
        r -> vec(r, 5, -1.5, 1.5),
        v -> Mixed.generatorNames(slice(v, 0, 3), v[3], v[4], 3),
        (v, g) -> MixedDerivatives.generatorNamesGradient(slice(v, 0, 3), v[3], v[4], 3, g),
        (v, dir, hv) -> MixedDerivatives.generatorNamesHvp(slice(v, 0, 3), v[3], v[4], 3, dir, hv),
        (v, dir) -> MixedDerivatives.generatorNamesDirectional(slice(v, 0, 3), v[3], v[4], 3, dir)));
    cs.add(c("Mixed.paramNamedGradOut",
        r -> vec(r, 4, -2, 2),
        v -> Mixed.paramNamedGradOut(slice(v, 0, 3), v[3]),
        (v, g) -> MixedDerivatives.paramNamedGradOutGradient(slice(v, 0, 3), v[3], g),
        (v, dir, hv) -> MixedDerivatives.paramNamedGradOutHvp(slice(v, 0, 3), v[3], dir, hv),
        (v, dir) -> MixedDerivatives.paramNamedGradOutDirectional(slice(v, 0, 3), v[3], dir)));
    cs.add(c("Mixed.inactiveParameter",
        r -> vec(r, 2, -2, 2),
        v -> Mixed.inactiveParameter(v[0], 1.5, v[1]),
        (v, g) -> MixedDerivatives.inactiveParameterGradient(v[0], 1.5, v[1], g),
        (v, dir, hv) -> MixedDerivatives.inactiveParameterHvp(v[0], 1.5, v[1], dir, hv),
        (v, dir) -> MixedDerivatives.inactiveParameterDirectional(v[0], 1.5, v[1], dir)));
    cs.add(c("Mixed.paramsNamedLikeHvp",
        r -> vec(r, 5, -1.5, 1.5),
        v -> Mixed.paramsNamedLikeHvp(slice(v, 0, 3), v[3], v[4]),
        (v, g) -> MixedDerivatives.paramsNamedLikeHvpGradient(slice(v, 0, 3), v[3], v[4], g),
        (v, dir, hv) -> MixedDerivatives.paramsNamedLikeHvpHvp(slice(v, 0, 3), v[3], v[4], dir, hv),
        (v, dir) -> MixedDerivatives.paramsNamedLikeHvpDirectional(slice(v, 0, 3), v[3], v[4], dir)));
    cs.add(c("Mixed.mixtureLogLikelihood",
        r -> concat(vec(r, 3, -2, 2), of(u(r, 0.5, 2))),
        v -> Mixed.mixtureLogLikelihood(slice(v, 0, 3), v[3], MIXTURE_DATA),
        (v, g) -> MixedDerivatives.mixtureLogLikelihoodGradient(slice(v, 0, 3), v[3], MIXTURE_DATA, g),
        (v, dir, hv) -> MixedDerivatives.mixtureLogLikelihoodHvp(slice(v, 0, 3), v[3], MIXTURE_DATA, dir, hv),
        (v, dir) -> MixedDerivatives.mixtureLogLikelihoodDirectional(slice(v, 0, 3), v[3], MIXTURE_DATA, dir)));
    cs.add(c("Mixed.powSeries",
        r -> concat(of(u(r, 0.5, 2)), vec(r, 4, -2, 3), of(u(r, -0.3, 0.3))),
        v -> Mixed.powSeries(v[0], slice(v, 1, 5), v[5]),
        (v, g) -> MixedDerivatives.powSeriesGradient(v[0], slice(v, 1, 5), v[5], g),
        (v, dir, hv) -> MixedDerivatives.powSeriesHvp(v[0], slice(v, 1, 5), v[5], dir, hv),
        (v, dir) -> MixedDerivatives.powSeriesDirectional(v[0], slice(v, 1, 5), v[5], dir)));
    cs.add(c("Mixed.newtonCubeRoot",
        r -> vec(r, 1, 0.5, 8),
        v -> Mixed.newtonCubeRoot(v[0]),
        (v, g) -> MixedDerivatives.newtonCubeRootGradient(v[0], g),
        (v, dir, hv) -> MixedDerivatives.newtonCubeRootHvp(v[0], dir, hv),
        (v, dir) -> MixedDerivatives.newtonCubeRootDirectional(v[0], dir)));
    cs.add(c("Mixed.weightedDistance",
        r -> vec(r, 6, -2, 2),
        v -> Mixed.weightedDistance(slice(v, 0, 3), slice(v, 3, 6), DISTANCE_W),
        (v, g) -> MixedDerivatives.weightedDistanceGradient(slice(v, 0, 3), slice(v, 3, 6), DISTANCE_W, g),
        (v, dir, hv) -> MixedDerivatives.weightedDistanceHvp(slice(v, 0, 3), slice(v, 3, 6), DISTANCE_W, dir, hv),
        (v, dir) -> MixedDerivatives.weightedDistanceDirectional(slice(v, 0, 3), slice(v, 3, 6), DISTANCE_W, dir)));
    cs.add(c("Mixed.gridEnergy",
        r -> vec(r, 12, -2, 2),
        v -> Mixed.gridEnergy(v, 3, 4),
        (v, g) -> MixedDerivatives.gridEnergyGradient(v, 3, 4, g),
        (v, dir, hv) -> MixedDerivatives.gridEnergyHvp(v, 3, 4, dir, hv),
        (v, dir) -> MixedDerivatives.gridEnergyDirectional(v, 3, 4, dir),
        () -> MixedDerivatives.gridEnergy(3, 4)));
    cs.add(c("Mixed.interpolate",
        where(r -> concat(vec(r, 5, -2, 2), of(u(r, 0, 4))), v -> v[5] < 4 - MARGIN && awayFromMultiples(v[5], 1)),
        v -> Mixed.interpolate(slice(v, 0, 5), v[5]),
        (v, g) -> MixedDerivatives.interpolateGradient(slice(v, 0, 5), v[5], g),
        (v, dir, hv) -> MixedDerivatives.interpolateHvp(slice(v, 0, 5), v[5], dir, hv),
        (v, dir) -> MixedDerivatives.interpolateDirectional(slice(v, 0, 5), v[5], dir)));
    for (long steps : new long[] {0L, 11L}) {
      cs.add(c("Mixed.longSteps[steps=" + steps + "]",
          r -> of(u(r, -1, 1), u(r, -1, 1), u(r, 0.05, 0.3)),
          v -> Mixed.longSteps(slice(v, 0, 2), v[2], steps),
          (v, g) -> MixedDerivatives.longStepsGradient(slice(v, 0, 2), v[2], steps, g),
          (v, dir, hv) -> MixedDerivatives.longStepsHvp(slice(v, 0, 2), v[2], steps, dir, hv),
          (v, dir) -> MixedDerivatives.longStepsDirectional(slice(v, 0, 2), v[2], steps, dir)));
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Domain predicates for the piecewise functions

  /** Every partial sum of squares is at least MARGIN away from the threshold. */
  static boolean partialSumsOfSquaresAway(double[] x, double threshold) {
    double s = 0;
    for (double xi : x) {
      s += xi * xi;
      if (!away(s, threshold)) {
        return false;
      }
    }
    return true;
  }

  /** Every product x_i x_j (i < j) is at least MARGIN away from cutoff. */
  static boolean pairProductsAway(double[] x, double cutoff) {
    for (int i = 0; i < x.length; i++) {
      for (int j = i + 1; j < x.length; j++) {
        if (!away(x[i] * x[j], cutoff)) {
          return false;
        }
      }
    }
    return true;
  }

  /** The branch conditions of Loops.branchyRecurrence are all at least MARGIN from switching. */
  static boolean branchyAway(double[] x) {
    for (int i = 1; i < x.length; i++) {
      if (!away(x[i], x[i - 1]) || !away(x[i], -0.5)) {
        return false;
      }
    }
    return true;
  }

  /** Consecutive 2-D points of the spring chain (first 8 entries) are at least 0.1 apart. */
  static boolean consecutivePointsApart(double[] v) {
    for (int i = 0; i + 1 < 4; i++) {
      if (Math.hypot(v[2 * i + 2] - v[2 * i], v[2 * i + 3] - v[2 * i + 1]) < 0.1) {
        return false;
      }
    }
    return true;
  }
}
