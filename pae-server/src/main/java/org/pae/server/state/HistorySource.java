package org.pae.server.state;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.pae.core.model.SeriesKey;
import org.pae.core.ports.HistoryStore;

/**
 * Where the API reads past usage and allocations: the daemon's {@link HistoryStore} ({@code
 * store::history}), or recent memory.
 */
@FunctionalInterface
public interface HistorySource {
  /**
   * Buckets of {@code step} from {@code from} (inclusive) to {@code to} (exclusive), oldest first.
   */
  List<HistoryStore.Sample> history(SeriesKey series, Instant from, Instant to, Duration step);
}
