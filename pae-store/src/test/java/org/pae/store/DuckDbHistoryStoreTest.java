package org.pae.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
