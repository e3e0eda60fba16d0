package org.pae.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.pae.core.model.SeriesKey;
import org.pae.core.ports.HistoryStore;
import org.pae.core.ports.past.PastSource;

/**
 * The daemon's history as its forecasters read their refit windows from it ({@link PastSource}), so
 * that a series keeps only the few samples its models look back to between refits: the raw samples
 * the store still keeps ({@code history.raw-retention}), those whose usage was not read and those
 * the anomaly watch held out of the forecasts ({@link HistoryStore#usualHistory}) left out. A store
 * that cannot be read answers an empty window, so the refit waits for its next slot and the models
 * keep forecasting as they are; the reason goes to {@code log}.
 */
public final class StorePast implements PastSource {
  private final HistoryStore store;
  private final Duration interval;
  private final Consumer<String> log;

  /**
   * @param store the daemon's history
   * @param interval the loop's interval: a window of n samples is looked for in the last 2n + 2
   *     intervals (ticks without a reading are left out)
   * @param log where a failed read is reported
   */
  public StorePast(HistoryStore store, Duration interval, Consumer<String> log) {
    this.store = Objects.requireNonNull(store, "store");
    this.interval = Objects.requireNonNull(interval, "interval");
    this.log = Objects.requireNonNull(log, "log");
    if (interval.isZero() || interval.isNegative()) {
      throw new IllegalArgumentException("the loop's interval must be positive: " + interval);
    }
  }

  @Override
  public Window latest(SeriesKey series, Instant until, int count) {
    if (count <= 0) {
      return new Window(new long[0], new double[0]);
    }
    List<HistoryStore.Sample> raw;
    try {
      raw =
          store.usualHistory(
              series, until.minus(interval.multipliedBy(2L * count + 2)), until.plusMillis(1));
    } catch (StoreException e) {
      log.accept(
          "cannot read the refit window of "
              + series
              + " ("
              + e.getMessage()
              + "); its models refit at their next slot");
      return new Window(new long[0], new double[0]);
    }
    Deque<HistoryStore.Sample> latest = new ArrayDeque<>(count);
    for (HistoryStore.Sample s : raw) {
      if (Double.isNaN(s.usage())) {
        continue;
      }
      if (latest.size() == count) {
        latest.removeFirst();
      }
      latest.addLast(s);
    }
    long[] times = new long[latest.size()];
    double[] values = new double[latest.size()];
    int i = 0;
    for (HistoryStore.Sample s : latest) {
      times[i] = s.time().toEpochMilli();
      values[i++] = s.usage();
    }
    return new Window(times, values);
  }
}
