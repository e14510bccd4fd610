package dev.hesse.estimate;

/**
 * Running count, mean and sum of squared deviations of vector samples: Welford's update for one sample and Chan,
 * Golub and LeVeque's pairwise formula for merging two accumulators. Merging blocks in a fixed order is what makes
 * parallel estimates bit-identical to sequential ones.
 */
final class Moments {
  private final double[] mean;
  private final double[] m2;
  private long count;

  Moments(int dimension) {
    mean = new double[dimension];
    m2 = new double[dimension];
  }

  void add(double[] sample) {
    count++;
    double weight = 1.0 / count;
    for (int i = 0; i < mean.length; i++) {
      double delta = sample[i] - mean[i];
      mean[i] += delta * weight;
      m2[i] += delta * (sample[i] - mean[i]);
    }
  }

  void merge(Moments other) {
    if (other.count == 0) {
      return;
    }
    if (count == 0) {
      System.arraycopy(other.mean, 0, mean, 0, mean.length);
      System.arraycopy(other.m2, 0, m2, 0, m2.length);
      count = other.count;
      return;
    }
    double total = count + other.count;
    double weight = other.count / total;
    double cross = (double) count * other.count / total;
    for (int i = 0; i < mean.length; i++) {
      double delta = other.mean[i] - mean[i];
      mean[i] += delta * weight;
      m2[i] += other.m2[i] + delta * delta * cross;
    }
    count += other.count;
  }

  int dimension() {
    return mean.length;
  }

  long count() {
    return count;
  }

  double mean(int i) {
    return mean[i];
  }

  /** Standard error of the mean of entry i: sample standard deviation / √count; NaN below two samples. */
  double standardError(int i) {
    if (count < 2) {
      return Double.NaN;
    }
    return Math.sqrt(m2[i] / (count - 1) / count);
  }
}
