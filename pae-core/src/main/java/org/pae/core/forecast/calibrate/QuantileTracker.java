package org.pae.core.forecast.calibrate;

import java.util.Arrays;
import org.pae.core.forecast.Gaussian;

/**
 * Calibrates a model's quantiles at one horizon from its own errors, online: the q-quantile is mean
 * + θ_q · sd, and after each actual θ_q moves by η (1[actual &gt; quantile] − (1 − q)). This is
 * quantile tracking, the adaptive conformal rule of Gibbs and Candès (2021) in the score space of
 * standardised errors (Angelopoulos, Candès and Tibshirani, "Conformal PID control", 2023): over
 * any stretch the share of actuals above the quantile stays within (θ range)/(η T) of 1 − q,
 * whatever the errors' distribution. θ starts at the Gaussian z_q, so an untrained tracker gives
 * the model's own Gaussian quantile.
 *
 * <p>The step η shrinks with the horizon where the error density is high ({@link #delayed}): an
 * h-step miss is known only h steps later. It also keeps an exponentially weighted mean pinball
 * loss per level, which the ensemble compares between models ({@link #lossMemory}).
 *
 * <p>Given the time of each actual and the series' step, it also calibrates per {@linkplain #slot
 * slot of the hour}: the q-quantile becomes mean + (θ_q + δ_q,s) · sd, where δ_q,s moves with the
 * outcomes of slot s only and the δ of a level always sum to zero, so θ keeps the overall share of
 * misses and δ only shifts it between slots. Workloads run hourly jobs: on the Bitbrains VMs the
 * first five minutes of the hour miss more often than the rest, and a single θ covers them 1 to 2
 * points too little at the 0.9 (and the other slots a little too much).
 *
 * <p>One tracker serves every model of a series' ensemble at one horizon ({@code members}): they
 * share the levels, their steps and the count of forecasts made, and each has its own pending
 * forecasts, θ, loss, outcome windows and slot offsets, all in a few primitive arrays (level by
 * level, member within level), since a tracker is kept per horizon of every series. One step ahead
 * a forecast is scored before the next is made, so no outcome window is kept.
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

  /** The loss memory of a level whose misses are not rare, in steps ({@link #lossMemory}). */
  static final int LOSS_MEMORY = 200;

  /** How many misses a tail level's loss memory holds ({@link #lossMemory}). */
  static final int TAIL_MISSES = 20;

  /**
   * A level's shared numbers in {@link #levels}: its q, step η, slot offsets' step, the weight of
   * its newest loss and how many outcomes it has scored.
   */
  private static final int Q = 0;

  private static final int STEP = 1;
  private static final int SLOT_STEP = 2;
  private static final int LOSS_WEIGHT = 3;
  private static final int SCORED = 4;
  private static final int PER_LEVEL = 5;

  /** A member's numbers per level in {@link #state}: its θ and weighted loss. */
  private static final int THETA = 0;

  private static final int LOSS = 1;
  private static final int PER_MEMBER = 2;

  private final int horizon;
  private final double rate;
  private final int members;

  /** Per member, the mean and the sd of each pending forecast, at its step of the horizon mod h. */
  private final float[] pending;

  private long made;
  private double[] levels = new double[0];
  private double[] state = new double[0];
  private long[] outcomes = new long[0];
  private float[] slotOffsets;

  /** Grid steps per slot, 0 until an actual came with a step that divides a slot. */
  private int perSlot;

  /**
   * A tracker of one model.
   *
   * @param horizon steps ahead, &gt;= 1
   * @param rate η, in standard deviations per miss
   */
  public QuantileTracker(int horizon, double rate) {
    this(horizon, rate, 1);
  }

  /**
   * A tracker of {@code members} models (0 to members − 1) forecasting the same series.
   *
   * @param horizon steps ahead, &gt;= 1
   * @param rate η, in standard deviations per miss
   * @param members models, &gt;= 1
   */
  public QuantileTracker(int horizon, double rate, int members) {
    if (horizon < 1 || !(rate > 0) || members < 1) {
      throw new IllegalArgumentException(
          "a tracker needs a horizon >= 1, a rate > 0 and a model: "
              + horizon
              + ", "
              + rate
              + ", "
              + members);
    }
    this.horizon = horizon;
    this.rate = rate;
    this.members = members;
    this.pending = new float[2 * horizon * members];
  }

  public int horizon() {
    return horizon;
  }

  /** Starts tracking level {@code q} (no-op if tracked); false when the tracker is full. */
  public boolean track(double q) {
    if (indexOf(q) >= 0) {
      return true;
    }
    int n = levels();
    if (n == MAX_LEVELS) {
      return false;
    }
    levels = Arrays.copyOf(levels, (n + 1) * PER_LEVEL);
    levels[n * PER_LEVEL + Q] = q;
    levels[n * PER_LEVEL + STEP] = delayed(rate, horizon, q);
    levels[n * PER_LEVEL + SLOT_STEP] = slotStep(q);
    levels[n * PER_LEVEL + LOSS_WEIGHT] = 1.0 / lossMemory(q);
    state = Arrays.copyOf(state, (n + 1) * members * PER_MEMBER);
    for (int m = 0; m < members; m++) {
      state[at(n, m) + THETA] = Gaussian.quantile(q);
      state[at(n, m) + LOSS] = Double.NaN;
    }
    outcomes = Arrays.copyOf(outcomes, (n + 1) * members * windowLongs());
    if (slotOffsets != null) {
      slotOffsets = Arrays.copyOf(slotOffsets, (n + 1) * members * SLOTS);
    }
    return true;
  }

  /** Where member {@code m}'s numbers of level {@code i} start in {@link #state}. */
  private int at(int i, int m) {
    return (i * members + m) * PER_MEMBER;
  }

  /** The longs of one outcome window: none one step ahead (scored before the next is made). */
  private int windowLongs() {
    return horizon == 1 ? 0 : OutcomeWindow.longs(horizon);
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

  /**
   * The steps a level's loss remembers: {@value #LOSS_MEMORY}, and for a tail level as many as hold
   * about {@value #TAIL_MISSES} of its misses (2,000 at 0.99, 20,000 at 0.999). A tail level's loss
   * is its misses' excess, 1 / (1 − q) steps apart: over 200 steps the 0.99's is two misses, and
   * the ensemble chose its member by which one the last spike or two happened to miss (on the first
   * 100 VMs of 2013-7 its pinball(0.99) was 1–3 % above the naive member's alone).
   */
  static double lossMemory(double q) {
    return Math.max(LOSS_MEMORY, TAIL_MISSES / Math.min(q, 1 - q));
  }

  /** How many levels are tracked. */
  public int levels() {
    return levels.length / PER_LEVEL;
  }

  /** The index of level {@code q} among the tracked ones, -1 when untracked. */
  public int level(double q) {
    return indexOf(q);
  }

  /** The q of the tracked level at index {@code i} ({@link #level}). */
  public double q(int i) {
    return levels[i * PER_LEVEL + Q];
  }

  private int indexOf(double q) {
    for (int i = 0; i < levels(); i++) {
      if (levels[i * PER_LEVEL + Q] == q) {
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
    return quantile(mean, sd, q, 0, Double.NaN);
  }

  /**
   * The calibrated q-quantile for a forecast with this mean and sd of the time {@code epochMillis}
   * on a grid of {@code stepMillis} (NaN when unknown): with that slot's offset where the step
   * gives slots ({@link #slot}).
   */
  public double quantile(double mean, double sd, double q, long epochMillis, double stepMillis) {
    return quantile(0, mean, sd, q, epochMillis, stepMillis);
  }

  /** As {@link #quantile(double, double, double, long, double)}, for model {@code m}. */
  public double quantile(
      int m, double mean, double sd, double q, long epochMillis, double stepMillis) {
    int i = indexOf(q);
    if (i < 0) {
      return Math.max(0, mean + Gaussian.quantile(q) * sd);
    }
    int slot = slot(epochMillis, stepMillis);
    return Math.max(0, mean + (state[at(i, m) + THETA] + offset(i, m, slot)) * sd);
  }

  /**
   * The slot of the hour of a time: which of its {@value #SLOTS} five-minute parts it falls in.
   *
   * @param epochMillis the time
   * @param stepMillis the series' grid step; only a step that divides five minutes gives slots
   * @return the slot, or -1 when the step gives none
   */
  public static int slot(long epochMillis, double stepMillis) {
    if (stepsPerSlot(stepMillis) == 0) {
      return -1;
    }
    return (int) Math.floorMod(Math.floorDiv(epochMillis, SLOT_MILLIS), (long) SLOTS);
  }

  /** How many steps of {@code stepMillis} make a slot; 0 when they do not divide it evenly. */
  static int stepsPerSlot(double stepMillis) {
    double n = SLOT_MILLIS / stepMillis;
    return stepMillis > 0 && n >= 1 && Math.abs(n - Math.rint(n)) < 1e-9 ? (int) Math.rint(n) : 0;
  }

  private double offset(int i, int m, int slot) {
    return slot < 0 || slotOffsets == null ? 0 : slotOffsets[(i * members + m) * SLOTS + slot];
  }

  /**
   * The step of a level's slot offsets. A slot's offset moves only with its own outcomes; between a
   * forecast for a slot and its outcome, that slot sees about h / 12 outcomes, plus, where several
   * steps make a slot, up to that many in a row: that is its delay for {@link #delayed}.
   */
  private double slotStep(double q) {
    int delay = perSlot == 0 ? 1 : horizon / SLOTS + Math.min(horizon, perSlot) - 1;
    return delayed(rate, Math.max(1, delay), q);
  }

  /**
   * Scores the forecast made {@code horizon} steps ago, with the θ it was made with, against the
   * actual {@code y} (call before {@link #made}) and moves every level's θ.
   */
  public void resolve(double y) {
    resolve(y, 0, Double.NaN);
  }

  /**
   * As {@link #resolve(double)}, for an actual taken at {@code epochMillis} on a grid of {@code
   * stepMillis}, and for every model: where the step gives slots, also moves the offsets of the
   * actual's slot. The forecast is scored with the slot's current offset rather than the one it was
   * made with: offsets move slowly.
   */
  public void resolve(double y, long epochMillis, double stepMillis) {
    int n = levels();
    if (made < horizon || n == 0) {
      return;
    }
    int slot = slot(epochMillis, stepMillis);
    if (slot >= 0 && slotOffsets == null) {
      slotOffsets = new float[n * members * SLOTS];
      perSlot = stepsPerSlot(stepMillis);
      for (int i = 0; i < n; i++) {
        levels[i * PER_LEVEL + SLOT_STEP] = slotStep(levels[i * PER_LEVEL + Q]);
      }
    }
    int due = (int) (made % horizon);
    for (int m = 0; m < members; m++) {
      double mean = pending[2 * (m * horizon + due)];
      double sd = pending[2 * (m * horizon + due) + 1];
      for (int i = 0; i < n; i++) {
        double q = levels[i * PER_LEVEL + Q];
        int k = at(i, m);
        double predicted = Math.max(0, mean + (issued(i, m, due) + offset(i, m, slot)) * sd);
        boolean miss = y > predicted;
        double error = (miss ? 1 : 0) - (1 - q);
        state[k + THETA] =
            Math.max(
                -THETA_BOUND,
                Math.min(THETA_BOUND, state[k + THETA] + levels[i * PER_LEVEL + STEP] * error));
        if (slot >= 0) {
          moveSlot(i, m, slot, levels[i * PER_LEVEL + SLOT_STEP] * error);
        }
        if (horizon > 1) {
          OutcomeWindow.put(outcomes, (i * members + m) * windowLongs(), horizon, due, miss);
        }
        double l = miss ? q * (y - predicted) : (1 - q) * (predicted - y);
        double loss = state[k + LOSS];
        state[k + LOSS] = Double.isNaN(loss) ? l : loss + lossWeight(i) * (l - loss);
      }
    }
    for (int i = 0; i < n; i++) {
      levels[i * PER_LEVEL + SCORED]++;
    }
  }

  /**
   * The weight of level i's newest loss: 1 / its memory, but 1 / n for the n-th loss scored while n
   * is shorter, so that the loss is the plain mean of the first ones. A fixed weight from the start
   * left half the weight on the first loss after 140 steps: on PlanetLab, half a day of history
   * before the first origin, the ensemble chose between models by its first hour.
   */
  private double lossWeight(int i) {
    return Math.max(levels[i * PER_LEVEL + LOSS_WEIGHT], 1 / (levels[i * PER_LEVEL + SCORED] + 1));
  }

  /** Moves one slot's offset of model m's level i by {@code step}, keeping their sum at 0. */
  private void moveSlot(int i, int m, int slot, double step) {
    int base = (i * members + m) * SLOTS;
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
  private double issued(int i, int m, int due) {
    double theta = state[at(i, m) + THETA];
    if (horizon == 1) {
      return theta;
    }
    double q = levels[i * PER_LEVEL + Q];
    int base = (i * members + m) * windowLongs();
    int misses = OutcomeWindow.missesBesides(outcomes, base, horizon, due);
    int hits = OutcomeWindow.hitsBesides(outcomes, base, horizon, due);
    return theta - levels[i * PER_LEVEL + STEP] * (q * misses - (1 - q) * hits);
  }

  /** Records the forecast made now for {@code horizon} steps ahead (a tracker of one model). */
  public void made(double mean, double sd) {
    set(0, mean, sd);
    advance();
  }

  /** Sets model {@code m}'s forecast made now; {@link #advance} when every model's is set. */
  public void set(int m, double mean, double sd) {
    int p = 2 * (m * horizon + (int) (made % horizon));
    pending[p] = (float) mean;
    pending[p + 1] = (float) sd;
  }

  /** Every model's forecast for now is set: the next are for the next step. */
  public void advance() {
    made++;
  }

  /**
   * Model {@code m}'s weighted mean pinball loss of recent forecasts at the level of index {@code
   * i} ({@link #level}); NaN before the first is scored.
   */
  public double loss(int m, int i) {
    return state[at(i, m) + LOSS];
  }
}
