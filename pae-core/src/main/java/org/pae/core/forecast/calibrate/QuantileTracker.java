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
 *
 * <p>Given the {@linkplain #slot slot of the hour} each actual falls in, it also calibrates per
 * slot: the q-quantile becomes mean + (θ_q + δ_q,s) · sd, where δ_q,s moves with the outcomes of
 * slot s only and the δ of a level always sum to zero, so θ keeps the overall share of misses and δ
 * only shifts it between slots. Workloads run hourly jobs: on the Bitbrains VMs the first five
 * minutes of the hour miss more often than the rest, and a single θ covers them 1 to 2 points too
 * little at the 0.9 (and the other slots a little too much).
 */
public final class QuantileTracker {
  /** Most levels tracked per horizon (a policy asks one, an evaluation three). */
  public static final int MAX_LEVELS = 4;

  /**
   * θ stays within this many standard deviations of zero: where the series sits on a floor (usage
   * at 0) a low quantile is covered whatever θ does, and θ must not drift away meanwhile.
   */
  static final double THETA_BOUND = 30;

  /** The slots of the hour a forecast's time falls into: twelve of five minutes. */
  public static final int SLOTS = 12;

  private static final long SLOT_MILLIS = 3_600_000 / SLOTS;

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
  private float[] slotOffsets;

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
    if (slotOffsets != null) {
      slotOffsets = Arrays.copyOf(slotOffsets, levels.length * SLOTS);
    }
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
    return quantile(mean, sd, q, -1);
  }

  /**
   * The calibrated q-quantile for a forecast with this mean and sd of a time in slot {@code slot}
   * of the hour ({@link #slot}; -1 for none).
   */
  public double quantile(double mean, double sd, double q, int slot) {
    int i = indexOf(q);
    double z = i >= 0 ? theta[i] + offset(i, slot) : Gaussian.quantile(q);
    return Math.max(0, mean + z * sd);
  }

  /**
   * The slot of the hour of a time: which of its {@value #SLOTS} five-minute parts it falls in.
   *
   * @param epochMillis the time
   * @param stepMillis the series' grid step; only a step that divides five minutes gives slots
   * @return the slot, or -1 when the step gives none
   */
  public static int slot(long epochMillis, double stepMillis) {
    double perSlot = SLOT_MILLIS / stepMillis;
    if (!(perSlot >= 1) || Math.abs(perSlot - Math.rint(perSlot)) > 1e-9) {
      return -1;
    }
    return (int) Math.floorMod(Math.floorDiv(epochMillis, SLOT_MILLIS), (long) SLOTS);
  }

  private double offset(int i, int slot) {
    return slot < 0 || slotOffsets == null ? 0 : slotOffsets[i * SLOTS + slot];
  }

  /**
   * Scores the forecast made {@code horizon} steps ago, with the θ it was made with, against the
   * actual {@code y} (call before {@link #made}) and moves every level's θ.
   */
  public void resolve(double y) {
    resolve(y, -1);
  }

  /**
   * As {@link #resolve(double)}, for an actual in slot {@code slot} of the hour (-1 for none): also
   * moves that slot's offsets. The forecast is scored with the slot's current offset rather than
   * the one it was made with: offsets move slowly (a slot's, once per {@value #SLOTS} outcomes).
   */
  public void resolve(double y, int slot) {
    if (made < horizon || levels.length == 0) {
      return;
    }
    if (slot >= 0 && slotOffsets == null) {
      slotOffsets = new float[levels.length * SLOTS];
    }
    int at = (int) (made % horizon);
    double mean = means[at];
    double sd = sds[at];
    for (int i = 0; i < levels.length; i++) {
      double q = levels[i];
      double predicted = Math.max(0, mean + (issued(i, at) + offset(i, slot)) * sd);
      boolean miss = y > predicted;
      double error = (miss ? 1 : 0) - (1 - q);
      theta[i] += levelRate[i] * error;
      theta[i] = Math.max(-THETA_BOUND, Math.min(THETA_BOUND, theta[i]));
      if (slot >= 0) {
        moveSlot(i, slot, delayed(rate, Math.max(1, horizon / SLOTS), q) * error);
      }
      windows[i].put(at, miss);
      double l = miss ? q * (y - predicted) : (1 - q) * (predicted - y);
      levelLoss[i] =
          Double.isNaN(levelLoss[i]) ? l : levelLoss[i] + LOSS_WEIGHT * (l - levelLoss[i]);
    }
  }

  /** Moves one slot's offset of level {@code i} by {@code step}, keeping the level's sum at 0. */
  private void moveSlot(int i, int slot, double step) {
    int base = i * SLOTS;
    double shared = step / SLOTS;
    for (int s = 0; s < SLOTS; s++) {
      double v = slotOffsets[base + s] + (s == slot ? step : 0) - shared;
      slotOffsets[base + s] = (float) Math.max(-THETA_BOUND, Math.min(THETA_BOUND, v));
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
