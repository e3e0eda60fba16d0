package org.pae.core.ports.past;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.pae.core.model.SeriesKey;
import org.pae.core.model.Workload;

/**
 * What a {@link org.pae.core.forecast.Learner} reads to retrain: the usage of each series over a
 * window, on a regular grid. The daemon serves it from its {@link HistoryStore}.
 */
public interface TrainingHistory {
  /** Every workload with history, as last described. */
  List<Workload> workloads();

  /**
   * The mean usage of {@code series} in each {@code step} from {@code from} (inclusive) to {@code
   * to} (exclusive): element i is the bucket starting at {@code from + i × step}, {@code NaN} where
   * nothing was read (or nothing is kept any more).
   */
  double[] usage(SeriesKey series, Instant from, Instant to, Duration step);

  /**
   * How many buckets of {@code step} a window from {@code from} to {@code to} holds, the last one
   * possibly cut short.
   *
   * @throws IllegalArgumentException when the window is empty or the step not positive
   */
  static int buckets(Instant from, Instant to, Duration step) {
    if (step.isZero() || step.isNegative() || !from.isBefore(to)) {
      throw new IllegalArgumentException(
          "a training window needs from < to and a positive step: "
              + from
              + ", "
              + to
              + ", "
              + step);
    }
    return (int) Math.ceilDiv(to.toEpochMilli() - from.toEpochMilli(), step.toMillis());
  }
}
