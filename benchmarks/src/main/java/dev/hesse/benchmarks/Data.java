package dev.hesse.benchmarks;

import dev.hesse.Objective;
import java.util.SplittableRandom;

/** The benchmarks' fixed, seeded inputs. */
final class Data {
  private Data() {}

  /** The network's shape: d inputs, one hidden tanh layer, 64 samples. */
  static final int NET_INPUTS = 8;

  static final int NET_HIDDEN = 16;
  static final int NET_SAMPLES = 64;
  static final int NET_WEIGHTS = NET_HIDDEN * NET_INPUTS + 2 * NET_HIDDEN + 1;

  static double[] uniform(long seed, int n, double lo, double hi) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = lo + (hi - lo) * random.nextDouble();
    }
    return a;
  }

  static double[][] netInputs() {
    double[][] xs = new double[NET_SAMPLES][];
    for (int s = 0; s < NET_SAMPLES; s++) {
      xs[s] = uniform(1000 + s, NET_INPUTS, -1, 1);
    }
    return xs;
  }

  /** Targets of a smooth function of the inputs. */
  static double[] netTargets(double[][] xs) {
    double[] ys = new double[xs.length];
    for (int s = 0; s < xs.length; s++) {
      double sum = 0;
      for (int i = 0; i < xs[s].length; i++) {
        sum += Math.sin((i + 1) * xs[s][i]);
      }
      ys[s] = sum / xs[s].length;
    }
    return ys;
  }

  static Objective handRosenbrock() {
    return new Objective() {
      @Override
      public double value(double[] x) {
        return Functions.rosenbrock(x);
      }

      @Override
      public double gradient(double[] x, double[] gradOut) {
        return HandWritten.rosenbrockGradient(x, gradOut);
      }

      @Override
      public void hvp(double[] x, double[] v, double[] hvOut) {
        HandWritten.rosenbrockHvp(x, v, hvOut);
      }
    };
  }

  static Objective handNetwork(double[][] xs, double[] ys, int hidden) {
    double[] t = new double[hidden];
    double[] rt = new double[hidden];
    return new Objective() {
      @Override
      public double value(double[] w) {
        return Functions.networkLoss(w, xs, ys, hidden);
      }

      @Override
      public double gradient(double[] w, double[] gradOut) {
        return HandWritten.networkGradient(w, xs, ys, hidden, gradOut, t);
      }

      @Override
      public void hvp(double[] w, double[] v, double[] hvOut) {
        HandWritten.networkHvp(w, xs, ys, hidden, v, hvOut, t, rt);
      }
    };
  }

  static Alternatives.FieldFunction network(double[][] xs, double[] ys, int hidden) {
    return new Alternatives.FieldFunction() {
      @Override
      public <T extends org.hipparchus.CalculusFieldElement<T>> T apply(T[] w) {
        return Alternatives.networkLoss(w, xs, ys, hidden);
      }
    };
  }
}
