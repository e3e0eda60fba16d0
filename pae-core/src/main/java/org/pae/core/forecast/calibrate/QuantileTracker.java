package org.pae.core.forecast.calibrate;

import java.util.Arrays;
import org.pae.core.forecast.Gaussian;

/**
 * Calibrates one model's quantiles at one horizon from its own errors, online: the q-quantile is
 * mean + θ_q · sd, and after each actual θ_q moves by η (1[actual &gt; quantile] − (1 − q)). This
 * is quantile tracking, the adaptive conformal rule of Gibbs and Candès (2021) in the score space
 * of standardised errors (Angelopoulos, Candès and Tibshirani, "Conformal PID control", 2023): over
 * any stretch the share of actuals above the quantile stays within (θ range)/(η T) of 1 − q,
 * whatever the errors' distribution. θ starts at the Gaussian z_q, so an untrained tracker gives
 * the model's own Gaussian quantile.
 *
 * <p>It also keeps an exponentially weighted mean pinball loss over its levels, which the ensemble
 * compares between models.
 */
public final class QuantileTracker {
  /** Most levels tracked per horizon (a policy asks one, an evaluation three). */
  public static final int MAX_LEVELS = 4;

  /** The weight of the newest loss: about 200 steps of memory. */
  static final double LOSS_WEIGHT = 0.005;

  private final int horizon;
  private final double rate;
  private final float[] means;
  private final float[] sds;
  private long made;
  private double[] levels = new double[0];
  private double[] theta = new double[0];
  private double loss = Double.NaN;

  /**
   * @param horizon steps ahead, &gt;= 1
   * @param rate η, in standard deviations per miss
   */
  public QuantileTracker(int horizon, double rate) {
    if (horizon < 1 || !(rate > 0)) {
      throw new IllegalArgumentException(
          "a tracker needs a horizon >= 1 and a rate > 0: " + horizon + ", " + rate);
    }
    this.horizon = horizon;
    this.rate = rate;
    this.means = new float[horizon];
    this.sds = new float[horizon];
  }

  public int horizon() {
    return horizon;
  }

  /** Starts tracking level {@code q} (no-op if tracked); false when the tracker is full. */
  public boolean track(double q) {
    if (indexOf(q) >= 0) {
      return true;
    }
    if (levels.length == MAX_LEVELS) {
      return false;
    }
    levels = Arrays.copyOf(levels, levels.length + 1);
    theta = Arrays.copyOf(theta, theta.length + 1);
    levels[levels.length - 1] = q;
    theta[theta.length - 1] = Gaussian.quantile(q);
    return true;
  }

  private int indexOf(double q) {
    for (int i = 0; i < levels.length; i++) {
      if (levels[i] == q) {
        return i;
      }
    }
    return -1;
  }

  /** The calibrated q-quantile for a forecast with this mean and sd; Gaussian if untracked. */
  public double quantile(double mean, double sd, double q) {
    int i = indexOf(q);
    double z = i >= 0 ? theta[i] : Gaussian.quantile(q);
    return mean + z * sd;
  }

  /**
   * Scores the forecast made {@code horizon} steps ago against the actual {@code y} (call before
   * {@link #made}) and moves every level's θ.
   */
  public void resolve(double y) {
    if (made < horizon || levels.length == 0) {
      return;
    }
    int slot = (int) (made % horizon);
    double mean = means[slot];
    double sd = sds[slot];
    double sum = 0;
    for (int i = 0; i < levels.length; i++) {
      double q = levels[i];
      double predicted = mean + theta[i] * sd;
      boolean miss = y > predicted;
      theta[i] += rate * ((miss ? 1 : 0) - (1 - q));
      sum += miss ? q * (y - predicted) : (1 - q) * (predicted - y);
    }
    double l = sum / levels.length;
    loss = Double.isNaN(loss) ? l : loss + LOSS_WEIGHT * (l - loss);
  }

  /** Records the forecast made now for {@code horizon} steps ahead. */
  public void made(double mean, double sd) {
    int slot = (int) (made % horizon);
    means[slot] = (float) mean;
    sds[slot] = (float) sd;
    made++;
  }

  /** The weighted mean pinball loss of recent forecasts; NaN before the first is scored. */
  public double loss() {
    return loss;
  }
}
