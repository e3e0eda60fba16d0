package org.pae.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pae.core.allocate.Decision;
import org.pae.core.assembly.Assembly;
import org.pae.core.config.SettingsSource;
import org.pae.core.fleet.FleetMember;
import org.pae.core.fleet.FleetSettings;
import org.pae.core.fleet.FleetStore;
import org.pae.core.forecast.ForecasterRegistry;
import org.pae.core.model.AccountId;
import org.pae.core.model.Resource;
import org.pae.core.registry.Registry;
import org.pae.core.settings.Settings;
import org.pae.host.CgroupHierarchy;
import org.pae.host.HostSettings;
import org.pae.store.fleet.CuttableProxy;
import org.pae.store.fleet.TestSchema;

/**
 * Three live engines in this JVM, each with its own data directory and its own cgroup tree (laid
 * out as a kernel's cgroup v2 files, whose memory.current the test sets), sharing one account's
 * memory quota through the real PostgreSQL server (database {@code pae_test} or {@code PAE_PG_URL},
 * a schema of this test's own) behind a relay the test can cut. After every tick of every engine,
 * the allocations the three hold sum to at most the quota. Skipped with a message without a server,
 * unless {@code PAE_REQUIRE_POSTGRES} is set (as CI does), when it fails.
 */
class FleetOfEnginesTest {
  private static final double MIB = 1 << 20;
  private static final double QUOTA = 1000 * MIB;
  private static final Map<String, String> LOOP =
      Map.of(
          "loop.interval", "1s",
          "allocate.policy", "threshold",
          "forecast.model", "last-value",
          "policy.cooldown", "0s",
          "policy.max-step", "1000",
          "host.cgroups", "/vm",
          "host.observe-cgroups", "false",
          "host.processes", "false",
          "host.network", "false");

  @TempDir Path dir;
  private TestSchema schema;
  private final List<LiveEngine> engines = new ArrayList<>();
  private final List<Path> cgroups = new ArrayList<>();
  private final List<String> log = new CopyOnWriteArrayList<>();
  private Instant now = Instant.parse("2026-12-07T10:00:00Z");

  private static String url() {
    return TestSchema.url();
  }

  @BeforeEach
  void schema() {
    schema = TestSchema.create("fleet_live");
  }

  @AfterEach
  void drop() throws SQLException {
    engines.forEach(LiveEngine::close);
    if (schema != null) {
      schema.close();
    }
  }

  /** Engine {@code i}, a host of the fleet at {@code store} under the name h{@code i}. */
  private LiveEngine engine(int i, String store) throws Exception {
    Path fs = Files.createDirectories(dir.resolve("cgroupfs-" + i));
    Path vm = LiveFixtures.fakeCgroup(fs, "vm");
    cgroups.add(vm);
    use(i, 100);
    FleetSettings fleet =
        FleetSettings.from(
            SettingsSource.of(
                Map.of(
                    "fleet.store", schema.in(store), "fleet.host", "h" + i, "fleet.lease", "4s")));
    FleetStore.Connection connection =
        Registry.discovered(getClass().getClassLoader()).entries(FleetStore.KIND).stream()
            .flatMap(e -> e.value().open(fleet).stream())
            .findFirst()
            .orElseThrow();
    ForecasterRegistry registry = ForecasterRegistry.standard();
    LiveEngine e =
        new LiveEngine(
            new Assembly(Settings.load(LOOP, registry), registry),
            LiveEngine.Options.of(
                    HostSettings.from(LOOP, 0.05),
                    new CgroupHierarchy(Map.of(), Optional.of(fs), Set.of("memory")),
                    Path.of("/proc"),
                    Files.createDirectories(dir.resolve("data-" + i)),
                    m -> log.add("h" + i + ": " + m))
                .inFleet(
                    Optional.of(
                        new FleetMember(
                            "h" + i,
                            fleet.lease(),
                            fleet.modelCheck(),
                            connection,
                            m -> log.add("h" + i + ": " + m)))));
    e.steering().setQuotas(AccountId.DEFAULT, Map.of(Resource.MEMORY, QUOTA));
    engines.add(e);
    return e;
  }

  /** Host {@code i}'s workload now uses {@code mib} MiB. */
  private void use(int i, int mib) throws Exception {
    Files.writeString(cgroups.get(i).resolve("memory.current"), (long) (mib * MIB) + "\n");
  }

  /** What engine {@code e} allocated its workload at its last tick, 0 before its first. */
  private static double held(LiveEngine e) {
    return e.latest().stream()
        .flatMap(s -> s.plan().decisions().stream())
        .filter(d -> d.series().resource() == Resource.MEMORY)
        .mapToDouble(Decision::allocation)
        .sum();
  }

