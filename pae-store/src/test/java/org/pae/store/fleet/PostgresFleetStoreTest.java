package org.pae.store.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pae.core.config.SettingsSource;
import org.pae.core.fleet.Claim;
import org.pae.core.fleet.FleetPrice;
import org.pae.core.fleet.FleetSettings;
import org.pae.core.fleet.FleetStore;
import org.pae.core.fleet.FleetUnavailable;
import org.pae.core.fleet.Grant;
import org.pae.core.fleet.Pool;
import org.pae.core.model.AccountId;
import org.pae.core.model.Criticality;
import org.pae.core.model.Resource;
import org.pae.core.registry.Registry;

/**
 * The PostgreSQL fleet store against the real server {@code .ci/run} starts (database {@code
 * pae_test}, or {@code PAE_PG_URL}), each test in a schema of its own. Skipped with a message
 * without a server, unless {@code PAE_REQUIRE_POSTGRES} is set (as CI does), when it fails.
 */
class PostgresFleetStoreTest {
  private static final Pool MEMORY = new Pool(AccountId.DEFAULT, Resource.MEMORY);
  private static final double QUOTA = 1000;

  private final List<FleetStore.Connection> opened = new ArrayList<>();
  private TestSchema schema;

  private static String url() {
    return TestSchema.url();
  }

  @BeforeEach
  void schema() {
    schema = TestSchema.create("fleet");
  }

  @AfterEach
  void drop() throws SQLException {
    opened.forEach(FleetStore.Connection::close);
    if (schema != null) {
      schema.close();
    }
  }

  /** A host's connection as {@code pae run} makes it: the registry's store for the URL. */
  private FleetStore.Connection host(String url, String lease) {
    FleetSettings settings =
        FleetSettings.from(
            SettingsSource.of(Map.of("fleet.store", schema.in(url), "fleet.lease", lease)));
    Registry registry = Registry.discovered(getClass().getClassLoader());
    FleetStore.Connection c =
        registry.entries(FleetStore.KIND).stream()
            .flatMap(e -> e.value().open(settings).stream())
            .findFirst()
            .orElseThrow();
    opened.add(c);
    return c;
  }

  private static FleetStore.Report report(String host, double held, double desired) {
    return new FleetStore.Report(
        host,
        Map.of(
            MEMORY,
            new FleetStore.Need(
                QUOTA, held, List.of(new Claim(Criticality.NORMAL, desired, desired / 4)))),
        Map.of(Resource.MEMORY, new FleetPrice.Quote(desired > 0 ? desired : 1, 1)));
  }

  @Test
  void hostsShareTheQuotaAndDemandMovesInTwoExchanges() {
    FleetStore.Connection a = host(url(), "30s");
    FleetStore.Connection b = host(url(), "30s");
    Grant ga = a.exchange(report("a", 0, 600)).grants().get(MEMORY);
    assertThat(ga.usable()).isCloseTo(QUOTA, within(1e-6));
    Grant gb = b.exchange(report("b", 0, 600)).grants().get(MEMORY);
    assertThat(gb.usable()).as("a holds its whole grant yet").isCloseTo(0, within(1e-6));
    // a now holds 600 and is told its share is 500; it keeps its record until it holds less.
    ga = a.exchange(report("a", 600, 600)).grants().get(MEMORY);
    assertThat(ga.usable()).isCloseTo(500, within(1e-6));
    assertThat(ga.recorded()).isCloseTo(600, within(1e-6));
    gb = b.exchange(report("b", 0, 600)).grants().get(MEMORY);
    assertThat(gb.usable()).isCloseTo(400, within(1e-6));
    ga = a.exchange(report("a", 500, 600)).grants().get(MEMORY);
    gb = b.exchange(report("b", 400, 600)).grants().get(MEMORY);
    assertThat(gb.usable()).isCloseTo(500, within(1e-6));
    FleetStore.Reply r = a.exchange(report("a", 500, 600));
    assertThat(r.prices().get(Resource.MEMORY)).isCloseTo(600, within(1e-6));
    assertThat(a.shares())
        .extracting(FleetStore.ShareView::host)
        .containsExactlyInAnyOrder("a", "b");
    assertThat(a.hosts().getValue()).extracting(FleetStore.HostView::ticks).containsExactly(4L, 3L);
  }

