package org.pae.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.pae.core.allocate.Cap;
import org.pae.core.allocate.Decision;
import org.pae.core.loop.Plan;
import org.pae.core.model.SeriesKey;
import org.pae.core.model.Workload;
import org.pae.core.ports.HistoryStore;
import org.pae.core.ports.OperatorState;

/**
 * The history store over SQL: DuckDB embedded in a file (the default), or a PostgreSQL server. The
 * same tables and queries serve both; only column types and the bulk insert differ.
 *
 * <p>Tables: {@code workloads} (metadata), {@code samples} (one row per series and tick, times in
 * epoch milliseconds), {@code rollups} (per series and step-aligned bucket: sums and counts, so
 * buckets regroup exactly into coarser ones) and {@code meta} (the time up to which raw samples
 * have been rolled up), and {@code operator_state} (what operators set through the API, see {@link
 * OperatorState}). Every {@link #record} and {@link #put} is one transaction, committed before it
 * returns. Not for concurrent use by several processes; calls from several threads are serialised.
 */
public final class JdbcHistoryStore implements HistoryStore, OperatorState {
  /** The SQL dialects the store speaks. */
  public enum Dialect {
    DUCKDB("DOUBLE"),
    POSTGRESQL("DOUBLE PRECISION");

    private final String doubleType;

    Dialect(String doubleType) {
      this.doubleType = doubleType;
    }
  }

  private static final String ROLLED_UP = "rolled_up";

  /** Workloads described per statement (8 parameters each: PostgreSQL takes up to 65,535). */
  private static final int DESCRIBE_ROWS = 500;

  /** DuckDB's errors on opening a file or log it cannot read; a lock or a permission is not one. */
  private static final Pattern CORRUPT =
      Pattern.compile(
          "Data Corruption Error|not a valid DuckDB database file|Could not read enough bytes");

  private static final byte[] WAL_START = {0x64, 0x00, 0x62};

  private Connection db;
  private final Optional<Connector> reconnect;
  private boolean lost;
  private final Dialect dialect;
  private final Retention retention;
  private long rolledUp;

  /** Opens a connection to the same database again. */
  private interface Connector {
    Connection open() throws SQLException;
  }

  private JdbcHistoryStore(
      Connection db, Optional<Connector> reconnect, Dialect dialect, Retention retention)
      throws SQLException {
    this.db = db;
    this.reconnect = reconnect;
    this.dialect = dialect;
    this.retention = Objects.requireNonNull(retention, "retention");
    createTables();
    rolledUp = readRolledUp();
  }

  /**
   * An embedded DuckDB store in {@code file} (created, with its directory, if absent); what it sets
   * aside goes to standard error (see {@link #duckdb(Path, Retention, Consumer)}).
   */
  public static JdbcHistoryStore duckdb(Path file, Retention retention) {
    return duckdb(file, retention, System.err::println);
  }

  /**
   * An embedded DuckDB store in {@code file} (created, with its directory, if absent). A corrupt
   * database file or write-ahead log is not deleted nor silently dropped: it is renamed beside
   * itself ({@code history.duckdb.corrupt}, {@code history.duckdb.wal.corrupt}, then {@code
   * .corrupt.1}, ...), {@code log} says so, and the store starts without it.
   */
  public static JdbcHistoryStore duckdb(Path file, Retention retention, Consumer<String> log) {
    Path wal = Path.of(file + ".wal");
    try {
      Path dir = file.toAbsolutePath().getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
      if (!walReadable(wal)) {
        // DuckDB would replay none of it and then write over it.
        setAside(wal, "is not a DuckDB write-ahead log", log);
      }
      for (int attempt = 0; ; attempt++) {
        try {
          return connect(file, wal, retention);
        } catch (SQLException e) {
          String why = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
          if (attempt == 2 || !CORRUPT.matcher(why).find()) {
            throw e;
          }
          if (why.contains("WAL") && Files.exists(wal)) {
            setAside(wal, "cannot be replayed (" + why + ")", log);
          } else {
            setAside(file, "is corrupt (" + why + ")", log);
            if (Files.exists(wal)) {
              setAside(wal, "belongs to the corrupt database", log);
            }
          }
        }
      }
    } catch (java.io.IOException | SQLException e) {
      throw new StoreException(
          "cannot open the DuckDB history at " + file + ": " + e.getMessage(), e);
    }
  }

