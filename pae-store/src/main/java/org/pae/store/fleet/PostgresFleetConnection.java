package org.pae.store.fleet;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.pae.core.fleet.Claim;
import org.pae.core.fleet.FleetModels;
import org.pae.core.fleet.FleetPrice;
import org.pae.core.fleet.FleetSettings;
import org.pae.core.fleet.FleetShare;
import org.pae.core.fleet.FleetStore;
import org.pae.core.fleet.FleetUnavailable;
import org.pae.core.fleet.Grant;
import org.pae.core.fleet.Lease;
import org.pae.core.fleet.Member;
import org.pae.core.fleet.Pool;
import org.pae.core.model.AccountId;
import org.pae.core.model.Criticality;
import org.pae.core.model.Resource;
import org.pae.store.Credentials;

/**
 * One host's connection to the fleet's PostgreSQL tables: {@code fleet_hosts} (the heartbeats),
 * {@code fleet_demand} (each host's demand per account, resource and tier), {@code fleet_shares}
 * (each host's grant and holding per account and resource) and {@code fleet_prices} (each host's
 * price per resource).
 *
 * <p>An exchange is one transaction at READ COMMITTED that first takes a transaction-scoped
 * advisory lock per pool it touches, in a fixed order: it reads the other hosts' records of the
 * pool and writes its own within the quota they leave, so exchanges on the same pool must not
 * interleave. SERIALIZABLE would make them not interleave too, but by aborting one of every two
 * concurrent exchanges of a pool (each reads what the other writes), to be retried, on every tick
 * of a busy fleet; the lock makes the second wait a few milliseconds instead, and never fails. Time
 * is the server's ({@code clock_timestamp()} once the locks are held), so hosts' clocks need not
 * agree and heartbeats are ordered as the exchanges were.
 *
 * <p>A failed statement closes the connection; the next exchange connects again. Connecting and
 * every read time out after {@value #TIMEOUT_SECONDS} s, so a store cut off holds a tick that long
 * at most (a loaded server may take seconds to accept a connection).
 */
final class PostgresFleetConnection implements FleetStore.Connection {
  private static final String[] TABLES = {
    "CREATE TABLE IF NOT EXISTS fleet_hosts (host text PRIMARY KEY,"
        + " heartbeat timestamptz NOT NULL, ticks bigint NOT NULL)",
    "CREATE TABLE IF NOT EXISTS fleet_demand (host text NOT NULL, account text NOT NULL,"
        + " resource text NOT NULL, tier text NOT NULL, desired double precision NOT NULL,"
        + " floor double precision NOT NULL, PRIMARY KEY (host, account, resource, tier))",
    "CREATE TABLE IF NOT EXISTS fleet_shares (host text NOT NULL, account text NOT NULL,"
        + " resource text NOT NULL, quota double precision NOT NULL,"
        + " held double precision NOT NULL, target double precision NOT NULL,"
        + " usable double precision NOT NULL, recorded double precision NOT NULL,"
        + " PRIMARY KEY (host, account, resource))",
    "CREATE TABLE IF NOT EXISTS fleet_prices (host text NOT NULL, resource text NOT NULL,"
        + " price double precision NOT NULL, weight double precision NOT NULL,"
        + " PRIMARY KEY (host, resource))"
  };

  static final int TIMEOUT_SECONDS = 10;

  private final String url;
  private final Properties properties;
  private final Lease lease;
  private Connection db;
  private String schema;

  private PostgresFleetConnection(String url, Properties properties, Lease lease) {
    this.url = url;
    this.properties = properties;
    this.lease = lease;
  }

  static PostgresFleetConnection open(FleetSettings settings) {
    Properties p = new Properties();
    for (String timeout : List.of("connectTimeout", "socketTimeout", "loginTimeout")) {
      p.setProperty(timeout, Integer.toString(TIMEOUT_SECONDS));
    }
    PostgresFleetConnection c = new PostgresFleetConnection(settings.store(), p, settings.lease());
    c.connection();
    return c;
  }