  /**
   * One interval: each live engine ticks once, in turn; after each tick their allocations, each as
   * its last tick left it, are within the quota.
   */
  private void round(List<LiveEngine> live) {
    now = now.plusSeconds(1);
    for (LiveEngine e : live) {
      e.tick(now);
      double sum = live.stream().mapToDouble(FleetOfEnginesTest::held).sum();
      assertThat(sum)
          .as("allocations across hosts at %s, log %s", now, log)
          .isLessThanOrEqualTo(QUOTA * (1 + 1e-9));
    }
  }

  @Test
  void theQuotaIsNeverExceededWhileDemandMovesBetweenHostsAndADeadHostsShareReturns()
      throws Exception {
    for (int i = 0; i < 3; i++) {
      engine(i, url());
    }
    // The demand moves: each host in turn wants 700 MiB while the others want 100 MiB.
    for (int big = 0; big < 3; big++) {
      for (int i = 0; i < 3; i++) {
        use(i, i == big ? 700 : 100);
      }
      for (int r = 0; r < 6; r++) {
        round(engines);
      }
      assertThat(held(engines.get(big)))
          .as("host %d took the share its demand moved to it", big)
          .isGreaterThanOrEqualTo(700 * MIB);
    }
    // h2 stops without a word (as after kill -9); h0 wants everything it can get.
    use(0, 950);
    use(1, 10);
    List<LiveEngine> survivors = engines.subList(0, 2);
    // Past the lease of 4 s, h2's share returns to the survivors.
    for (int r = 0; r < 20 && held(engines.get(0)) < 950 * MIB; r++) {
      Thread.sleep(500);
      round(survivors);
    }
    assertThat(held(engines.get(0))).as("log %s", log).isGreaterThanOrEqualTo(950 * MIB);
  }

  @Test
  void theStoreGoingAwayAndComingBackLosesNoAcknowledgedTickAndBreachesNoQuota() throws Exception {
    try (CuttableProxy proxy = new CuttableProxy("localhost", 5432)) {
      String through = url().replaceFirst("//[^/]+/", "//127.0.0.1:" + proxy.port() + "/");
      for (int i = 0; i < 3; i++) {
        engine(i, through);
      }
      Map<String, Long> acknowledged = new HashMap<>();
      for (int r = 0; r < 5; r++) {
        use(0, 100 + 100 * r);
        round(engines);
        count(acknowledged);
      }
      proxy.cut();
      Map<String, Instant> last = new HashMap<>();
      engines.forEach(e -> last.put(e.fleet().orElseThrow().host(), acknowledgedAt(e)));
      // Demand moves while the store is away: h1 wants far more than its last share.
      use(0, 100);
      use(1, 900);
      for (int r = 0; r < 6; r++) {
        round(engines);
      }
      for (LiveEngine e : engines) {
        assertThat(acknowledgedAt(e))
            .as("no exchange acknowledged while the store is away")
            .isEqualTo(last.get(e.fleet().orElseThrow().host()));
      }
      assertThat(log).anyMatch(m -> m.contains("fleet store unreachable"));
      proxy.mend();
      for (int r = 0; r < 8; r++) {
        round(engines);
        count(acknowledged);
      }
      assertThat(log).anyMatch(m -> m.contains("fleet store reachable again"));
      assertThat(stored()).as("every acknowledged exchange is kept").isEqualTo(acknowledged);
      assertThat(held(engines.get(1)))
          .as("h1 grows once the store is back")
          .isGreaterThan(600 * MIB);
    }
  }

  private static Instant acknowledgedAt(LiveEngine e) {
    return e.fleet().orElseThrow().acknowledged().orElseThrow();
  }

  /** Adds each engine's exchange of this round, when the store acknowledged it. */
  private void count(Map<String, Long> acknowledged) {
    for (LiveEngine e : engines) {
      FleetMember m = e.fleet().orElseThrow();
      if (m.acknowledged().orElseThrow().equals(now)) {
        acknowledged.merge(m.host(), 1L, Long::sum);
      }
    }
  }

  /** The exchanges the store counted per host, read directly. */
  private Map<String, Long> stored() throws SQLException {
    Map<String, Long> out = new HashMap<>();
    try (Connection c = DriverManager.getConnection(url());
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT host, ticks FROM " + schema.name() + ".fleet_hosts")) {
      while (r.next()) {
        out.put(r.getString(1), r.getLong(2));
      }
    }
    return out;
  }
}
