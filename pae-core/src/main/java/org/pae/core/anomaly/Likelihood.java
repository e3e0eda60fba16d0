package org.pae.core.anomaly;

/**
 * How unusual the recent surprises of a series are, in the spirit of Numenta's anomaly likelihood:
 * the mean of the last {@code shortWindow} surprises is compared with the distribution of that same
 * mean over the last {@code longWindow} steps (a normal fitted to its running mean and variance),
 * and the tail probability of the current mean under it becomes a score. A single surprise scores
 * little on a series that is often surprising and much on one that never is, so that one threshold
 * serves every series.
 */
final class Likelihood {
  /** A spread of the short means below this is taken as this: surprises are in [0, 1]. */
  static final double MIN_SPREAD = 0.01;

  private final double[] recent;
  private final double[] means;
  private final int warmup;
  private long count;
  private double recentSum;
  private double sum;
  private double sumSquares;

  Likelihood(int shortWindow, int longWindow, int warmup) {
    this.recent = new double[shortWindow];
    this.means = new double[longWindow];
    this.warmup = warmup;
  }

  /**
   * Takes the surprise of the latest step and answers {@code -log10} of the probability that the
   * short mean is at least what it is now, 0 during warm-up.
   */
  double add(double surprise) {
    int r = (int) (count % recent.length);
    recentSum += surprise - recent[r];
    recent[r] = surprise;
    double mean = recentSum / Math.min(count + 1, recent.length);
    double answer = 0;
    long seen = Math.min(count, means.length);
    if (count >= warmup && seen > 1) {
      double mu = sum / seen;
      double spread = Math.sqrt(Math.max(0, sumSquares / seen - mu * mu));
      answer = -Normal.log10Tail((mean - mu) / Math.max(spread, MIN_SPREAD));
    }
    int m = (int) (count % means.length);
    double old = means[m];
    if (count >= means.length) {
      sum -= old;
      sumSquares -= old * old;
    }
    means[m] = mean;
    sum += mean;
    sumSquares += mean * mean;
    count++;
    return answer;
  }
}
