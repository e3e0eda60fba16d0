package org.pae.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.pae.core.model.SeriesKey;
import org.pae.core.model.Workload;
import org.pae.core.ports.HistoryStore;
import org.pae.core.ports.past.TrainingHistory;

/**
 * The daemon's history as the learned models read it to retrain: each series' buckets of mean usage
 * (raw samples where still kept, the downsampled ones beyond) put on a regular grid. A store that
 * cannot be read throws its {@link StoreException}.
 */
public record StoreTrainingHistory(HistoryStore store) implements TrainingHistory {
  public StoreTrainingHistory {
    Objects.requireNonNull(store, "store");
  }

  @Override
  public List<Workload> workloads() {
    return store.workloads();
  }

  /**
   * {@inheritDoc} The store's buckets start at multiples of {@code step} since the epoch: a {@code
   * from} that is not one puts each bucket in the element its start falls in.
   */
  @Override
  public double[] usage(SeriesKey series, Instant from, Instant to, Duration step) {
    int n = TrainingHistory.buckets(from, to, step);
    long stepMillis = step.toMillis();
    long fromMillis = from.toEpochMilli();
    double[] out = new double[n];
    Arrays.fill(out, Double.NaN);
    for (HistoryStore.Sample s : store.history(series, from, to, step)) {
      long i = Math.floorDiv(s.time().toEpochMilli() - fromMillis, stepMillis);
      if (i >= 0 && i < n) {
        out[(int) i] = s.usage();
      }
    }
    return out;
  }
}
