package org.pae.store;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The same contract against a real PostgreSQL server: {@code .ci/run} installs Debian's postgresql
 * and creates the role and database (see there). The URL comes from {@code PAE_PG_URL}, by default
 * {@value #DEFAULT_URL}. Without a reachable server the tests are skipped with a message, unless
 * {@code PAE_REQUIRE_POSTGRES} is set (as CI does), when they fail.
 */
class PostgresHistoryStoreTest extends HistoryStoreContract {
  static final String DEFAULT_URL =
      "jdbc:postgresql://localhost:5432/pae_test?user=pae&password=pae";

  private static String url() {
    String env = System.getenv("PAE_PG_URL");
    return env == null || env.isBlank() ? DEFAULT_URL : env;
  }

  @Override
  JdbcHistoryStore open() {
    try (Connection c = DriverManager.getConnection(url());
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS samples, rollups, meta, workloads, operator_state");
    } catch (SQLException e) {
      if (System.getenv("PAE_REQUIRE_POSTGRES") != null) {
        throw new IllegalStateException(
            "PostgreSQL is required here but unreachable at " + url(), e);
      }
      assumeTrue(
          false,
          "no PostgreSQL server at "
              + url()
              + " ("
              + e.getMessage()
              + "); run .ci/run's postgresql lines to test against one");
    }
    return reopen();
  }

  @Override
  JdbcHistoryStore reopen() {
    // The way the daemon opens it: history.location is the URL.
    return JdbcHistoryStore.open(url(), RETENTION);
  }
}
