package org.pae.core.allocate;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * The fleet-wide price of one shortfall of one resource, in that resource's units × intervals: how
 * much allocation, summed over intervals, one interval with usage above the allocation is worth
 * avoiding. {@link CostChoicePolicy} weighs every candidate allocation of every series against it.
 *
 * <p>The price is what turns a risk budget stated for the fleet into a choice per workload: one
 * price for all means each workload takes its shortfalls where they save the most allocation, not
 * the same share everywhere. It is set by counterfactual evaluation, the way Autopilot evaluates
 * its models on history rather than by trial: prices lie on a grid of half octaves; every interval,
 * every series reports, for each of the {@value #SPAN} × 2 + 1 grid prices around the current one,
 * whether the candidate it would have chosen at that price fell short. Each grid price keeps those
 * outcomes and the budgeted shortfalls in sums that decay with the given memory, and the price
 * moves towards the lowest grid price whose fleet-wide shortfall rate is within the budget, by one
 * grid step per {@link #MOVE_EVERY} at most. Outcomes of the candidates at every nearby price, not
 * only the realised allocation's rare shortfalls, make the estimate steady even at a budget of 0.1
 * %.
 *
 * <p>It also keeps the fleet's record of young series: for each age class (the binary logarithm of
 * a series' intervals so far) and each candidate (a base × margin, numbered by the policy), how
 * often usage exceeded that candidate, in sums with the same memory. A young series, whose own
 * record is too short to show how often its peaks will be exceeded, borrows the record of series
 * that were as young.
 *
 * <p>The grid is anchored at the end of the first interval at {@value #START} × the mean usage /
 * the mean budget. Confined to the thread of the loop that owns it; time is the loop's.
 */
public final class ShortfallPrice {
  /** Grid prices evaluated on each side of the current one. */
  public static final int SPAN = 4;

  /** A grid price is judged once its budgeted shortfalls sum to this many. */
  static final double EVIDENCE = 3;

  /** The grid's anchor is this × mean usage / mean budget. */
  static final double START = 0.3;

  /** The price moves by one grid step at most this often. */
  public static final Duration MOVE_EVERY = Duration.ofHours(1);

  private static final int LEVELS = 96;
  private static final double STEP = Math.sqrt(2);

  private final Duration interval;
  private final double decay;
  private final double[] shortSums = new double[LEVELS];
  private final double[] budgetSums = new double[LEVELS];
  private final long[] shortNow = new long[LEVELS];
  private final double[] budgetNow = new double[LEVELS];
  private double anchor = Double.NaN;
  private int at = LEVELS / 2;
  private double below;
  private Instant tickEnd;
  private Instant lastMove = Instant.MIN;
  private double usage;
  private double budgeted;
  private long counted;
  private double[] candidateShorts = new double[0];
  private double[] candidateCounts = new double[0];
  private double[] candidateRates = new double[0];
  private long[] candidateShortsNow = new long[0];
  private long[] candidateCountsNow = new long[0];

  /**
   * @param interval the loop's interval: outcomes are pooled over one interval of fleet time
   * @param memory the half-life of the outcome sums
   */
  public ShortfallPrice(Duration interval, Duration memory) {
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(memory, "memory");
    if (interval.isNegative() || interval.isZero() || memory.isNegative() || memory.isZero()) {
      throw new IllegalArgumentException(
          "the interval and the memory must be positive: " + interval + ", " + memory);
    }
    this.interval = interval;
    this.decay = Math.pow(0.5, (double) interval.toNanos() / memory.toNanos());
  }

  /** The price now; {@code NaN} until the first interval is complete. */
  public double price() {
    return onGrid(at - below);
  }

  /** The grid levels a series evaluates now: from {@link #lowest()} to {@link #highest()}. */
  public int lowest() {
    return Math.max(0, at - SPAN);
  }

  public int highest() {
    return Math.min(LEVELS - 1, at + SPAN);
  }

  /** The grid level of the price now. */
  int current() {
    return at;
  }

  /** The decayed count of shortfalls reported at grid level {@code i}, over closed intervals. */
  double shortfalls(int i) {
    return shortSums[i];
  }

  /** The price at grid level {@code i}; {@code NaN} before the grid is anchored. */
  public double level(int i) {
    return onGrid(i);
  }

  private double onGrid(double position) {
    return anchor * Math.pow(STEP, position - LEVELS / 2);
  }

  /**
   * Counts one series' interval: its usage, under which budget, and whether its allocation in force
   * fell short. Times may interleave across series but must not go back by more than an interval.
   */
  public void record(Instant now, double usage, double budget) {
    if (tickEnd == null) {
      tickEnd = now.plus(interval);
    } else if (!now.isBefore(tickEnd)) {
      close();
      long behind = Duration.between(tickEnd, now).toNanos() / interval.toNanos();
      tickEnd = tickEnd.plus(interval.multipliedBy(behind + 1));
    }
    counted++;
    budgeted += budget;
    this.usage += usage;
  }

  /**
   * Counts what the candidate a series chose at grid level {@code i} in the last interval gave:
   * whether usage exceeded it, under which budget.
   */
  public void outcome(int i, boolean shortfall, double budget) {
    if (shortfall) {
      shortNow[i]++;
    }
    budgetNow[i] += budget;
  }

  /** The age class of a series that has been observed {@code seen} intervals. */
  public static int ageClass(long seen) {
    return 63 - Long.numberOfLeadingZeros(Math.max(1, seen));
  }

  /**
   * Counts one interval of candidate {@code candidate} of one series of age class {@code age}:
   * whether usage exceeded it; the policy numbers its candidates from 0 to {@code candidates − 1}.
   */
  public void candidate(int age, int candidate, int candidates, boolean shortfall) {
    int c = age * candidates + candidate;
    if (c >= candidateCountsNow.length) {
      int n = Math.max(c + 1, candidateCountsNow.length * 2);
      candidateShorts = Arrays.copyOf(candidateShorts, n);
      candidateCounts = Arrays.copyOf(candidateCounts, n);
      candidateShortsNow = Arrays.copyOf(candidateShortsNow, n);
      candidateCountsNow = Arrays.copyOf(candidateCountsNow, n);
    }
    candidateCountsNow[c]++;
    if (shortfall) {
      candidateShortsNow[c]++;
    }
  }

  /**
   * The share of intervals, over the fleet's record of series of age class {@code age}, in which
   * usage exceeded candidate {@code candidate}; 0 before any is counted.
   */
  public double candidateRate(int age, int candidate, int candidates) {
    int c = age * candidates + candidate;
    return c < candidateRates.length ? candidateRates[c] : 0;
  }

  /**
   * How far below grid level {@code i} (within budget) towards {@code i − 1} (over it) the fleet's
   * rate crosses the budget, interpolating the two levels' ratios of shortfalls to budgeted
   * shortfalls: the price sits there, so that the candidates' discrete steps do not leave the fleet
   * well under its budget.
   */
  private double crossing(int i) {
    int j = i - 1;
    if (j < 0 || budgetSums[j] < EVIDENCE || budgetSums[i] < EVIDENCE) {
      return 0;
    }
    double over = shortSums[j] / budgetSums[j];
    double under = shortSums[i] / budgetSums[i];
    return over > 1 && over > under ? Math.min(1, (1 - under) / (over - under)) : 0;
  }

  private void close() {
    if (counted == 0) {
      return;
    }
    if (Double.isNaN(anchor)) {
      anchor = Math.max(usage / counted, Double.MIN_NORMAL) * START / (budgeted / counted);
    }
    for (int i = 0; i < LEVELS; i++) {
      shortSums[i] = decay * shortSums[i] + shortNow[i];
      budgetSums[i] = decay * budgetSums[i] + budgetNow[i];
      shortNow[i] = 0;
      budgetNow[i] = 0;
    }
    for (int c = 0; c < candidateCounts.length; c++) {
      candidateShorts[c] = decay * candidateShorts[c] + candidateShortsNow[c];
      candidateCounts[c] = decay * candidateCounts[c] + candidateCountsNow[c];
      candidateShortsNow[c] = 0;
      candidateCountsNow[c] = 0;
    }
    // The rates change only here: computed once per interval, not at every series' look-up.
    if (candidateRates.length != candidateCounts.length) {
      candidateRates = new double[candidateCounts.length];
    }
    for (int c = 0; c < candidateCounts.length; c++) {
      candidateRates[c] = candidateCounts[c] > 0 ? candidateShorts[c] / candidateCounts[c] : 0;
    }
    boolean judged = false;
    int target = highest();
    for (int i = lowest(); i <= highest(); i++) {
      if (budgetSums[i] >= EVIDENCE) {
        judged = true;
        if (shortSums[i] <= budgetSums[i]) {
          target = i;
          break;
        }
      }
    }
    if (judged && target != at && !tickEnd.isBefore(lastMove.plus(MOVE_EVERY))) {
      at += Integer.signum(target - at);
      lastMove = tickEnd;
    }
    below = target == at ? crossing(at) : 0;
    counted = 0;
    budgeted = 0;
    usage = 0;
  }
}
