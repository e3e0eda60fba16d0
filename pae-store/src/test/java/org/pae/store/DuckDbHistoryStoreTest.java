package org.pae.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pae.core.ports.HistoryStore.Sample;

class DuckDbHistoryStoreTest extends HistoryStoreContract {
  @TempDir Path dir;
  private int opened;

  @Override
  JdbcHistoryStore open() {
    return JdbcHistoryStore.duckdb(dir.resolve("history-" + opened++ + ".duckdb"), RETENTION);
  }

  @Override
  JdbcHistoryStore reopen() {
    return JdbcHistoryStore.duckdb(dir.resolve("history-" + (opened - 1) + ".duckdb"), RETENTION);
  }

  /** Issue 17: a history written before samples kept whether they were held out opens as usual. */
  @Test
  void aStoreWrittenBeforeTheHeldOutColumnOpensAndItsSamplesAreUsual() throws Exception {
    Path file = dir.resolve("old.duckdb");
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:" + file);
        Statement s = db.createStatement()) {
      s.execute(
          "CREATE TABLE samples (ts BIGINT NOT NULL, workload VARCHAR NOT NULL, resource VARCHAR"
              + " NOT NULL, used DOUBLE, alloc DOUBLE NOT NULL, rule VARCHAR NOT NULL)");
      s.execute(
          "INSERT INTO samples VALUES ("
              + T0.toEpochMilli()
              + ", 'vm1', 'memory', 7, 9, 'WITHIN_BAND')");
    }
    try (JdbcHistoryStore store = JdbcHistoryStore.duckdb(file, RETENTION)) {
      store.record(tick(T0.plusSeconds(5), 8, 9));
      assertThat(store.usualHistory(VM_MEMORY, T0, T0.plusSeconds(10)))
          .extracting(Sample::usage)
          .containsExactly(7.0, 8.0);
    }
  }

  @Test
  void survivesAReopenWithItsRollupMark() {
    Path file = dir.resolve("nested/dir/history.duckdb");
    try (JdbcHistoryStore store = JdbcHistoryStore.duckdb(file, RETENTION)) {
      for (int i = 0; i < 12; i++) {
        store.record(tick(T0.plusSeconds(10L * i), 5, 10));
      }
      store.retain(T0.plusSeconds(60));
    }
    try (JdbcHistoryStore store = JdbcHistoryStore.duckdb(file, RETENTION)) {
      store.retain(T0.plusSeconds(120));
      assertThat(
              store.history(VM_MEMORY, T0, T0.plusSeconds(120), Duration.ofMinutes(1)).stream()
                  .mapToLong(s -> s.samples())
                  .sum())
          .as("the first minute is rolled up once, not again after the reopen")
          .isEqualTo(12);
    }
  }
}
