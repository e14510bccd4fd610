package dev.hesse.samples.suite;

import static dev.hesse.samples.suite.Cases.slice;
import static dev.hesse.samples.suite.Cases.u;
import static dev.hesse.samples.suite.Cases.vec;
import static dev.hesse.samples.suite.Cases.where;

import java.util.List;
import java.util.Random;

/** The {@link Models} objectives as suite cases, with their data. */
final class ModelCases {
  private ModelCases() {}

  // Dense data: 8 examples, 3 features; the same matrix in CSR form with every third entry dropped.
  static final double[][] X = matrix(new Random(11), 8, 3);
  static final int[] Y = {1, 0, 0, 1, 1, 0, 1, 0};
  static final double[][] SPARSE = sparsify(X);
  static final int[] ROW_START = new int[X.length + 1];
  static final int[] COLUMNS;
  static final double[] VALUES;
  static final int[] CLASSES_Y = {0, 2, 1, 1, 0, 2, 2, 1};
  static final double[] MIXTURE = {-1.3, 0.2, 0.9, 2.4, -0.4, 1.1, 3.0, -2.2};
  static final double[] T = {-1.0, -0.5, 0.0, 0.4, 0.9, 1.5, 2.0};
  static final double[] OBS = {0.1, -0.8, 0.3, 1.9, 0.6, 2.8, 2.1};
  static final double[] PROBABILITIES = {0.05, 0.2, 0.45, 0.6, 0.8, 0.9, 0.97};

  static {
    int nonzeros = 0;
    for (double[] row : SPARSE) {
      for (double v : row) {
        nonzeros += v != 0 ? 1 : 0;
      }
    }
    COLUMNS = new int[nonzeros];
    VALUES = new double[nonzeros];
    int k = 0;
    for (int i = 0; i < SPARSE.length; i++) {
      ROW_START[i] = k;
      for (int j = 0; j < SPARSE[i].length; j++) {
        if (SPARSE[i][j] != 0) {
          COLUMNS[k] = j;
          VALUES[k++] = SPARSE[i][j];
        }
      }
    }
    ROW_START[SPARSE.length] = k;
  }

  static double[][] matrix(Random r, int rows, int cols) {
    double[][] m = new double[rows][cols];
    for (double[] row : m) {
      for (int j = 0; j < cols; j++) {
        row[j] = u(r, -1.5, 1.5);
      }
    }
    return m;
  }

  static double[][] sparsify(double[][] dense) {
    double[][] out = new double[dense.length][];
    for (int i = 0; i < dense.length; i++) {
      out[i] = dense[i].clone();
      for (int j = 0; j < out[i].length; j++) {
        if ((i + j) % 3 == 0) {
          out[i][j] = 0;
        }
      }
    }
    return out;
  }

  /** Four atoms around a regular tetrahedron at the pair-potential minimum's distance, each moved by up to 0.1. */
  static double[] cluster(Random r) {
    double s = 1.12 / Math.sqrt(8);
    double[] base = {s, s, s, s, -s, -s, -s, s, -s, -s, -s, s};
    double[] p = base.clone();
    for (int i = 0; i < p.length; i++) {
      p[i] += u(r, -0.1, 0.1);
    }
    return p;
  }

  /** Whether every Huber residual of robustFit stays away from the loss's kinks at ±0.5. */
  static boolean awayFromHuberKinks(double[] coef) {
    for (int i = 0; i < T.length; i++) {
      double r = coef[0] + coef[1] * T[i] + coef[2] * Math.sin(T[i]) - OBS[i];
      if (Math.abs(Math.abs(r) - 0.5) < Cases.MARGIN) {
        return false;
      }
    }
    return true;
  }

