package org.pae.core.allocate;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
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
  private final double[] ownShorts = new double[LEVELS];
  private final double[] ownBudgets = new double[LEVELS];
  private double[] ownCandidateShorts = new double[0];
  private double[] ownCandidateCounts = new double[0];
  private final long[] outcomesNow = new long[LEVELS];
  private double budgetNowOne = Double.NaN;
  private boolean budgetsNowDiffer;
  private Replica replica;
  private boolean ownSincePooled;
  private long[] usageTimes = new long[0];
  private double[] usages = new double[0];

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
      if (replica == null) {
        close();
        advance(now);
      } else {
        replica.closing(now);
        if (!now.isBefore(tickEnd)) {
          throw new IllegalStateException(
              "a replica of the fleet's price reached "
                  + now
                  + " before the fleet closed "
                  + tickEnd);
        }
      }
    }
    counted++;
    budgeted += budget;
    this.usage += usage;
    noteBudget(budget);
    if (replica != null && Double.isNaN(anchor)) {
      int n = usages.length;
      usageTimes = Arrays.copyOf(usageTimes, n + 1);
      usages = Arrays.copyOf(usages, n + 1);
      usageTimes[n] = nanos(now);
      usages[n] = usage;
    }
  }

  /** Opens the next interval after one closed at {@code now}: the first whose end is after it. */
  private void advance(Instant now) {
    long behind = Duration.between(tickEnd, now).toNanos() / interval.toNanos();
    tickEnd = tickEnd.plus(interval.multipliedBy(behind + 1));
  }

  private void noteBudget(double budget) {
    if (Double.isNaN(budgetNowOne)) {
      budgetNowOne = budget;
    } else if (budget != budgetNowOne) {
      budgetsNowDiffer = true;
    }
  }

  private static long nanos(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
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
    outcomesNow[i]++;
    noteBudget(budget);
  }

  /**
   * What a replica's price asks of the fleet when one of its series reaches the end of the open
   * interval (see {@link #replicate}).
   */
  @FunctionalInterface
  public interface Replica {
    /**
     * Closes the open interval at {@code now} on every replica alike: pools every replica's {@link
     * #share} and closes each with the fleet's ({@link #closeWith}).
     */
    void closing(Instant now);
  }

  /**
   * Makes this price one replica of a fleet's price: the fleet's series are stepped on several
   * machines, each replica a share of them in the fleet's time order, and every replica holds the
   * price one price fed every series would hold. The first interval ends at {@code firstEnd} (the
   * fleet's first step plus the interval). A series recorded here at or past the end of the open
   * interval closes it as one price would, but with the fleet's sums: through {@code replica}.
   */
  public void replicate(Instant firstEnd, Replica replica) {
    this.tickEnd = Objects.requireNonNull(firstEnd, "firstEnd");
    this.replica = Objects.requireNonNull(replica, "replica");
  }

  /** The end of the open interval; {@code null} before the first record. */
  public Instant intervalEnd() {
    return tickEnd;
  }

  /**
   * One replica's part of a fleet whose series are stepped on several machines (see {@link
   * #replicate}): what its series added to the interval still open, its own decayed sums (what its
   * series alone have added) and its price's state. Arrays are indexed as the grid levels and the
   * candidates; a replica whose series have not yet met a candidate holds shorter candidate arrays.
   *
   * @param counted series intervals recorded
   * @param budget the one budget the interval's series were given; {@code NaN} if none
   * @param budgetsDiffer whether they were given more than one
   * @param budgeted the sum of their budgets
   * @param usageTimes until the grid is anchored, the time (epoch nanoseconds) of every record
   * @param usages and its usage
   * @param shortfallsNow the interval's shortfalls per grid level
   * @param outcomesNow the interval's outcomes per grid level
   * @param budgetsNow the sum of their budgets per grid level
   */
  public record Share(
      long counted,
      double budget,
      boolean budgetsDiffer,
      double budgeted,
      long[] usageTimes,
      double[] usages,
      long[] shortfallsNow,
      long[] outcomesNow,
      double[] budgetsNow,
      long[] candidateShortfallsNow,
      long[] candidateCountsNow,
      double[] shortfalls,
      double[] budgets,
      double[] candidateShortfalls,
      double[] candidateCounts,
      int level,
      double below,
      long lastMove) {

    /**
     * The whole fleet's part from every replica's, in replica order, the price's state being the
     * first's. Its sums are those one price fed every series in the fleet's time order would hold:
     * counts added; a sum of budgets added again as that price adds it (every series given one
     * budget, as in a replay: the sum is the same in any order); the usages added in time order, a
     * tie in replica order (the order of the fleet's series, cut into replicas in that order).
     * Where the series were given several budgets, the replicas' sums are added in replica order,
     * which may differ from one price's in the last digits.
     */
    public static Share fleet(List<Share> replicas) {
      Share first = replicas.getFirst();
      long counted = 0;
      double budget = Double.NaN;
      boolean differ = false;
      double budgeted = 0;
      long[] usageTimes = new long[0];
      double[] usages = new double[0];
      long[] shortfallsNow = new long[0];
      long[] outcomesNow = new long[0];
      double[] budgetsNow = new double[0];
      long[] candidateShortfallsNow = new long[0];
      long[] candidateCountsNow = new long[0];
      double[] shortfalls = new double[0];
      double[] budgets = new double[0];
      double[] candidateShortfalls = new double[0];
      double[] candidateCounts = new double[0];
      for (Share r : replicas) {
        counted += r.counted;
        differ |=
            r.budgetsDiffer
                || (!Double.isNaN(r.budget) && !Double.isNaN(budget) && r.budget != budget);
        budget = Double.isNaN(budget) ? r.budget : budget;
        budgeted += r.budgeted;
        usageTimes = concat(usageTimes, r.usageTimes);
        usages = concat(usages, r.usages);
        shortfallsNow = add(shortfallsNow, r.shortfallsNow);
        outcomesNow = add(outcomesNow, r.outcomesNow);
        budgetsNow = add(budgetsNow, r.budgetsNow);
        candidateShortfallsNow = add(candidateShortfallsNow, r.candidateShortfallsNow);
        candidateCountsNow = add(candidateCountsNow, r.candidateCountsNow);
        shortfalls = add(shortfalls, r.shortfalls);
        budgets = add(budgets, r.budgets);
        candidateShortfalls = add(candidateShortfalls, r.candidateShortfalls);
        candidateCounts = add(candidateCounts, r.candidateCounts);
      }
      if (!differ && !Double.isNaN(budget)) {
        budgeted = repeated(budget, counted);
        for (int i = 0; i < budgetsNow.length; i++) {
          budgetsNow[i] = repeated(budget, outcomesNow[i]);
        }
      }
      Integer[] byTime = new Integer[usageTimes.length];
      for (int i = 0; i < byTime.length; i++) {
        byTime[i] = i;
      }
      long[] times = usageTimes;
      Arrays.sort(byTime, Comparator.comparingLong(i -> times[i]));
      long[] sortedTimes = new long[byTime.length];
      double[] sortedUsages = new double[byTime.length];
      for (int i = 0; i < byTime.length; i++) {
        sortedTimes[i] = times[byTime[i]];
        sortedUsages[i] = usages[byTime[i]];
      }
      return new Share(
          counted,
          differ ? Double.NaN : budget,
          differ,
          budgeted,
          sortedTimes,
          sortedUsages,
          shortfallsNow,
          outcomesNow,
          budgetsNow,
          candidateShortfallsNow,
          candidateCountsNow,
          shortfalls,
          budgets,
          candidateShortfalls,
          candidateCounts,
          first.level,
          first.below,
          first.lastMove);
    }

    /** {@code value} added {@code times} times to 0, one at a time, as a price adds it. */
    private static double repeated(double value, long times) {
      double sum = 0;
      for (long n = 0; n < times; n++) {
        sum += value;
      }
      return sum;
    }

    private static long[] concat(long[] a, long[] b) {
      long[] out = Arrays.copyOf(a, a.length + b.length);
      System.arraycopy(b, 0, out, a.length, b.length);
      return out;
    }

    private static double[] concat(double[] a, double[] b) {
      double[] out = Arrays.copyOf(a, a.length + b.length);
      System.arraycopy(b, 0, out, a.length, b.length);
      return out;
    }

    private static long[] add(long[] a, long[] b) {
      long[] out = Arrays.copyOf(a, Math.max(a.length, b.length));
      for (int i = 0; i < b.length; i++) {
        out[i] += b[i];
      }
      return out;
    }

    private static double[] add(double[] a, double[] b) {
      double[] out = Arrays.copyOf(a, Math.max(a.length, b.length));
      for (int i = 0; i < b.length; i++) {
        out[i] += b[i];
      }
      return out;
    }
  }

  /** This replica's part of the fleet (copies). */
  public Share share() {
    return new Share(
        counted,
        budgetNowOne,
        budgetsNowDiffer,
        budgeted,
        usageTimes.clone(),
        usages.clone(),
        shortNow.clone(),
        outcomesNow.clone(),
        budgetNow.clone(),
        candidateShortsNow.clone(),
        candidateCountsNow.clone(),
        ownShorts.clone(),
        ownBudgets.clone(),
        ownCandidateShorts.clone(),
        ownCandidateCounts.clone(),
        at,
        below,
        lastMove.equals(Instant.MIN) ? Long.MIN_VALUE : lastMove.getEpochSecond());
  }

  /**
   * Closes the open interval at {@code now} (at or past its end) with the whole fleet's part,
   * {@code fleet} ({@link Share#fleet}), as one price fed every series closes it when a series
   * records at {@code now}: the price then steers on the fleet's sums. Where the replicas steered
   * apart since they last pooled ({@link #closeOwn}), the fleet's sums are first rebuilt from the
   * replicas' own and the price's state taken from the fleet's part. An interval in which the fleet
   * recorded nothing is not closed (as {@link #record} does not close it): each replica keeps its
   * own sums, to be pooled with the next interval's.
   */
  public void closeWith(Instant now, Share fleet) {
    Objects.requireNonNull(now, "now");
    if (tickEnd == null || now.isBefore(tickEnd)) {
      throw new IllegalStateException("the interval ending " + tickEnd + " is open at " + now);
    }
    if (fleet.counted() > 0) {
      foldOwn();
      if (ownSincePooled) {
        at = fleet.level();
        below = fleet.below();
        lastMove =
            fleet.lastMove() == Long.MIN_VALUE
                ? Instant.MIN
                : Instant.ofEpochSecond(fleet.lastMove());
        System.arraycopy(fleet.shortfalls(), 0, shortSums, 0, LEVELS);
        System.arraycopy(fleet.budgets(), 0, budgetSums, 0, LEVELS);
        candidateShorts = fleet.candidateShortfalls();
        candidateCounts = fleet.candidateCounts();
        ownSincePooled = false;
      }
      int n = Math.max(candidateCounts.length, fleet.candidateCountsNow().length);
      n = Math.max(n, fleet.candidateCounts().length);
      candidateShorts = Arrays.copyOf(candidateShorts, n);
      candidateCounts = Arrays.copyOf(candidateCounts, n);
      candidateShortsNow = Arrays.copyOf(fleet.candidateShortfallsNow(), n);
      candidateCountsNow = Arrays.copyOf(fleet.candidateCountsNow(), n);
      System.arraycopy(fleet.shortfallsNow(), 0, shortNow, 0, LEVELS);
      System.arraycopy(fleet.outcomesNow(), 0, outcomesNow, 0, LEVELS);
      System.arraycopy(fleet.budgetsNow(), 0, budgetNow, 0, LEVELS);
      counted = fleet.counted();
      budgeted = fleet.budgeted();
      usage = 0;
      for (double u : fleet.usages()) {
        usage += u;
      }
      close();
    }
    advance(now);
  }

  /**
   * Closes the interval of the fleet's clock that ends at {@code end} between two {@link
   * #closeWith}: on this replica's own sums of the interval and the other replicas' sums as they
   * were pooled last, decayed since. With a memory of days, what the others added in the hour since
   * is a small share of their sums: the price stays close to the fleet's until the next pooling
   * makes it the fleet's again. Nothing is closed before the first pooling.
   */
  public void closeOwn(Instant end) {
    Objects.requireNonNull(end, "end");
    if (!Double.isNaN(anchor)) {
      foldOwn();
      tickEnd = end;
      fold();
      steer();
      ownSincePooled = true;
    }
    tickEnd = end.plus(interval);
  }

  /** Adds the open interval's sums to this replica's own. */
  private void foldOwn() {
    if (ownCandidateCounts.length < candidateCountsNow.length) {
      ownCandidateShorts = Arrays.copyOf(ownCandidateShorts, candidateCountsNow.length);
      ownCandidateCounts = Arrays.copyOf(ownCandidateCounts, candidateCountsNow.length);
    }
    for (int i = 0; i < LEVELS; i++) {
      ownShorts[i] = decay * ownShorts[i] + shortNow[i];
      ownBudgets[i] = decay * ownBudgets[i] + budgetNow[i];
    }
    for (int c = 0; c < ownCandidateCounts.length; c++) {
      boolean open = c < candidateCountsNow.length;
      ownCandidateShorts[c] = decay * ownCandidateShorts[c] + (open ? candidateShortsNow[c] : 0);
      ownCandidateCounts[c] = decay * ownCandidateCounts[c] + (open ? candidateCountsNow[c] : 0);
    }
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
    fold();
    steer();
  }

  /** Adds the open interval's sums to the fleet's, decaying them, and opens the next. */
  private void fold() {
    for (int i = 0; i < LEVELS; i++) {
      shortSums[i] = decay * shortSums[i] + shortNow[i];
      budgetSums[i] = decay * budgetSums[i] + budgetNow[i];
      shortNow[i] = 0;
      budgetNow[i] = 0;
      outcomesNow[i] = 0;
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
    counted = 0;
    budgeted = 0;
    usage = 0;
    budgetNowOne = Double.NaN;
    budgetsNowDiffer = false;
    usageTimes = new long[0];
    usages = new double[0];
  }

  /** Moves the price towards the lowest grid price within budget, once per MOVE_EVERY at most. */
  private void steer() {
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
  }
}
