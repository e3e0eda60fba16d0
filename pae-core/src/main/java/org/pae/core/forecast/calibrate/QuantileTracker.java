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
 * <p>The step η shrinks with the horizon where the error density is high ({@link #delayed}): an
 * h-step miss is known only h steps later. It also keeps an exponentially weighted mean pinball
 * loss per level, which the ensemble compares between models.
 */
public final class QuantileTracker {
  /** Most levels tracked per horizon (a policy asks one, an evaluation three). */
  public static final int MAX_LEVELS = 4;

  /**
   * θ stays within this many standard deviations of zero: where the series sits on a floor (usage
   * at 0) a low quantile is covered whatever θ does, and θ must not drift away meanwhile.
   */
  static final double THETA_BOUND = 30;

  /** The weight of the newest loss: about 200 steps of memory. */
  static final double LOSS_WEIGHT = 0.005;

  private final int horizon;
  private final double rate;
  private final float[] means;
  private final float[] sds;
  private long made;
  private double[] levels = new double[0];
  private double[] theta = new double[0];
  private double[] levelRate = new double[0];
  private double[] levelLoss = new double[0];
  private OutcomeWindow[] windows = new OutcomeWindow[0];

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
    levelLoss = Arrays.copyOf(levelLoss, levelLoss.length + 1);
    levelRate = Arrays.copyOf(levelRate, levelRate.length + 1);
    windows = Arrays.copyOf(windows, windows.length + 1);
    windows[windows.length - 1] = new OutcomeWindow(horizon);
    levelRate[levelRate.length - 1] = delayed(rate, horizon, q);
    levelLoss[levelLoss.length - 1] = Double.NaN;
    levels[levels.length - 1] = q;
    theta[theta.length - 1] = Gaussian.quantile(q);
    return true;
  }

  /**
   * The step size at a horizon and level. An h-step forecast's miss is known only h steps later,
   * when h − 1 more forecasts have been made with the same θ: a step η per miss then moves θ by up
   * to h η before the first correction is seen, and the miss rate responds to θ with the error
   * density at the quantile, about φ(z_q) per standard deviation. The loop (an integral controller
   * with delay h) stays stable when η h φ(z_q) stays below about 1, so η is divided by {@code
   * max(1, h φ(z_q) / 2)}: unchanged one step ahead, far smaller for a day-ahead median, and a tail
   * level, where the density is thin, keeps a larger step.
   */
  static double delayed(double rate, int horizon, double q) {
    double z = Gaussian.quantile(q);
    double density = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
    return rate / Math.max(1, horizon * density / 2);
  }

  /** How many levels are tracked. */
  public int levels() {
    return levels.length;
  }

  /** The index of level {@code q} among the tracked ones, -1 when untracked. */
  public int level(double q) {
    return indexOf(q);
  }

  private int indexOf(double q) {
    for (int i = 0; i < levels.length; i++) {
      if (levels[i] == q) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The calibrated q-quantile for a forecast with this mean and sd, never below 0 (usage is never
   * negative); Gaussian if untracked.
   */
  public double quantile(double mean, double sd, double q) {
    int i = indexOf(q);
    double z = i >= 0 ? theta[i] : Gaussian.quantile(q);
    return Math.max(0, mean + z * sd);
  }

  /**
   * Scores the forecast made {@code horizon} steps ago, with the θ it was made with, against the
   * actual {@code y} (call before {@link #made}) and moves every level's θ.
   */
  public void resolve(double y) {
    if (made < horizon || levels.length == 0) {
      return;
    }
    int slot = (int) (made % horizon);
    double mean = means[slot];
    double sd = sds[slot];
    for (int i = 0; i < levels.length; i++) {
      double q = levels[i];
      double predicted = Math.max(0, mean + issued(i, slot) * sd);
      boolean miss = y > predicted;
      theta[i] += levelRate[i] * ((miss ? 1 : 0) - (1 - q));
      theta[i] = Math.max(-THETA_BOUND, Math.min(THETA_BOUND, theta[i]));
      windows[i].put(slot, miss);
      double l = miss ? q * (y - predicted) : (1 - q) * (predicted - y);
      levelLoss[i] =
          Double.isNaN(levelLoss[i]) ? l : levelLoss[i] + LOSS_WEIGHT * (l - levelLoss[i]);
    }
  }

  /**
   * The θ the forecast now due was made with: the h − 1 updates since then, each recorded in the
   * level's window at its own slot, taken back off the current θ (the slot of the forecast due
   * holds the update made before it; exact unless θ met its bound meanwhile). Scoring with the
   * current θ instead would hide misses: in a run of misses θ has already risen by the time the
   * later forecasts of the run are scored, and the 0.9 quantile 12 steps ahead covered 1 to 2
   * points too little.
   */
  private double issued(int i, int slot) {
    OutcomeWindow w = windows[i];
    double q = levels[i];
    return theta[i] - levelRate[i] * (q * w.missesBesides(slot) - (1 - q) * w.hitsBesides(slot));
  }

  /** Records the forecast made now for {@code horizon} steps ahead. */
  public void made(double mean, double sd) {
    int slot = (int) (made % horizon);
    means[slot] = (float) mean;
    sds[slot] = (float) sd;
    made++;
  }

  /**
   * The weighted mean pinball loss of recent forecasts at the level of index {@code i} ({@link
   * #level}); NaN before the first is scored.
   */
  public double loss(int i) {
    return levelLoss[i];
  }
}
