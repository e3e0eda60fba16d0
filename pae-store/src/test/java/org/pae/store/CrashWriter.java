package org.pae.store;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.pae.core.allocate.Decision;
import org.pae.core.allocate.Reason;
import org.pae.core.allocate.Rule;
import org.pae.core.loop.Plan;
import org.pae.core.model.Resource;
import org.pae.core.model.SeriesKey;
import org.pae.core.model.WorkloadId;

/**
 * The child JVM of {@link CrashSafetyTest}: records tick after tick of {@value #SERIES} series as
 * fast as it can and prints each tick's number once {@code record} returned, until it is killed.
 */
public final class CrashWriter {
  static final int SERIES = 500;
  static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

  private CrashWriter() {}

  public static void main(String[] args) {
    try (JdbcHistoryStore store =
        JdbcHistoryStore.duckdb(Path.of(args[0]), HistoryStoreContract.RETENTION)) {
      for (int tick = 0; ; tick++) {
        List<Decision> decisions = new ArrayList<>(SERIES);
        for (int s = 0; s < SERIES; s++) {
          Reason r =
              new Reason(Rule.WITHIN_BAND, OptionalDouble.of(tick), Optional.empty(), Set.of());
          decisions.add(
              new Decision.Hold(new SeriesKey(WorkloadId.of("w" + s), Resource.MEMORY), tick, r));
        }
        store.record(new Plan(T0.plusSeconds(tick), decisions));
        System.out.println(tick);
        System.out.flush();
      }
    }
  }
}
