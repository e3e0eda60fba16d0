package org.pae.sim.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Objects;
import org.pae.core.allocate.AllocationPolicy;
import org.pae.core.allocate.Evidence;
import org.pae.core.allocate.Outlook;
import org.pae.core.allocate.Proposal;
import org.pae.core.allocate.Rule;
import org.pae.core.allocate.SeriesPolicy;
import org.pae.core.model.Resource;
import org.pae.core.model.Workload;
import org.pae.sim.replay.TraceView;

/**
 * The histogram recommenders of BENCHMARKS §1: {@code vpa} (the Kubernetes VPA recommender) and
 * {@code autopilot} (Google Autopilot's moving window). A percentile of a {@link DecayingHistogram}
 * of usage samples, times (1 + margin), recomputed every {@code recompute} of trace time (first at
 * the workload's first step) and applied only when it moves the allocation by more than {@code
 * minChange} of it. With {@code memoryPeaks}, memory feeds the histogram one peak per 24-hour
 * window instead of every sample, and only the last 8 windows count (VPA's memory aggregation: each
 * window's peak weighted at the window's end). CPU, disk and network always use every sample.
 */
public final class HistogramPolicy implements AllocationPolicy {
  /** VPA aggregates memory in 24-hour windows. */
  static final long PEAK_WINDOW_SECONDS = 86_400;

  /** VPA keeps 8 memory windows. */
  static final int PEAK_WINDOWS = 8;

  /**
   * One recommender's constants.
   *
   * @param name its name in decisions
   * @param cpuPercentile the percentile for CPU (and disk, network)
   * @param cpuHalfLife the half-life of CPU samples' weight
   * @param memoryPercentile the percentile for memory
   * @param memoryHalfLife the half-life of memory samples' (or peaks') weight
   * @param memoryPeaks whether memory feeds daily peaks (VPA) rather than every sample
   * @param margin the safety margin added to the percentile
   * @param recompute how often the recommendation is recomputed
   * @param minChange applied only when it moves the allocation by more than this share
   */
  public record Config(
      String name,
      double cpuPercentile,
      Duration cpuHalfLife,
      double memoryPercentile,
      Duration memoryHalfLife,
      boolean memoryPeaks,
      double margin,
      Duration recompute,
      double minChange) {
    public Config {
      Objects.requireNonNull(name, "name");
      check(cpuPercentile > 0 && cpuPercentile <= 1, "cpu-percentile", cpuPercentile);
      check(memoryPercentile > 0 && memoryPercentile <= 1, "memory-percentile", memoryPercentile);
      check(cpuHalfLife.toSeconds() > 0, "cpu-half-life", cpuHalfLife);
      check(memoryHalfLife.toSeconds() > 0, "memory-half-life", memoryHalfLife);
      check(margin >= 0, "margin", margin);
      check(!recompute.isNegative(), "recompute", recompute);
      check(minChange >= 0, "min-change", minChange);
    }

    private static void check(boolean ok, String key, Object value) {
      if (!ok) {
        throw new IllegalArgumentException(key + " = " + value + " is out of range");
      }
    }
  }

  /**
   * VPA: P90 (CPU and memory) of a histogram with half-life 24 h, +15 %, memory as one peak per 24
   * h over the last 8 days, recomputed hourly, applied on a move of more than 10 %.
   */
  public static final Config VPA =
      new Config(
          "vpa",
          0.9,
          Duration.ofHours(24),
          0.9,
          Duration.ofHours(24),
          true,
          0.15,
          Duration.ofHours(1),
          0.1);

  /**
   * Autopilot: CPU P95 with half-life 12 h, memory P98 with half-life 48 h (every sample), +10 %,
   * recomputed hourly, applied on a move of more than 10 %.
   */
  public static final Config AUTOPILOT =
      new Config(
          "autopilot",
          0.95,
          Duration.ofHours(12),
          0.98,
          Duration.ofHours(48),
          false,
          0.10,
          Duration.ofHours(1),
          0.1);

  private final Config config;
  private final TraceView view;

  public HistogramPolicy(Config config, TraceView view) {
    this.config = Objects.requireNonNull(config, "config");
    this.view = Objects.requireNonNull(view, "view");
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public SeriesPolicy open(Workload workload, Resource resource) {
    double first = view.unit(workload.id(), resource).firstBucket();
    boolean memory = resource == Resource.MEMORY;
    return new Series(
        config,
        new DecayingHistogram(first, memory ? config.memoryHalfLife() : config.cpuHalfLife()),
        memory ? config.memoryPercentile() : config.cpuPercentile(),
        memory && config.memoryPeaks());
  }

  private static final class Series implements SeriesPolicy {
    private final Config config;
    private final DecayingHistogram histogram;
    private final double percentile;
    private final boolean peaks;
    private final ArrayDeque<double[]> windows = new ArrayDeque<>();
    private long windowEnd = Long.MIN_VALUE;
    private Instant lastRecompute;

    Series(Config config, DecayingHistogram histogram, double percentile, boolean peaks) {
      this.config = config;
      this.histogram = histogram;
      this.percentile = percentile;
      this.peaks = peaks;
    }

    @Override
    public void observe(Instant now, double usage) {
      long t = now.getEpochSecond();
      if (!peaks) {
        histogram.add(usage, t);
        return;
      }
      if (windowEnd == Long.MIN_VALUE) {
        windowEnd = t;
      }
      if (t < windowEnd) {
        double[] current = windows.peekLast();
        if (usage > current[1]) {
          current[1] = usage;
        }
        return;
      }
      long behind = t - windowEnd;
      windowEnd += behind - behind % PEAK_WINDOW_SECONDS + PEAK_WINDOW_SECONDS;
      windows.addLast(new double[] {windowEnd, usage});
      while (windows.size() > PEAK_WINDOWS) {
        windows.removeFirst();
      }
    }

    @Override
    public Proposal propose(Instant now, double usage, double allocated, Outlook outlook) {
      if (lastRecompute != null && now.isBefore(lastRecompute.plus(config.recompute()))) {
        return Proposal.hold(Rule.POLICY_HOLD, null);
      }
      lastRecompute = now;
      if (peaks) {
        histogram.clear();
        for (double[] w : windows) {
          histogram.add(w[1], (long) w[0]);
        }
      }
      double p = histogram.percentile(percentile);
      double target = p * (1 + config.margin());
      Evidence evidence = new Evidence(config.name(), outlook.horizon(), percentile, p);
      if (Math.abs(target - allocated) > config.minChange() * allocated) {
        return Proposal.resize(target, Rule.RECOMPUTED, evidence);
      }
      return Proposal.hold(Rule.POLICY_HOLD, evidence);
    }
  }
}
