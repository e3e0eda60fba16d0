package org.pae.store.fleet;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.pae.core.fleet.FleetModels;
import org.pae.core.fleet.FleetUnavailable;
import org.pae.core.model.Resource;
import org.pae.store.Credentials;
import org.pae.store.WorkloadColumns;

/**
 * The fleet's learned models in PostgreSQL, beside its shares: {@code fleet_models} (one row per
 * published version: who trained it, when, over what, its files' archive and checksum; the {@value
 * #KEPT} newest of each model are kept), {@code fleet_training} (one row per host, model, workload
 * and resource: the series uploaded for training) and {@code fleet_model_turns} (per model, the
 * host that took the last training turn and when, by the server's clock).
 *
 * <p>Each call is one transaction at READ COMMITTED; a claim and a publication first take a
 * transaction-scoped advisory lock on the model, so two hosts never take the same turn nor publish
 * the same version number. A failed statement closes the connection; the next call connects again.
 */
final class PostgresFleetModels implements FleetModels {
  /** How many versions of each model the store keeps. */
  static final int KEPT = 5;

  private static final String[] TABLES = {
    "CREATE TABLE IF NOT EXISTS fleet_models (model text NOT NULL, version bigint NOT NULL,"
        + " host text NOT NULL, trained_at timestamptz NOT NULL, span_ms bigint NOT NULL,"
        + " series integer NOT NULL, files bytea NOT NULL, checksum text NOT NULL,"
        + " published_at timestamptz NOT NULL, PRIMARY KEY (model, version))",
    "CREATE TABLE IF NOT EXISTS fleet_training (model text NOT NULL, host text NOT NULL,"
        + " resource text NOT NULL, workload text NOT NULL, kind text NOT NULL, parent text,"
        + " program text NOT NULL, dependencies text NOT NULL, patterns text NOT NULL,"
        + " account text NOT NULL, criticality text NOT NULL, start timestamptz NOT NULL,"
        + " step_ms bigint NOT NULL, usage bytea NOT NULL, uploaded_at timestamptz NOT NULL,"
        + " PRIMARY KEY (model, host, workload, resource))",
    "CREATE TABLE IF NOT EXISTS fleet_model_turns (model text PRIMARY KEY, host text NOT NULL,"
        + " claimed_at timestamptz NOT NULL)"
  };

  private final String url;
  private final Properties properties;
  private Connection db;
  private String schema;

  PostgresFleetModels(String url, Properties properties) {
    this.url = url;
    this.properties = properties;
  }

  /** A statement's work in one transaction, on the connection. */
  private interface Work<T> {
    T on(Connection c) throws SQLException;
  }

  /** Runs {@code work} in a transaction it commits; on failure nothing is kept. */
  private synchronized <T> T transaction(String what, Work<T> work) {
    try {
      if (db == null) {
        Connection c = PostgresFleetConnection.connect(url, properties, TABLES);
        schema = PostgresFleetConnection.schema(c);
        db = c;
      }
      T out = work.on(db);
      db.commit();
      return out;
    } catch (SQLException | RuntimeException e) {
      lose();
      throw new FleetUnavailable(
          "cannot "
              + what
              + " in the fleet store at "
              + Credentials.redact(url)
              + " (nothing of it is kept): "
              + e.getMessage(),
          e);
    }
  }

