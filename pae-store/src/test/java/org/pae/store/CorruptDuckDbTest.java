package org.pae.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pae.core.allocate.Decision;
import org.pae.core.allocate.Reason;
import org.pae.core.allocate.Rule;
import org.pae.core.loop.Plan;
import org.pae.core.model.Resource;
import org.pae.core.model.SeriesKey;
import org.pae.core.model.WorkloadId;

/**
 * A DuckDB file or write-ahead log that DuckDB cannot read is renamed beside itself, whole, with a
 * warning, and the store starts without it: never deleted, never silently written over. The files
 * are real: a writer JVM killed with SIGKILL leaves its log, which the tests then damage.
 */
class CorruptDuckDbTest {
  private static final SeriesKey W0 = new SeriesKey(WorkloadId.of("w0"), Resource.MEMORY);

  @TempDir Path dir;
  private final List<String> log = new ArrayList<>();

  @Test
  void aLogTornOnlyByTheKillIsReplayedAndNothingIsSetAside() throws Exception {
    Path file = killedWriter();
    try (JdbcHistoryStore store = JdbcHistoryStore.duckdb(file, HistoryStoreContract.RETENTION)) {
      assertThat(ticks(store)).isGreaterThanOrEqualTo(30);
    }
    assertThat(log).isEmpty();
    assertThat(corrupt()).isEmpty();
  }

  @Test
  void aLogOfGarbageIsSetAsideWholeNotWrittenOver() throws Exception {
    Path file = killedWriter();
    Path wal = wal(file);
    byte[] garbage = new byte[(int) Files.size(wal)];
    new Random(42).nextBytes(garbage);
    Files.write(wal, garbage);

    try (JdbcHistoryStore store = open(file)) {
      assertStarts(store);
    }
    assertThat(Files.readAllBytes(dir.resolve("crash.duckdb.wal.corrupt"))).isEqualTo(garbage);
    assertThat(log)
        .singleElement()
        .asString()
        .startsWith("WARNING history: " + wal)
        .contains("not a DuckDB write-ahead log", "set aside as " + wal + ".corrupt");
  }

  @Test
  void aLogCorruptMidwayIsSetAsideBesideAnEarlierOne() throws Exception {
    Path file = killedWriter();
    Path wal = wal(file);
    byte[] bytes = Files.readAllBytes(wal);
    for (int i = bytes.length / 2; i < bytes.length / 2 + 8; i++) {
      bytes[i] ^= (byte) 0xff;
    }
    Files.write(wal, bytes);
    Path earlier = Files.writeString(dir.resolve("crash.duckdb.wal.corrupt"), "earlier");

    try (JdbcHistoryStore store = open(file)) {
      assertStarts(store);
    }
    assertThat(Files.readString(earlier)).isEqualTo("earlier");
    assertThat(Files.readAllBytes(dir.resolve("crash.duckdb.wal.corrupt.1"))).isEqualTo(bytes);
    assertThat(log)
        .singleElement()
        .asString()
        .contains(wal + " cannot be replayed (Data Corruption Error", "crash.duckdb.wal.corrupt.1");
  }

  @Test
  void aCorruptDatabaseFileIsSetAsideWithItsLog() throws Exception {
    Path file = killedWriter();
    byte[] walBytes = Files.readAllBytes(wal(file));
    byte[] bytes = Files.readAllBytes(file);
    new Random(7).nextBytes(bytes);
    Files.write(file, bytes);

    try (JdbcHistoryStore store = open(file)) {
      assertThat(ticks(store)).as("a fresh history").isZero();
      assertStarts(store);
    }
    assertThat(Files.readAllBytes(dir.resolve("crash.duckdb.corrupt"))).isEqualTo(bytes);
    assertThat(Files.readAllBytes(dir.resolve("crash.duckdb.wal.corrupt"))).isEqualTo(walBytes);
    assertThat(log).hasSize(2);
    assertThat(log.get(0)).contains(file + " is corrupt (", "not a valid DuckDB database file");
    assertThat(log.get(1)).contains("belongs to the corrupt database");
  }

  private Path killedWriter() throws Exception {
    Path file = dir.resolve("crash.duckdb");
    CrashWriter.killedAfter(file, 30);
    assertThat(wal(file)).as("the killed writer's log").isNotEmptyFile();
    return file;
  }

  private JdbcHistoryStore open(Path file) {
    return JdbcHistoryStore.duckdb(file, HistoryStoreContract.RETENTION, log::add);
  }

  private static Path wal(Path file) {
    return Path.of(file + ".wal");
  }

  private List<Path> corrupt() throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().contains(".corrupt")).toList();
    }
  }

  private static long ticks(JdbcHistoryStore store) {
    return store
        .history(W0, CrashWriter.T0, CrashWriter.T0.plus(Duration.ofDays(1)), Duration.ZERO)
        .size();
  }

  /** It records and reads back a tick: the daemon can run on it. */
  private static void assertStarts(JdbcHistoryStore store) {
    long before = ticks(store);
    Reason r = new Reason(Rule.WITHIN_BAND, OptionalDouble.of(1), Optional.empty(), Set.of());
    store.record(
        new Plan(CrashWriter.T0.plusSeconds(86_000), List.of(new Decision.Hold(W0, 2, r))));
    assertThat(ticks(store)).isEqualTo(before + 1);
  }
}
