package org.pae.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child =
        new ProcessBuilder(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                CrashWriter.class.getName(),
                file.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    int acknowledged = -1;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        acknowledged = Integer.parseInt(line.trim());
        if (acknowledged == 30) {
          // SIGKILL on Linux: no shutdown hook, no close, no checkpoint. The lines the child
          // printed before it died are still read below: they are what it acknowledged.
          child.toHandle().destroyForcibly();
        }
      }
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
    }
    assertThat(acknowledged).as("the writer's acknowledged ticks").isGreaterThanOrEqualTo(30);
    assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);

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