  private void lock(Connection c, String model) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(
          "SELECT pg_advisory_xact_lock("
              + PostgresFleetConnection.key(schema + "/model/" + model)
              + ")");
    }
  }

  @Override
  public void upload(String model, String host, List<Series> series) {
    transaction(
        "upload " + host + "'s " + series.size() + " series of " + model,
        c -> {
          try (PreparedStatement d =
              c.prepareStatement("DELETE FROM fleet_training WHERE model = ? AND host = ?")) {
            d.setString(1, model);
            d.setString(2, host);
            d.executeUpdate();
          }
          try (PreparedStatement p =
              c.prepareStatement(
                  "INSERT INTO fleet_training VALUES"
                      + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, clock_timestamp())")) {
            for (Series s : series) {
              if (!s.host().equals(host)) {
                throw new IllegalArgumentException(
                    "host " + host + " cannot upload a series of host " + s.host());
              }
              int i = 1;
              p.setString(i++, model);
              p.setString(i++, host);
              p.setString(i++, s.resource().key());
              i = WorkloadColumns.set(p, i, s.workload());
              p.setTimestamp(i++, Timestamp.from(s.from()));
              p.setLong(i++, s.step().toMillis());
              p.setBytes(i, bytes(s.usage()));
              p.addBatch();
            }
            p.executeBatch();
          }
          return null;
        });
  }

  @Override
  public boolean claim(String model, String host, Duration every) {
    return transaction(
        "take " + model + "'s training turn",
        c -> {
          lock(c, model);
          try (PreparedStatement p =
              c.prepareStatement(
                  "INSERT INTO fleet_model_turns VALUES (?, ?, clock_timestamp())"
                      + " ON CONFLICT (model) DO UPDATE SET host = excluded.host,"
                      + " claimed_at = excluded.claimed_at"
                      + " WHERE fleet_model_turns.claimed_at"
                      + " <= clock_timestamp() - ? * interval '1 millisecond'")) {
            p.setString(1, model);
            p.setString(2, host);
            p.setLong(3, every.toMillis());
            return p.executeUpdate() == 1;
          }
        });
  }

  @Override
  public List<Series> training(String model) {
    return transaction(
        "read the series uploaded for " + model,
        c -> {
          List<Series> out = new ArrayList<>();
          try (PreparedStatement p =
              c.prepareStatement(
                  "SELECT * FROM fleet_training WHERE model = ? ORDER BY host, workload, resource")) {
            p.setString(1, model);
            try (ResultSet r = p.executeQuery()) {
              while (r.next()) {
                out.add(
                    new Series(
                        r.getString("host"),
                        WorkloadColumns.get(r, "workload"),
                        Resource.parse(r.getString("resource")),
                        r.getTimestamp("start").toInstant(),
                        Duration.ofMillis(r.getLong("step_ms")),
                        doubles(r.getBytes("usage"))));
              }
            }
          }
          return out;
        });
  }

  @Override
  public Version publish(Draft draft) {
    byte[] files = draft.files();
    String checksum = FleetModels.checksum(files);
    return transaction(
        "publish " + draft.model(),
        c -> {
          lock(c, draft.model());
          long version;
          try (PreparedStatement p =
              c.prepareStatement(
                  "SELECT coalesce(max(version), 0) + 1 FROM fleet_models WHERE model = ?")) {
            p.setString(1, draft.model());
            try (ResultSet r = p.executeQuery()) {
              r.next();
              version = r.getLong(1);
            }
          }
          try (PreparedStatement p =
              c.prepareStatement(
                  "INSERT INTO fleet_models VALUES (?, ?, ?, ?, ?, ?, ?, ?, clock_timestamp())")) {
            p.setString(1, draft.model());
            p.setLong(2, version);
            p.setString(3, draft.host());
            p.setTimestamp(4, Timestamp.from(draft.trainedAt()));
            p.setLong(5, draft.span().toMillis());
            p.setInt(6, draft.series());
            p.setBytes(7, files);
            p.setString(8, checksum);
            p.executeUpdate();
          }
          try (PreparedStatement p =
              c.prepareStatement("DELETE FROM fleet_models WHERE model = ? AND version <= ?")) {
            p.setString(1, draft.model());
            p.setLong(2, version - KEPT);
            p.executeUpdate();
          }
          return new Version(
              draft.model(),
              version,
              draft.host(),
              draft.trainedAt(),
              draft.span(),
              draft.series(),
              files.length,
              checksum);
        });
  }

  @Override
  public Optional<Version> newest(String model) {
    return transaction(
        "read the newest version of " + model,
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "SELECT version, host, trained_at, span_ms, series, length(files), checksum"
                      + " FROM fleet_models WHERE model = ? ORDER BY version DESC LIMIT 1")) {
            p.setString(1, model);
            try (ResultSet r = p.executeQuery()) {
              if (!r.next()) {
                return Optional.empty();
              }
              return Optional.of(
                  new Version(
                      model,
                      r.getLong(1),
                      r.getString(2),
                      r.getTimestamp(3).toInstant(),
                      Duration.ofMillis(r.getLong(4)),
                      r.getInt(5),
                      r.getLong(6),
                      r.getString(7)));
            }
          }
        });
  }

  @Override
  public byte[] files(String model, long version) {
    return transaction(
        "read version " + version + " of " + model,
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "SELECT files FROM fleet_models WHERE model = ? AND version = ?")) {
            p.setString(1, model);
            p.setLong(2, version);
            try (ResultSet r = p.executeQuery()) {
              if (!r.next()) {
                throw new SQLException(
                    "version " + version + " of " + model + " is no longer kept");
              }
              return r.getBytes(1);
            }
          }
        });
  }

  private static byte[] bytes(double[] v) {
    ByteBuffer b = ByteBuffer.allocate(Double.BYTES * v.length);
    b.asDoubleBuffer().put(v);
    return b.array();
  }

  private static double[] doubles(byte[] b) {
    double[] v = new double[b.length / Double.BYTES];
    ByteBuffer.wrap(b).asDoubleBuffer().get(v);
    return v;
  }

  /** Drops the connection after a failure; the next call connects again. */
  private void lose() {
    PostgresFleetConnection.drop(db);
    db = null;
  }

  @Override
  public synchronized void close() {
    lose();
  }
}
