package org.pae.core.ports.past;

import java.time.Instant;
import org.pae.core.model.SeriesKey;

/**
 * A series' recent samples as recorded outside the forecaster, read when a model refits instead of
 * kept in every series' state (longer history belongs in the store). Implemented at the edges: the
 * replay over the trace it holds in memory, the forecast evaluation over the series it scores. The
 * caller says up to when: an implementation answers from samples at or before that time only.
 */
@FunctionalInterface
public interface PastSource {
  /**
   * The latest {@code count} (or fewer, where fewer were recorded) measured samples of {@code
   * series} taken at or before {@code until}, oldest first; samples that were not measured (NaN)
   * are left out.
   */
  Window latest(SeriesKey series, Instant until, int count);

  /**
   * Samples in time order, {@code values[i]} taken at {@code epochMillis[i]}. The arrays are the
   * window's own: the caller may keep them, the source does not change them.
   */
  record Window(long[] epochMillis, double[] values) {
    public Window {
      if (epochMillis.length != values.length) {
        throw new IllegalArgumentException(
            "a window needs one time per value: "
                + epochMillis.length
                + " times, "
                + values.length
                + " values");
      }
    }

    public int size() {
      return values.length;
    }
  }
}
