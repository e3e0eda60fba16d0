package org.pae.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pae.core.loop.LoopBounds;
import org.pae.core.loop.Steering;
import org.pae.core.model.AccountId;
import org.pae.core.model.Resource;
import org.pae.core.model.WorkloadId;
import org.pae.core.ports.HistoryStore;
import org.pae.server.steer.Directives;
import org.pae.server.steer.LiveSteering;
import org.pae.server.steer.NotSavedException;
import org.pae.store.JdbcHistoryStore;

/**
 * Steering over the real DuckDB store: a change is kept where it was saved, and one the store
 * cannot take (here the store has gone away under it) is refused and changes nothing.
 */
class SteeringStoreFailureTest {
  private static final HistoryStore.Retention RETENTION =
      new HistoryStore.Retention(Duration.ofHours(1), Duration.ofMinutes(1), Duration.ofDays(1));
  private static final AccountId ACME = new AccountId("acme");
  private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");

  @TempDir Path dir;

  private static Steering base() {
    Map<Resource, LoopBounds> s = new EnumMap<>(Resource.class);
    for (Resource r : Resource.values()) {
      s.put(r, LoopBounds.DEFAULTS);
    }
    return Steering.uniform(s, Map.of());
  }

  @Test
  void aChangeTheStoreCannotTakeIsNotApplied() {
    Path file = dir.resolve("history.duckdb");
    JdbcHistoryStore store = JdbcHistoryStore.duckdb(file, RETENTION);
    LiveSteering s = LiveSteering.restored(base(), store, m -> {});
    s.setQuotas(ACME, Map.of(Resource.MEMORY, 4e9));
    store.close();
    long version = s.version();
    assertThatThrownBy(() -> s.setQuotas(ACME, Map.of(Resource.MEMORY, 1e9)))
        .isInstanceOf(NotSavedException.class)
        .hasMessageContaining("nothing changed");
    assertThatThrownBy(
            () ->
                s.change(
                    WorkloadId.of("w"),
                    NOW,
                    d -> d.paused(Optional.of(new Directives.Pause(Optional.empty())))))
        .isInstanceOf(NotSavedException.class);
    assertThat(s.account(ACME).orElseThrow().quota(Resource.MEMORY)).contains(4e9);
    assertThat(s.directives(WorkloadId.of("w")).isEmpty()).isTrue();
    assertThat(s.version()).isEqualTo(version);

    try (JdbcHistoryStore again = JdbcHistoryStore.duckdb(file, RETENTION)) {
      LiveSteering restored = LiveSteering.restored(base(), again, m -> {});
      assertThat(restored.account(ACME).orElseThrow().quota(Resource.MEMORY)).contains(4e9);
    }
  }
}