  /** The connection, made (with the tables) when there is none. */
  private Connection connection() {
    if (db != null) {
      return db;
    }
    try {
      Connection c = connect(url, properties, TABLES);
      schema = schema(c);
      db = c;
      return db;
    } catch (SQLException e) {
      throw new FleetUnavailable(
          "cannot reach the fleet store at " + Credentials.redact(url) + ": " + e.getMessage(), e);
    }
  }

  /**
   * A connection to {@code url} outside autocommit, once it made the {@code tables} that are not
   * there yet.
   */
  static Connection connect(String url, Properties properties, String... tables)
      throws SQLException {
    Connection c = DriverManager.getConnection(url, properties);
    try {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        // Two hosts starting at once would race to create the same tables.
        s.execute("SELECT pg_advisory_xact_lock(" + key("pae fleet tables") + ")");
        for (String t : tables) {
          s.execute(t);
        }
      }
      c.commit();
      return c;
    } catch (SQLException e) {
      c.close();
      throw e;
    }
  }

  /** The schema {@code c} works in, which qualifies the lock keys. */
  static String schema(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT current_schema()")) {
      r.next();
      String schema = String.valueOf(r.getString(1));
      c.commit();
      return schema;
    }
  }

  @Override
  public synchronized FleetStore.Reply exchange(FleetStore.Report report) {
    Connection c = connection();
    try {
      FleetStore.Reply reply = exchange(c, report);
      c.commit();
      return reply;
    } catch (SQLException | RuntimeException e) {
      lose();
      throw new FleetUnavailable(
          "the exchange with the fleet store did not complete (nothing of it is kept): "
              + e.getMessage(),
          e);
    }
  }

  private FleetStore.Reply exchange(Connection c, FleetStore.Report report) throws SQLException {
    String me = report.host();
    // Pools in the order of their lock keys: two exchanges never wait for each other in a cycle.
    TreeMap<Long, Pool> pools = new TreeMap<>();
    for (Pool p : report.needs().keySet()) {
      pools.put(key(schema + "/" + p.account().value() + "/" + p.resource().key()), p);
    }
    try (Statement s = c.createStatement()) {
      for (long k : pools.keySet()) {
        s.execute("SELECT pg_advisory_xact_lock(" + k + ")");
      }
    }
    Instant now;
    Optional<Instant> witness = Optional.empty();
    try (PreparedStatement q =
        c.prepareStatement(
            "SELECT clock_timestamp(), (SELECT heartbeat FROM fleet_hosts WHERE host = ?)")) {
      q.setString(1, me);
      try (ResultSet r = q.executeQuery()) {
        r.next();
        now = r.getTimestamp(1).toInstant();
        Timestamp previous = r.getTimestamp(2);
        if (previous != null) {
          witness = Optional.of(previous.toInstant());
        }
      }
    }
    update(
        c,
        "INSERT INTO fleet_hosts (host, heartbeat, ticks) VALUES (?, ?, 1) ON CONFLICT (host)"
            + " DO UPDATE SET heartbeat = EXCLUDED.heartbeat, ticks = fleet_hosts.ticks + 1",
        me,
        Timestamp.from(now));
    Map<Pool, Grant> grants = new LinkedHashMap<>();
    for (Pool p : pools.values()) {
      FleetStore.Need need = report.needs().get(p);
      List<Member> members = members(c, p);
      double previous =
          members.stream()
              .filter(m -> m.host().equals(me))
              .mapToDouble(Member::recorded)
              .findFirst()
              .orElse(0);
      Grant g =
          FleetShare.settle(
              new Member(me, now, need.quota(), previous, need.claims()),
              need.held(),
              members,
              witness,
              lease);
      grants.put(p, g);
      write(c, me, p, need, g);
    }
    forgetOtherPools(c, me, report.needs().keySet());
    return new FleetStore.Reply(grants, prices(c, report, witness));
  }

  /** Every host's record and claims on pool {@code p}. */
  private static List<Member> members(Connection c, Pool p) throws SQLException {
    Map<String, List<Claim>> claims = new HashMap<>();
    try (PreparedStatement q =
        c.prepareStatement(
            "SELECT host, tier, desired, floor FROM fleet_demand WHERE account = ? AND resource = ?")) {
      q.setString(1, p.account().value());
      q.setString(2, p.resource().key());
      try (ResultSet r = q.executeQuery()) {
        while (r.next()) {
          claims
              .computeIfAbsent(r.getString(1), h -> new ArrayList<>())
              .add(new Claim(Criticality.valueOf(r.getString(2)), r.getDouble(3), r.getDouble(4)));
        }
      }
    }
    List<Member> out = new ArrayList<>();
    try (PreparedStatement q =
        c.prepareStatement(
            "SELECT s.host, h.heartbeat, s.quota, s.recorded FROM fleet_shares s"
                + " JOIN fleet_hosts h ON h.host = s.host WHERE s.account = ? AND s.resource = ?")) {
      q.setString(1, p.account().value());
      q.setString(2, p.resource().key());
      try (ResultSet r = q.executeQuery()) {
        while (r.next()) {
          String host = r.getString(1);
          out.add(
              new Member(
                  host,
                  r.getTimestamp(2).toInstant(),
                  r.getDouble(3),
                  r.getDouble(4),
                  claims.getOrDefault(host, List.of())));
        }
      }
    }
    return out;
  }

  private static void write(Connection c, String me, Pool p, FleetStore.Need need, Grant g)
      throws SQLException {
    update(
        c,
        "INSERT INTO fleet_shares (host, account, resource, quota, held, target, usable, recorded)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (host, account, resource) DO UPDATE SET"
            + " quota = EXCLUDED.quota, held = EXCLUDED.held, target = EXCLUDED.target,"
            + " usable = EXCLUDED.usable, recorded = EXCLUDED.recorded",
        me,
        p.account().value(),
        p.resource().key(),
        finite(need.quota()),
        finite(need.held()),
        g.target(),
        g.usable(),
        g.recorded());
    update(
        c,
        "DELETE FROM fleet_demand WHERE host = ? AND account = ? AND resource = ?",
        me,
        p.account().value(),
        p.resource().key());
    Map<Criticality, double[]> byTier = new EnumMap<>(Criticality.class);
    for (Claim cl : need.claims()) {
      double[] sum = byTier.computeIfAbsent(cl.tier(), t -> new double[2]);
      sum[0] += finite(cl.desired());
      sum[1] += finite(cl.floor());
    }
    for (Map.Entry<Criticality, double[]> e : byTier.entrySet()) {
      update(
          c,
          "INSERT INTO fleet_demand (host, account, resource, tier, desired, floor)"
              + " VALUES (?, ?, ?, ?, ?, ?)",
          me,
          p.account().value(),
          p.resource().key(),
          e.getKey().name(),
          e.getValue()[0],
          e.getValue()[1]);
    }
  }

  /**
   * Drops this host's rows of the pools it no longer reports: it has no workload there, so it holds
   * nothing of them.
   */
  private static void forgetOtherPools(Connection c, String me, Set<Pool> reported)
      throws SQLException {
    List<Pool> stale = new ArrayList<>();
    try (PreparedStatement q =
        c.prepareStatement("SELECT account, resource FROM fleet_shares WHERE host = ?")) {
      q.setString(1, me);
      try (ResultSet r = q.executeQuery()) {
        while (r.next()) {
          Pool p = new Pool(new AccountId(r.getString(1)), Resource.parse(r.getString(2)));
          if (!reported.contains(p)) {
            stale.add(p);
          }
        }
      }
    }
    for (Pool p : stale) {
      for (String table : List.of("fleet_shares", "fleet_demand")) {
        update(
            c,
            "DELETE FROM " + table + " WHERE host = ? AND account = ? AND resource = ?",
            me,
            p.account().value(),
            p.resource().key());
      }
    }
  }

  /** Publishes this host's prices and agrees each resource's from the counted hosts'. */
  private Map<Resource, Double> prices(
      Connection c, FleetStore.Report report, Optional<Instant> witness) throws SQLException {
    update(c, "DELETE FROM fleet_prices WHERE host = ?", report.host());
    for (Map.Entry<Resource, FleetPrice.Quote> e : report.prices().entrySet()) {
      FleetPrice.Quote q = e.getValue();
      if (Double.isFinite(q.price()) && Double.isFinite(q.weight())) {
        update(
            c,
            "INSERT INTO fleet_prices (host, resource, price, weight) VALUES (?, ?, ?, ?)",
            report.host(),
            e.getKey().key(),
            q.price(),
            q.weight());
      }
    }
    Map<Resource, List<FleetPrice.Quote>> quotes = new EnumMap<>(Resource.class);
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT p.resource, p.price, p.weight, h.heartbeat FROM fleet_prices p"
                    + " JOIN fleet_hosts h ON h.host = p.host")) {
      while (r.next()) {
        if (lease.counts(r.getTimestamp(4).toInstant(), witness)) {
          quotes
              .computeIfAbsent(Resource.parse(r.getString(1)), x -> new ArrayList<>())
              .add(new FleetPrice.Quote(r.getDouble(2), r.getDouble(3)));
        }
      }
    }
    Map<Resource, Double> agreed = new EnumMap<>(Resource.class);
    quotes.forEach(
        (res, q) -> {
          double price = FleetPrice.agreed(q);
          if (!Double.isNaN(price)) {
            agreed.put(res, price);
          }
        });
    return agreed;
  }

  @Override
  public synchronized Map.Entry<Instant, List<FleetStore.HostView>> hosts() {
    Connection c = connection();
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT host, heartbeat, ticks, clock_timestamp() FROM fleet_hosts ORDER BY host")) {
      List<FleetStore.HostView> out = new ArrayList<>();
      Instant now = null;
      while (r.next()) {
        out.add(
            new FleetStore.HostView(r.getString(1), r.getTimestamp(2).toInstant(), r.getLong(3)));
        now = r.getTimestamp(4).toInstant();
      }
      if (now == null) {
        try (ResultSet t = s.executeQuery("SELECT clock_timestamp()")) {
          t.next();
          now = t.getTimestamp(1).toInstant();
        }
      }
      c.commit();
      return Map.entry(now, out);
    } catch (SQLException e) {
      lose();
      throw new FleetUnavailable("cannot read the fleet's hosts: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized List<FleetStore.ShareView> shares() {
    Connection c = connection();
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT s.host, s.account, s.resource, s.quota, s.held, s.target, s.usable,"
                    + " s.recorded, (SELECT coalesce(sum(d.desired), 0) FROM fleet_demand d"
                    + " WHERE d.host = s.host AND d.account = s.account"
                    + " AND d.resource = s.resource) FROM fleet_shares s"
                    + " ORDER BY s.account, s.resource, s.host")) {
      List<FleetStore.ShareView> out = new ArrayList<>();
      while (r.next()) {
        out.add(
            new FleetStore.ShareView(
                r.getString(1),
                new Pool(new AccountId(r.getString(2)), Resource.parse(r.getString(3))),
                r.getDouble(9),
                r.getDouble(5),
                new Grant(r.getDouble(4), r.getDouble(6), r.getDouble(7), r.getDouble(8))));
      }
      c.commit();
      return out;
    } catch (SQLException e) {
      lose();
      throw new FleetUnavailable("cannot read the fleet's shares: " + e.getMessage(), e);
    }
  }

  @Override
  public FleetModels models() {
    return new PostgresFleetModels(url, properties);
  }

  /** Drops the connection after a failure; the next call connects again. */
  private void lose() {
    drop(db);
    db = null;
  }

  /** Rolls back and closes {@code c}, whatever state it is in; nothing when it is null. */
  static void drop(Connection c) {
    if (c == null) {
      return;
    }
    try {
      c.rollback();
    } catch (SQLException e) {
      // The transaction is gone with the connection either way.
    }
    try {
      c.close();
    } catch (SQLException e) {
      // Closing only frees what the driver holds.
    }
  }

  @Override
  public synchronized void close() {
    lose();
  }

  private static double finite(double v) {
    return Double.isFinite(v) ? v : 0;
  }

  private static void update(Connection c, String sql, Object... values) throws SQLException {
    try (PreparedStatement u = c.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        u.setObject(i + 1, values[i]);
      }
      u.executeUpdate();
    }
  }

  /** A stable 64-bit advisory lock key for {@code name}. */
  static long key(String name) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(d).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