  static void add(List<Case> cs) {
    double lambda = 0.3;
    cs.add(new Case("Models.logisticDense",
        r -> vec(r, 4, -1, 1),
        v -> Models.logisticDense(slice(v, 0, 3), v[3], X, Y, lambda),
        (v, g) -> ModelsDerivatives.logisticDenseGradient(slice(v, 0, 3), v[3], X, Y, lambda, g),
        (v, dir, hv) -> ModelsDerivatives.logisticDenseHvp(slice(v, 0, 3), v[3], X, Y, lambda, dir, hv),
        (v, dir) -> ModelsDerivatives.logisticDenseDirectional(slice(v, 0, 3), v[3], X, Y, lambda, dir),
        null));
    cs.add(new Case("Models.logisticByRows (for (double[] row : x))",
        r -> vec(r, 4, -1, 1),
        v -> Models.logisticByRows(slice(v, 0, 3), v[3], X, Y, lambda),
        (v, g) -> ModelsDerivatives.logisticByRowsGradient(slice(v, 0, 3), v[3], X, Y, lambda, g),
        (v, dir, hv) -> ModelsDerivatives.logisticByRowsHvp(slice(v, 0, 3), v[3], X, Y, lambda, dir, hv),
        (v, dir) -> ModelsDerivatives.logisticByRowsDirectional(slice(v, 0, 3), v[3], X, Y, lambda, dir),
        null));
    cs.add(new Case("Models.logisticViaLibrary (helpers from a library jar)",
        r -> vec(r, 4, -1, 1),
        v -> Models.logisticViaLibrary(slice(v, 0, 3), v[3], X, Y, lambda),
        (v, g) -> ModelsDerivatives.logisticViaLibraryGradient(slice(v, 0, 3), v[3], X, Y, lambda, g),
        (v, dir, hv) -> ModelsDerivatives.logisticViaLibraryHvp(slice(v, 0, 3), v[3], X, Y, lambda, dir, hv),
        (v, dir) -> ModelsDerivatives.logisticViaLibraryDirectional(slice(v, 0, 3), v[3], X, Y, lambda, dir),
        null));
    cs.add(new Case("Models.logisticCsr",
        r -> vec(r, 4, -1, 1),
        v -> Models.logisticCsr(slice(v, 0, 3), v[3], ROW_START, COLUMNS, VALUES, Y, lambda),
        (v, g) -> ModelsDerivatives.logisticCsrGradient(slice(v, 0, 3), v[3], ROW_START, COLUMNS, VALUES, Y, lambda, g),
        (v, dir, hv) ->
            ModelsDerivatives.logisticCsrHvp(slice(v, 0, 3), v[3], ROW_START, COLUMNS, VALUES, Y, lambda, dir, hv),
        (v, dir) ->
            ModelsDerivatives.logisticCsrDirectional(slice(v, 0, 3), v[3], ROW_START, COLUMNS, VALUES, Y, lambda, dir),
        null));
    cs.add(new Case("Models.softmaxCrossEntropy",
        r -> vec(r, 9, -1, 1),
        v -> Models.softmaxCrossEntropy(v, X, CLASSES_Y, 3),
        (v, g) -> ModelsDerivatives.softmaxCrossEntropyGradient(v, X, CLASSES_Y, 3, g),
        (v, dir, hv) -> ModelsDerivatives.softmaxCrossEntropyHvp(v, X, CLASSES_Y, 3, dir, hv),
        (v, dir) -> ModelsDerivatives.softmaxCrossEntropyDirectional(v, X, CLASSES_Y, 3, dir),
        () -> ModelsDerivatives.softmaxCrossEntropy(X, CLASSES_Y, 3)));
    cs.add(new Case("Models.gaussianMixture",
        r -> Cases.concat(vec(r, 3, -1.5, 1.5), vec(r, 3, -0.7, 0.5), vec(r, 3, -1, 1)),
        v -> Models.gaussianMixture(v, MIXTURE),
        (v, g) -> ModelsDerivatives.gaussianMixtureGradient(v, MIXTURE, g),
        (v, dir, hv) -> ModelsDerivatives.gaussianMixtureHvp(v, MIXTURE, dir, hv),
        (v, dir) -> ModelsDerivatives.gaussianMixtureDirectional(v, MIXTURE, dir),
        () -> ModelsDerivatives.gaussianMixture(MIXTURE)));
    cs.add(new Case("Models.lennardJones",
        ModelCases::cluster,
        v -> Models.lennardJones(v, 1.0, 1.0),
        (v, g) -> ModelsDerivatives.lennardJonesGradient(v, 1.0, 1.0, g),
        (v, dir, hv) -> ModelsDerivatives.lennardJonesHvp(v, 1.0, 1.0, dir, hv),
        (v, dir) -> ModelsDerivatives.lennardJonesDirectional(v, 1.0, 1.0, dir),
        () -> ModelsDerivatives.lennardJones(1.0, 1.0)));
    cs.add(new Case("Models.robustFit (Huber and log-sum-exp from a library jar)",
        where(r -> vec(r, 3, -1.5, 1.5), ModelCases::awayFromHuberKinks),
        v -> Models.robustFit(v, T, OBS),
        (v, g) -> ModelsDerivatives.robustFitGradient(v, T, OBS, g),
        (v, dir, hv) -> ModelsDerivatives.robustFitHvp(v, T, OBS, dir, hv),
        (v, dir) -> ModelsDerivatives.robustFitDirectional(v, T, OBS, dir),
        () -> ModelsDerivatives.robustFit(T, OBS)));
    cs.add(new Case("Models.probitFit (custom-derivative erf)",
        r -> vec(r, 2, -1.5, 1.5),
        v -> Models.probitFit(v[0], v[1], T, PROBABILITIES),
        (v, g) -> ModelsDerivatives.probitFitGradient(v[0], v[1], T, PROBABILITIES, g),
        (v, dir, hv) -> ModelsDerivatives.probitFitHvp(v[0], v[1], T, PROBABILITIES, dir, hv),
        (v, dir) -> ModelsDerivatives.probitFitDirectional(v[0], v[1], T, PROBABILITIES, dir),
        null));
    cs.add(new Case("Models.softplusLayer (helpers writing a local array)",
        r -> vec(r, 6, -1, 1),
        v -> Models.softplusLayer(slice(v, 0, 3), slice(v, 3, 6)),
        (v, g) -> ModelsDerivatives.softplusLayerGradient(slice(v, 0, 3), slice(v, 3, 6), g),
        (v, dir, hv) -> ModelsDerivatives.softplusLayerHvp(slice(v, 0, 3), slice(v, 3, 6), dir, hv),
        (v, dir) -> ModelsDerivatives.softplusLayerDirectional(slice(v, 0, 3), slice(v, 3, 6), dir),
        null));
    cs.add(new Case("Models.outerLevel (three levels of helpers)",
        r -> Cases.concat(vec(r, 4, -1, 1), vec(r, 1, -1, 1)),
        v -> Models.outerLevel(slice(v, 0, 4), v[4]),
        (v, g) -> ModelsDerivatives.outerLevelGradient(slice(v, 0, 4), v[4], g),
        (v, dir, hv) -> ModelsDerivatives.outerLevelHvp(slice(v, 0, 4), v[4], dir, hv),
        (v, dir) -> ModelsDerivatives.outerLevelDirectional(slice(v, 0, 4), v[4], dir),
        null));
  }
}
