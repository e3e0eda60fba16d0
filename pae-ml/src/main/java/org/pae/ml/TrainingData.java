package org.pae.ml;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.pae.core.model.Resource;
import org.pae.core.model.SeriesKey;
import org.pae.core.model.Workload;
import org.pae.core.ports.past.TrainingHistory;

/** What a learned model retrains on: the engine's history read back as {@link UsageSeries}. */
public final class TrainingData {
  private TrainingData() {}

  /**
   * Every series of {@code resources} with at least one sample in the {@code span} before {@code
   * now}, on a grid of {@code step} aligned to the epoch, up to the last whole step before {@code
   * now} (the bucket still filling is left out).
   */
  public static List<UsageSeries> read(
      TrainingHistory history, Instant now, Duration span, Duration step, Set<Resource> resources) {
    long s = step.toMillis();
    Instant to = Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), s) * s);
    Instant from = to.minus(span);
    List<UsageSeries> out = new ArrayList<>();
    for (Workload w : history.workloads()) {
      for (Resource r : resources) {
        double[] v = history.usage(new SeriesKey(w.id(), r), from, to, step);
        for (double x : v) {
          if (!Double.isNaN(x)) {
            out.add(new UsageSeries(w.id(), w.account(), Features.of(w), from, step, v));
            break;
          }
        }
      }
    }
    return out;
  }
}
