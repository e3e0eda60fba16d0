package org.pae.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.pae.core.ports.HistoryStore;
import org.pae.core.ports.past.HistoryParts;

/**
 * A history store as history to train on ({@code pae train --store}): one part, the store's every
 * series over the {@code span} before {@code now}, read through {@link StoreTrainingHistory} as a
 * daemon's retraining reads it. The store is opened when the part is, wherever that is (a Spark
 * task opens it from this value), and closed with it.
 *
 * @param location a DuckDB file or a {@code jdbc:postgresql:} URL, as {@link JdbcHistoryStore#open}
 *     takes it
 * @param raw the store's {@code history.raw-retention}
 * @param step its {@code history.step}
 * @param downsampled its {@code history.downsampled-retention}
 */
public record StoreParts(
    String location, Duration raw, Duration step, Duration downsampled, Instant now, Duration span)
    implements HistoryParts {
  private static final long serialVersionUID = 1L;

  public StoreParts {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(now, "now");
    new HistoryStore.Retention(raw, step, downsampled);
    if (span.isNegative() || span.isZero()) {
      throw new IllegalArgumentException("--history must be positive: " + span);
    }
  }

  /** Over the history {@code retention} keeps. */
  public static StoreParts of(
      String location, HistoryStore.Retention retention, Instant now, Duration span) {
    return new StoreParts(
        location, retention.raw(), retention.step(), retention.downsampled(), now, span);
  }

  @Override
  public int parts() {
    return 1;
  }

  @Override
  public Part open(int index) {
    if (index != 0) {
      throw new IllegalArgumentException("a store is one part; no part " + index);
    }
    JdbcHistoryStore store =
        JdbcHistoryStore.open(location, new HistoryStore.Retention(raw, step, downsampled));
    return new Part(new StoreTrainingHistory(store), now.minus(span), now, store::close);
  }
}