  /**
   * Three hosts exchanging at once, each on its own connection and thread, demand moving at random:
   * the records of the hosts never sum beyond the quota (the advisory locks serialise the exchanges
   * of a pool), and nothing fails.
   */
  @Test
  void concurrentExchangesNeverGrantBeyondTheQuota() throws Exception {
    List<FleetStore.Connection> hosts =
        List.of(host(url(), "30s"), host(url(), "30s"), host(url(), "30s"));
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Double> sums = new ConcurrentLinkedQueue<>();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int h = 0; h < hosts.size(); h++) {
      String name = "h" + h;
      FleetStore.Connection c = hosts.get(h);
      Random random = new Random(h);
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      start.await();
                      double usable = 0;
                      for (int i = 0; i < 40; i++) {
                        double desired = random.nextDouble() * QUOTA;
                        double held = Math.min(desired, usable);
                        usable =
                            c.exchange(report(name, held, desired)).grants().get(MEMORY).usable();
                      }
                    } catch (Throwable t) {
                      failures.add(t);
                    }
                  }));
    }
    Thread watcher =
        Thread.ofPlatform()
            .start(
                () -> {
                  try (Connection c = DriverManager.getConnection(url());
                      Statement s = c.createStatement()) {
                    while (threads.stream().anyMatch(Thread::isAlive)) {
                      try (ResultSet r =
                          s.executeQuery(
                              "SELECT coalesce(sum(recorded), 0) FROM "
                                  + schema.name()
                                  + ".fleet_shares")) {
                        r.next();
                        sums.add(r.getDouble(1));
                      } catch (SQLException e) {
                        // The tables may not exist at the very start.
                      }
                    }
                  } catch (SQLException e) {
                    failures.add(e);
                  }
                });
    start.countDown();
    for (Thread t : threads) {
      t.join();
    }
    watcher.join();
    assertThat(failures).isEmpty();
    assertThat(sums).isNotEmpty().allSatisfy(s -> assertThat(s).isLessThanOrEqualTo(QUOTA + 1e-6));
  }

  /**
   * The store cut off: an exchange fails saying so and keeps nothing; once the store is back the
   * next exchange connects again, and every acknowledged exchange is there.
   */
  @Test
  void aCutLosesNoAcknowledgedExchangeAndTheHostConnectsAgain() throws Exception {
    String direct = url();
    try (CuttableProxy proxy = new CuttableProxy("localhost", 5432)) {
      String through = direct.replaceFirst("//[^/]+/", "//127.0.0.1:" + proxy.port() + "/");
      FleetStore.Connection a = host(through, "3s");
      int acknowledged = 0;
      for (int i = 0; i < 3; i++) {
        a.exchange(report("a", 100, 100));
        acknowledged++;
      }
      proxy.cut();
      assertThatThrownBy(() -> a.exchange(report("a", 100, 100)))
          .isInstanceOf(FleetUnavailable.class);
      assertThatThrownBy(() -> a.exchange(report("a", 100, 100)))
          .isInstanceOf(FleetUnavailable.class)
          .hasMessageContaining("cannot reach the fleet store");
      proxy.mend();
      a.exchange(report("a", 100, 100));
      acknowledged++;
      assertThat(host(direct, "3s").hosts().getValue())
          .singleElement()
          .satisfies(h -> assertThat(h.ticks()).isEqualTo(4));
      assertThat(acknowledged).isEqualTo(4);
    }
  }

  @Test
  void aLeaseShorterThanTwoIntervalsIsRefused() {
    FleetSettings s =
        FleetSettings.from(SettingsSource.of(Map.of("fleet.store", url(), "fleet.lease", "1s")));
    assertThatThrownBy(() -> s.check(Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fleet.lease");
  }
}
