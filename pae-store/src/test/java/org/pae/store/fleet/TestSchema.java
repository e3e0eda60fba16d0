package org.pae.store.fleet;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A schema of one test's own in the real PostgreSQL server {@code .ci/run} starts (database {@code
 * pae_test}, or {@code PAE_PG_URL}), dropped with everything in it on {@link #close}, so that tests
 * on one database never see each other's fleet tables. Without a server the test is skipped with a
 * message, unless {@code PAE_REQUIRE_POSTGRES} is set (as CI does), when it fails.
 */
public final class TestSchema implements AutoCloseable {
  public static final String DEFAULT_URL =
      "jdbc:postgresql://localhost:5432/pae_test?user=pae&password=pae";

  private final String name;

  private TestSchema(String name) {
    this.name = name;
  }

  /** The database's URL. */
  public static String url() {
    String env = System.getenv("PAE_PG_URL");
    return env == null || env.isBlank() ? DEFAULT_URL : env;
  }

  /** A fresh schema named {@code prefix} and a random suffix. */
  public static TestSchema create(String prefix) {
    String name = prefix + "_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 8);
    try (Connection c = DriverManager.getConnection(url());
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + name);
    } catch (SQLException e) {
      if (System.getenv("PAE_REQUIRE_POSTGRES") != null) {
        throw new IllegalStateException(
            "PostgreSQL is required here but unreachable at " + url(), e);
      }
      assumeTrue(false, "no PostgreSQL server at " + url() + " (" + e.getMessage() + ")");
    }
    return new TestSchema(name);
  }

  public String name() {
    return name;
  }

  /** {@code url} (the database's, or one through a relay) with this schema as the current one. */
  public String in(String url) {
    return url + "&currentSchema=" + name;
  }

  @Override
  public void close() throws SQLException {
    try (Connection c = DriverManager.getConnection(url());
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
    }
  }
}
