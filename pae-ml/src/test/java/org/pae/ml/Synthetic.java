package org.pae.ml;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.pae.core.model.AccountId;
import org.pae.core.model.WorkloadId;

/** Seeded synthetic fleets for the learned models' tests. */
public final class Synthetic {
  public static final Instant MONDAY = Instant.parse("2026-11-02T00:00:00Z");

  private Synthetic() {}

  /**
   * {@code count} hourly series of {@code length} samples: a daily cycle (peak in the afternoon) of
   * per-series level and amplitude, plus 5 % noise.
   */
  public static List<UsageSeries> daily(int count, int length, long seed) {
    Random r = new Random(seed);
    List<UsageSeries> out = new ArrayList<>();
    for (int s = 0; s < count; s++) {
      double level = 50 + 950 * r.nextDouble();
      double amplitude = 0.3 + 0.5 * r.nextDouble();
      double[] v = new double[length];
      for (int i = 0; i < length; i++) {
        double cycle = Math.sin(2 * Math.PI * (i % 24 - 8) / 24.0);
        v[i] = level * (1 + amplitude * cycle) * (1 + 0.05 * r.nextGaussian());
        v[i] = Math.max(0, v[i]);
      }
      out.add(
          new UsageSeries(
              WorkloadId.of("vm-" + s),
              AccountId.DEFAULT,
              Set.of(),
              MONDAY,
              Duration.ofHours(1),
              v));
    }
    return out;
  }
}
