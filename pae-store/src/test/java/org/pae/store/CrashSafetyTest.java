package org.pae.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pae.core.model.Resource;
import org.pae.core.model.SeriesKey;
import org.pae.core.model.WorkloadId;
import org.pae.core.ports.HistoryStore.Sample;

/**
 * A {@code kill -9} of a JVM in the middle of its writes loses at most the tick it was writing:
 * every tick it had finished is there, whole, and no tick is there in part.
 */
class CrashSafetyTest {
  @TempDir Path dir;

  @Test
  void aKilledWriterLosesAtMostTheTickInFlight() throws Exception {
    Path file = dir.resolve("crash.duckdb");
    int acknowledged = CrashWriter.killedAfter(file, 30);

    try (JdbcHistoryStore store = JdbcHistoryStore.duckdb(file, HistoryStoreContract.RETENTION)) {
      Map<Long, Long> rowsPerTick = new HashMap<>();
      for (int s = 0; s < CrashWriter.SERIES; s++) {
        for (Sample sample :
            store.history(
                new SeriesKey(WorkloadId.of("w" + s), Resource.MEMORY),
                CrashWriter.T0,
                CrashWriter.T0.plus(Duration.ofDays(1)),
                Duration.ZERO)) {
          rowsPerTick.merge((long) sample.usage(), 1L, Long::sum);
        }
      }
      int last = acknowledged;
      assertThat(rowsPerTick.keySet())
          .as("every acknowledged tick survives; at most the one in flight beyond it")
          .containsAll(LongStream.rangeClosed(0, last).boxed().toList());
      assertThat(rowsPerTick.keySet()).allMatch(t -> t <= last + 1);
      assertThat(rowsPerTick.values())
          .as("no tick survives in part")
          .allMatch(n -> n == CrashWriter.SERIES);
    }
  }
}
