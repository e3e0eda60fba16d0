package org.pae.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pae.core.ports.HistoryStore.Sample;

/**
 * The PostgreSQL history while the server restarts under it ({@code pg_ctlcluster VERSION CLUSTER
 * restart}, which needs root): every tick acknowledged before is there after, a tick the store
 * could not write fails with a message saying the connection was lost, and the store connects again
 * by itself. It restarts the server once, on its own database ({@value #DEFAULT_URL}, made by
 * {@code .ci/run}; {@code PAE_PG_RESTART_URL} names another), so that tests on other databases see
 * at most one dropped connection. Skipped with a message where there is no server, no {@code
 * pg_ctlcluster} or no root, unless {@code PAE_REQUIRE_POSTGRES} is set (as CI does), when it
 * fails.
 */
class PostgresRestartTest {
  static final String DEFAULT_URL =
      "jdbc:postgresql://localhost:5432/pae_restart_test?user=pae&password=pae";

  /** Ticks the store gets after the restart: the first may fail, the rest must not. */
  private static final int AFTER = 5;

  private static String url() {
    String env = System.getenv("PAE_PG_RESTART_URL");
    return env == null || env.isBlank() ? DEFAULT_URL : env;
  }

  private static void require(boolean condition, String why) {
    if (!condition && System.getenv("PAE_REQUIRE_POSTGRES") != null) {
      throw new IllegalStateException("PostgreSQL restarts are required here: " + why);
    }
    assumeTrue(condition, why);
  }

  @Test
  void aServerRestartLosesNoAcknowledgedTickAndTheStoreConnectsAgain() throws Exception {
    require(
        "root".equals(System.getProperty("user.name")),
        "restarting PostgreSQL takes root (pg_ctlcluster); running as "
            + System.getProperty("user.name"));
    String cluster = cluster();
    try (Connection c = DriverManager.getConnection(url());
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS samples, rollups, meta, workloads, operator_state");
    } catch (SQLException e) {
      require(
          false, "no PostgreSQL database at " + url() + " (" + e.getMessage() + "); run .ci/run");
    }

    List<Integer> acknowledged = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    try (JdbcHistoryStore store = JdbcHistoryStore.open(url(), HistoryStoreContract.RETENTION)) {
      store.put("account", "acme", Optional.of("{\"quotas\":{\"memory\":1.0E9}}"));
      for (int t = 0; t < 10; t++) {
        store.record(HistoryStoreContract.tick(at(t), t, 100));
        acknowledged.add(t);
      }
      run("pg_ctlcluster", cluster.split(" ")[0], cluster.split(" ")[1], "restart");
      // pg_ctlcluster returns once the server takes connections again.
      for (int t = 10; acknowledged.size() < 10 + AFTER && t < 10 + 3 * AFTER; t++) {
        try {
          store.record(HistoryStoreContract.tick(at(t), t, 100));
          acknowledged.add(t);
        } catch (StoreException e) {
          refused.add(e.getMessage());
        }
      }
      assertThat(acknowledged)
          .as("ticks acknowledged after the restart; refused: %s", refused)
          .hasSize(10 + AFTER);
      assertThat(refused)
          .as("a tick lost with the connection says so")
          .hasSizeLessThanOrEqualTo(1)
          .allSatisfy(m -> assertThat(m).contains("the connection to the database is lost"));
      assertThat(store.all().get("account")).containsKey("acme");
    }

    try (JdbcHistoryStore again = JdbcHistoryStore.open(url(), HistoryStoreContract.RETENTION)) {
      List<Integer> stored = new ArrayList<>();
      for (Sample s :
          again.history(HistoryStoreContract.VM_MEMORY, at(0), at(100), Duration.ZERO)) {
        stored.add((int) s.usage());
      }
      assertThat(stored).as("every acknowledged tick, once").isEqualTo(acknowledged);
      assertThat(again.all())
          .isEqualTo(Map.of("account", Map.of("acme", "{\"quotas\":{\"memory\":1.0E9}}")));
    }
  }

  private static Instant at(int tick) {
    return HistoryStoreContract.T0.plusSeconds(10L * tick);
  }

  /** {@code VERSION CLUSTER} of the cluster on the URL's port, from {@code pg_lsclusters}. */
  private static String cluster() throws Exception {
    String port = url().replaceFirst("^jdbc:postgresql://[^:/]+:?(\\d*)/.*$", "$1");
    String listed;
    try {
      listed = run("pg_lsclusters", "-h");
    } catch (IOException e) {
      require(false, "no pg_lsclusters here (" + e.getMessage() + "); run .ci/run");
      throw e;
    }
    for (String line : listed.lines().toList()) {
      String[] f = line.trim().split("\\s+");
      if (f.length > 3 && f[2].equals(port.isEmpty() ? "5432" : port) && f[3].equals("online")) {
        return f[0] + " " + f[1];
      }
    }
    require(false, "no PostgreSQL cluster online on port " + port + ": " + listed);
    throw new IllegalStateException(listed);
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = p.waitFor();
    if (exit != 0) {
      throw new IllegalStateException(String.join(" ", command) + " exited " + exit + ": " + out);
    }
    return out;
  }
}
