package org.pae.core.forecast;

import java.time.Instant;
import org.pae.core.model.SeriesKey;

/**
 * A model family that can be shown a whole series before it is fed, sample by sample, to the
 * family's forecasters — as only a replay of a recorded trace can. It may then compute, in a few
 * large batches, what each forecaster would compute at each step, provided every answer is
 * <b>causal</b>: the one given after sample t depends on samples up to t only, and is exactly what
 * the forecaster would have computed without the preview. A forecaster fed anything other than the
 * previewed samples falls back to computing live.
 *
 * <p>The global LSTM uses it: the daemon batches one tick across workloads, while a replay goes
 * workload by workload and batches each workload's steps over time instead.
 */
public interface SeriesPreview {
  /**
   * The samples the forecasters of {@code series} will be fed, in order ({@code values[i]} at
   * {@code times[i]}; a {@code NaN} value is one that will not be fed).
   */
  void preview(SeriesKey series, Instant[] times, double[] values);

  /** Drops what was computed for {@code series}. */
  void forget(SeriesKey series);
}
