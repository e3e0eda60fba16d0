package org.pae.core.ports;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.pae.core.loop.Plan;
import org.pae.core.model.SeriesKey;
import org.pae.core.model.Workload;

/**
 * Where the engine's history goes: every tick's usage and allocation per series, kept raw for hours
 * and downsampled for weeks, beside what is known of each workload (its program code, account,
 * parent). The daemon writes it each tick; the API reads it back at the resolution a chart needs; a
 * restarting daemon replays its recent past to warm its forecasters.
 *
 * <p>A {@link #record} that returned is durable: a crash loses at most the tick being written.
 */
public interface HistoryStore extends AutoCloseable {
  /** Records or updates a workload's metadata (kind, parent, program code, account). */
  void describe(Workload workload);

  /** Every workload described so far. */
  List<Workload> workloads();

  /**
   * Records one tick: per decision, the usage seen (if any), the allocation, the rule, and whether
   * the sample was held out of the forecasts as anomalous.
   */
  void record(Plan plan);

  /**
   * The history of one series between {@code from} (inclusive) and {@code to} (exclusive), oldest
   * first. {@code step} zero asks for the raw samples (only as far back as they are kept); a
   * positive step returns one sample per step-aligned bucket, from raw samples where they are still
   * kept and from the downsampled ones beyond.
   */
  List<Sample> history(SeriesKey series, Instant from, Instant to, Duration step);

  /**
   * The raw samples of one series between {@code from} (inclusive) and {@code to} (exclusive),
   * oldest first, less those the anomaly watch held out of the forecasts (cap {@code
   * ANOMALY_HELD_OUT}): what a forecaster refits on. A store that does not keep which were held out
   * answers every raw sample.
   */
  default List<Sample> usualHistory(SeriesKey series, Instant from, Instant to) {
    return history(series, from, to, Duration.ZERO);
  }

  /**
   * Applies retention at {@code now}: downsamples the raw samples of every completed bucket, then
   * drops raw samples and downsampled ones older than their retention, and the metadata of
   * workloads with no history left.
   */
  void retain(Instant now);

  @Override
  void close();

  /**
   * One point of a series' history.
   *
   * @param time the sample's time, or the start of its bucket
   * @param usage the mean usage (NaN when nothing was read in that time)
   * @param peak the highest usage (NaN likewise)
   * @param allocation the mean allocation
   * @param samples how many raw samples it stands for
   */
  record Sample(Instant time, double usage, double peak, double allocation, long samples) {
    public Sample {
      java.util.Objects.requireNonNull(time, "time");
      if (samples < 1) {
        throw new IllegalArgumentException("a sample stands for at least one reading: " + samples);
      }
    }
  }

  /**
   * How long each resolution is kept.
   *
   * @param raw how long raw samples are kept
   * @param step the bucket of the downsampled history
   * @param downsampled how long downsampled buckets are kept
   */
  record Retention(Duration raw, Duration step, Duration downsampled) {
    public Retention {
      if (raw.isNegative() || raw.isZero()) {
        throw new IllegalArgumentException("history.raw-retention must be positive: " + raw);
      }
      if (step.isNegative() || step.isZero()) {
        throw new IllegalArgumentException("history.step must be positive: " + step);
      }
      if (downsampled.compareTo(raw) < 0) {
        throw new IllegalArgumentException(
            "history.downsampled-retention ("
                + downsampled
                + ") must be at least history.raw-retention ("
                + raw
                + ")");
      }
    }
  }
}