  private static JdbcHistoryStore connect(Path file, Path wal, Retention retention)
      throws SQLException, java.io.IOException {
    Connection c = DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath());
    try {
      ownerOnly(file);
      ownerOnly(wal);
      return new JdbcHistoryStore(c, Optional.empty(), Dialect.DUCKDB, retention);
    } catch (SQLException | java.io.IOException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  /**
   * Whether DuckDB can read the log: it starts with its version entry (field 100, the entry type,
   * holding 98). DuckDB takes a log that does not for one torn before its first entry, replays none
   * of it and writes over it. An empty or absent log is readable.
   */
  static boolean walReadable(Path wal) throws java.io.IOException {
    if (!Files.exists(wal)) {
      return true;
    }
    byte[] head = new byte[WAL_START.length];
    int n;
    try (java.io.InputStream in = Files.newInputStream(wal)) {
      n = in.readNBytes(head, 0, head.length);
    }
    return Arrays.equals(head, 0, n, WAL_START, 0, n);
  }

  /** Renames {@code file} to the first free {@code <name>.corrupt[.n]} beside it and says so. */
  private static void setAside(Path file, String why, Consumer<String> log)
      throws java.io.IOException {
    Path aside = file.resolveSibling(file.getFileName() + ".corrupt");
    for (int i = 1; Files.exists(aside); i++) {
      aside = file.resolveSibling(file.getFileName() + ".corrupt." + i);
    }
    Files.move(file, aside);
    log.accept(
        "WARNING history: "
            + file
            + " "
            + why
            + "; set aside as "
            + aside
            + " (nothing deleted), starting without it: what it held is not in the history");
  }

  /** Mode 600 for a database file that exists, on a file system that has modes. */
  private static void ownerOnly(Path file) throws java.io.IOException {
    if (Files.exists(file)
        && file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(
          file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }
  }

  /**
   * A PostgreSQL store at {@code url} ({@code jdbc:postgresql://host/db?user=u&password=p}), with
   * further connection properties.
   */
  public static JdbcHistoryStore postgresql(
      String url, Properties connection, Retention retention) {
    try {
      Connector connector = () -> DriverManager.getConnection(url, connection);
      return new JdbcHistoryStore(
          connector.open(), Optional.of(connector), Dialect.POSTGRESQL, retention);
    } catch (SQLException e) {
      throw new StoreException(
          "cannot open the PostgreSQL history at " + url + ": " + e.getMessage(), e);
    }
  }

  /**
   * Opens the store a location names: a {@code jdbc:postgresql:} URL (user and password as its
   * parameters), or else a DuckDB file path.
   */
  public static JdbcHistoryStore open(String location, Retention retention) {
    return open(location, retention, System.err::println);
  }

  /**
   * Opens the store a location names, as {@link #open(String, Retention)}; {@code log} hears what a
   * DuckDB store sets aside.
   */
  public static JdbcHistoryStore open(String location, Retention retention, Consumer<String> log) {
    if (location.startsWith("jdbc:postgresql:")) {
      return postgresql(location, new Properties(), retention);
    }
    return duckdb(Path.of(location), retention, log);
  }

  public Dialect dialect() {
    return dialect;
  }

  private void createTables() throws SQLException {
    String d = dialect.doubleType;
    try (Statement s = db.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS workloads (id VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL,"
              + " parent VARCHAR, program VARCHAR NOT NULL, dependencies VARCHAR NOT NULL,"
              + " patterns VARCHAR NOT NULL, account VARCHAR NOT NULL,"
              + " criticality VARCHAR NOT NULL)");
      s.execute(
          "CREATE TABLE IF NOT EXISTS samples (ts BIGINT NOT NULL, workload VARCHAR NOT NULL,"
              + " resource VARCHAR NOT NULL, used "
              + d
              + ", alloc "
              + d
              + " NOT NULL, rule VARCHAR NOT NULL, held_out BOOLEAN)");
      // Stores written before issue 17 lack the column: their samples count as usual.
      s.execute("ALTER TABLE samples ADD COLUMN IF NOT EXISTS held_out BOOLEAN");
      s.execute(
          "CREATE TABLE IF NOT EXISTS rollups (bucket BIGINT NOT NULL, workload VARCHAR NOT NULL,"
              + " resource VARCHAR NOT NULL, used_sum "
              + d
              + ", used_n BIGINT NOT NULL, peak "
              + d
              + ", alloc_sum "
              + d
              + " NOT NULL, n BIGINT NOT NULL, PRIMARY KEY (workload, resource, bucket))");
      s.execute("CREATE TABLE IF NOT EXISTS meta (name VARCHAR PRIMARY KEY, val BIGINT NOT NULL)");
      s.execute(
          "CREATE TABLE IF NOT EXISTS operator_state (kind VARCHAR NOT NULL, name VARCHAR NOT NULL,"
              + " val VARCHAR NOT NULL, PRIMARY KEY (kind, name))");
      if (dialect == Dialect.POSTGRESQL) {
        // DuckDB finds time ranges through its zone maps; PostgreSQL needs an index.
        s.execute("CREATE INDEX IF NOT EXISTS samples_series ON samples (workload, resource, ts)");
      }
    }
  }

  private long readRolledUp() throws SQLException {
    try (PreparedStatement q = db.prepareStatement("SELECT val FROM meta WHERE name = ?")) {
      q.setString(1, ROLLED_UP);
      try (ResultSet r = q.executeQuery()) {
        return r.next() ? r.getLong(1) : Long.MIN_VALUE;
      }
    }
  }

  @Override
  public void describe(Workload w) {
    describe(List.of(w));
  }

  /**
   * Keeps the metadata of all these workloads, in one transaction: a burst of thousands of new
   * workloads costs one commit, not one each (10,000 commits took minutes on a loaded disk).
   */
  public synchronized void describe(List<Workload> all) {
    reconnectIfLost();
    if (all.isEmpty()) {
      return;
    }
    try {
      inTransaction(
          () -> {
            // Rows of one statement each: DuckDB runs a JDBC batch one statement at a time.
            for (int from = 0; from < all.size(); from += DESCRIBE_ROWS) {
              List<Workload> part = all.subList(from, Math.min(all.size(), from + DESCRIBE_ROWS));
              String sql =
                  "INSERT INTO workloads VALUES "
                      + String.join(
                          ", ",
                          java.util.Collections.nCopies(part.size(), "(?, ?, ?, ?, ?, ?, ?, ?)"))
                      + " ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, parent = excluded.parent,"
                      + " program = excluded.program, dependencies = excluded.dependencies,"
                      + " patterns = excluded.patterns, account = excluded.account,"
                      + " criticality = excluded.criticality";
              try (PreparedStatement p = db.prepareStatement(sql)) {
                int i = 1;
                for (Workload w : part) {
                  i = WorkloadColumns.set(p, i, w);
                }
                p.executeUpdate();
              }
            }
          });
    } catch (SQLException e) {
      throw failed(
          "cannot describe "
              + all.size()
              + " workload(s), "
              + all.getFirst().id()
              + " first: "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public synchronized List<Workload> workloads() {
    reconnectIfLost();
    List<Workload> out = new ArrayList<>();
    try (Statement s = db.createStatement();
        ResultSet r = s.executeQuery("SELECT * FROM workloads ORDER BY id")) {
      while (r.next()) {
        out.add(WorkloadColumns.get(r, "id"));
      }
    } catch (SQLException e) {
      throw failed("cannot read the workloads: " + e.getMessage(), e);
    }
    return out;
  }

  @Override
  public synchronized void record(Plan plan) {
    reconnectIfLost();
    long ts = plan.time().toEpochMilli();
    try {
      if (db instanceof DuckDBConnection duck) {
        // The appender writes a whole tick as one transaction in a fraction of a batch's time.
        try (DuckDBAppender a = duck.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "samples")) {
          for (Decision d : plan.decisions()) {
            a.beginRow().append(ts).append(d.series().workload().value());
            a.append(d.series().resource().key());
            if (d.reason().usage().isPresent()) {
              a.append(d.reason().usage().getAsDouble());
            } else {
              a.appendNull();
            }
            a.append(d.allocation()).append(d.reason().rule().name()).append(heldOut(d));
            a.endRow();
          }
          // The flush commits; close() would flush too but swallows its failure (duckdb_jdbc
          // 2.0.0.1), so that on a full disk a tick was dropped and still acknowledged.
          a.flush();
        }
        return;
      }
      inTransaction(
          () -> {
            try (PreparedStatement p =
                db.prepareStatement("INSERT INTO samples VALUES (?, ?, ?, ?, ?, ?, ?)")) {
              for (Decision d : plan.decisions()) {
                p.setLong(1, ts);
                p.setString(2, d.series().workload().value());
                p.setString(3, d.series().resource().key());
                if (d.reason().usage().isPresent()) {
                  p.setDouble(4, d.reason().usage().getAsDouble());
                } else {
                  p.setNull(4, java.sql.Types.DOUBLE);
                }
                p.setDouble(5, d.allocation());
                p.setString(6, d.reason().rule().name());
                p.setBoolean(7, heldOut(d));
                p.addBatch();
              }
              p.executeBatch();
            }
          });
    } catch (SQLException e) {
      throw failed("cannot record the tick at " + plan.time() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized List<Sample> history(
      SeriesKey series, Instant from, Instant to, Duration step) {
    reconnectIfLost();
    long f = from.toEpochMilli();
    long t = to.toEpochMilli();
    try {
      if (step.isZero()) {
        return raw(series, f, t, false);
      }
      if (step.isNegative()) {
        throw new IllegalArgumentException(
            "a history step must be zero (raw) or positive: " + step);
      }
      long s = step.toMillis();
      String sql =
          "SELECT b, SUM(us), SUM(un), MAX(pk), SUM(als), SUM(n) FROM ("
              + " SELECT bucket - bucket % ? AS b, used_sum AS us, used_n AS un, peak AS pk,"
              + " alloc_sum AS als, n FROM rollups WHERE workload = ? AND resource = ?"
              + " AND bucket >= ? AND bucket < ? AND bucket < ?"
              + " UNION ALL"
              + " SELECT ts - ts % ? AS b, used AS us, CASE WHEN used IS NULL THEN 0 ELSE 1 END AS un,"
              + " used AS pk, alloc AS als, 1 AS n FROM samples WHERE workload = ? AND resource = ?"
              + " AND ts >= ? AND ts < ? AND ts >= ?"
              + ") t GROUP BY b ORDER BY b";
      try (PreparedStatement p = db.prepareStatement(sql)) {
        int i = 1;
        for (int part = 0; part < 2; part++) {
          p.setLong(i++, s);
          p.setString(i++, series.workload().value());
          p.setString(i++, series.resource().key());
          p.setLong(i++, f);
          p.setLong(i++, t);
          p.setLong(i++, rolledUp);
        }
        List<Sample> out = new ArrayList<>();
        try (ResultSet r = p.executeQuery()) {
          while (r.next()) {
            long usedN = r.getLong(3);
            double peak = r.getDouble(4);
            boolean noPeak = r.wasNull();
            long n = r.getLong(6);
            out.add(
                new Sample(
                    Instant.ofEpochMilli(r.getLong(1)),
                    usedN == 0 ? Double.NaN : r.getDouble(2) / usedN,
                    noPeak ? Double.NaN : peak,
                    r.getDouble(5) / n,
                    n));
          }
        }
        return out;
      }
    } catch (SQLException e) {
      throw failed("cannot read the history of " + series + ": " + e.getMessage(), e);
    }
  }

  private static boolean heldOut(Decision d) {
    return d.reason().caps().contains(Cap.ANOMALY_HELD_OUT);
  }

  @Override
  public synchronized List<Sample> usualHistory(SeriesKey series, Instant from, Instant to) {
    reconnectIfLost();
    try {
      return raw(series, from.toEpochMilli(), to.toEpochMilli(), true);
    } catch (SQLException e) {
      throw failed("cannot read the history of " + series + ": " + e.getMessage(), e);
    }
  }

  /** The raw samples, less the held-out ones when {@code usual}. */
  private List<Sample> raw(SeriesKey series, long from, long to, boolean usual)
      throws SQLException {
    try (PreparedStatement p =
        db.prepareStatement(
            "SELECT ts, used, alloc FROM samples WHERE workload = ? AND resource = ?"
                + " AND ts >= ? AND ts < ?"
                + (usual ? " AND (held_out IS NULL OR NOT held_out)" : "")
                + " ORDER BY ts")) {
      p.setString(1, series.workload().value());
      p.setString(2, series.resource().key());
      p.setLong(3, from);
      p.setLong(4, to);
      List<Sample> out = new ArrayList<>();
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          double used = r.getDouble(2);
          if (r.wasNull()) {
            used = Double.NaN;
          }
          out.add(new Sample(Instant.ofEpochMilli(r.getLong(1)), used, used, r.getDouble(3), 1));
        }
      }
      return out;
    }
  }

  @Override
  public synchronized void retain(Instant now) {
    reconnectIfLost();
    long step = retention.step().toMillis();
    long n = now.toEpochMilli();
    long upTo = n - Math.floorMod(n, step);
    try {
      inTransaction(
          () -> {
            try (PreparedStatement roll =
                    db.prepareStatement(
                        "INSERT INTO rollups SELECT ts - ts % ?, workload, resource, SUM(used),"
                            + " COUNT(used), MAX(used), SUM(alloc), COUNT(*) FROM samples"
                            + " WHERE ts >= ? AND ts < ? GROUP BY 1, 2, 3");
                PreparedStatement mark =
                    db.prepareStatement(
                        "INSERT INTO meta VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET val = excluded.val");
                PreparedStatement dropRaw =
                    db.prepareStatement("DELETE FROM samples WHERE ts < ?");
                PreparedStatement dropRolled =
                    db.prepareStatement("DELETE FROM rollups WHERE bucket < ?")) {
              if (upTo > rolledUp) {
                roll.setLong(1, step);
                roll.setLong(2, rolledUp);
                roll.setLong(3, upTo);
                roll.executeUpdate();
                mark.setString(1, ROLLED_UP);
                mark.setLong(2, upTo);
                mark.executeUpdate();
              }
              // Raw samples go only once rolled up, so no reading is ever in neither table.
              dropRaw.setLong(1, Math.min(upTo, n - retention.raw().toMillis()));
              dropRaw.executeUpdate();
              dropRolled.setLong(1, n - retention.downsampled().toMillis());
              dropRolled.executeUpdate();
              // A workload with no history left (a process long gone) leaves no metadata behind.
              try (Statement orphans = db.createStatement()) {
                orphans.executeUpdate(
                    "DELETE FROM workloads WHERE id NOT IN (SELECT DISTINCT workload FROM samples)"
                        + " AND id NOT IN (SELECT DISTINCT workload FROM rollups)");
              }
            }
          });
      rolledUp = Math.max(rolledUp, upTo);
    } catch (SQLException e) {
      throw failed("cannot apply retention at " + now + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void put(String kind, String key, Optional<String> value) {
    reconnectIfLost();
    try (PreparedStatement p =
        db.prepareStatement(
            value.isPresent()
                ? "INSERT INTO operator_state VALUES (?, ?, ?) ON CONFLICT (kind, name)"
                    + " DO UPDATE SET val = excluded.val"
                : "DELETE FROM operator_state WHERE kind = ? AND name = ?")) {
      p.setString(1, kind);
      p.setString(2, key);
      if (value.isPresent()) {
        p.setString(3, value.get());
      }
      p.executeUpdate();
    } catch (SQLException e) {
      throw failed("cannot save the " + kind + " of " + key + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized Map<String, Map<String, String>> all() {
    reconnectIfLost();
    Map<String, Map<String, String>> out = new TreeMap<>();
    try (Statement s = db.createStatement();
        ResultSet r = s.executeQuery("SELECT kind, name, val FROM operator_state")) {
      while (r.next()) {
        out.computeIfAbsent(r.getString(1), k -> new TreeMap<>())
            .put(r.getString(2), r.getString(3));
      }
    } catch (SQLException e) {
      throw failed("cannot read what operators set: " + e.getMessage(), e);
    }
    return out;
  }

  /** Work on the database that throws what the driver throws. */
  private interface SqlWork {
    void run() throws SQLException;
  }

  /** Runs {@code work} in one transaction: committed whole, or rolled back and rethrown. */
  private void inTransaction(SqlWork work) throws SQLException {
    db.setAutoCommit(false);
    try {
      work.run();
      db.commit();
    } catch (SQLException e) {
      db.rollback();
      throw e;
    } finally {
      db.setAutoCommit(true);
    }
  }

  /**
   * A failure of {@code what}, as a {@link StoreException}. When it is the connection that failed
   * (a server restarted, a network cut: SQL states 08xxx and 57P0x) and the store can connect
   * again, the next call does so first, and the message says so.
   */
  private StoreException failed(String what, SQLException e) {
    String state = String.valueOf(e.getSQLState());
    if (reconnect.isPresent() && (state.startsWith("08") || state.startsWith("57P0"))) {
      lost = true;
      return new StoreException(
          what + "; the connection to the database is lost, the next call connects again", e);
    }
    return new StoreException(what, e);
  }

  /** Connects again after {@link #failed} saw the connection lost; fails when it cannot yet. */
  private void reconnectIfLost() {
    if (!lost) {
      return;
    }
    try {
      db.close();
    } catch (SQLException e) {
      // The old connection is gone either way; closing it only frees what the driver holds.
    }
    try {
      db = reconnect.orElseThrow().open();
      lost = false;
    } catch (SQLException e) {
      throw new StoreException(
          "cannot connect to the " + this + " again yet: " + e.getMessage(), e);
    }
  }

  /** How many raw samples and downsampled buckets it holds, for tests and reports. */
  public synchronized long[] counts() {
    reconnectIfLost();
    try (Statement s = db.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT (SELECT COUNT(*) FROM samples), (SELECT COUNT(*) FROM rollups)")) {
      r.next();
      return new long[] {r.getLong(1), r.getLong(2)};
    } catch (SQLException e) {
      throw failed("cannot count: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      db.close();
    } catch (SQLException e) {
      throw new StoreException("cannot close the history: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return dialect.name().toLowerCase(Locale.ROOT) + " history";
  }
}
