package org.pae.server.state;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.pae.core.model.SeriesKey;

/** Where the API reads past usage and allocations: the daemon's store, or recent memory. */
public interface HistorySource {
  /**
   * Buckets of {@code step} from {@code from} (inclusive) to {@code to} (exclusive), oldest first.
   */
  List<HistoryPoint> history(SeriesKey series, Instant from, Instant to, Duration step);
}
