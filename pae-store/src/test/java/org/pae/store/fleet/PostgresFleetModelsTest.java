package org.pae.store.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pae.core.config.SettingsSource;
import org.pae.core.fleet.FleetModels;
import org.pae.core.fleet.FleetSettings;
import org.pae.core.fleet.FleetStore;
import org.pae.core.fleet.FleetUnavailable;
import org.pae.core.model.AccountId;
import org.pae.core.model.Criticality;
import org.pae.core.model.ProgramCode;
import org.pae.core.model.Resource;
import org.pae.core.model.Workload;
import org.pae.core.model.WorkloadId;
import org.pae.core.model.WorkloadKind;
import org.pae.core.registry.Registry;

/**
 * The fleet's learned models in the real PostgreSQL server {@code .ci/run} starts, each test in a
 * schema of its own. Skipped with a message without a server, unless {@code PAE_REQUIRE_POSTGRES}
 * is set (as CI does), when it fails.
 */
class PostgresFleetModelsTest {
  private static final Instant T = Instant.parse("2026-12-07T00:00:00Z");
  private final List<AutoCloseable> opened = new ArrayList<>();
  private TestSchema schema;

  @BeforeEach
  void schema() {
    schema = TestSchema.create("fleet_models");
  }

  @AfterEach
  void drop() throws Exception {
    for (AutoCloseable c : opened) {
      c.close();
    }
    if (schema != null) {
      schema.close();
    }
  }

  /** A host's models connection as {@code pae run} makes it, through the registry's store. */
  private FleetModels host(String url) {
    FleetSettings settings =
        FleetSettings.from(SettingsSource.of(Map.of("fleet.store", schema.in(url))));
    FleetStore.Connection c =
        Registry.discovered(getClass().getClassLoader()).entries(FleetStore.KIND).stream()
            .flatMap(e -> e.value().open(settings).stream())
            .findFirst()
            .orElseThrow();
    FleetModels m = c.models();
    opened.add(c);
    opened.add(m);
    return m;
  }

  private static FleetModels.Series series(String host, String workload, double... usage) {
    Workload w =
        new Workload(
            WorkloadId.of(workload),
            WorkloadKind.CONTAINER,
            Optional.of(WorkloadId.of("vm-" + host)),
            new ProgramCode("nginx", List.of("redis"), List.of("business-hours")),
            new AccountId("shop"),
            Criticality.CRITICAL);
    return new FleetModels.Series(host, w, Resource.MEMORY, T, Duration.ofMinutes(5), usage);
  }

  @Test
  void uploadsReplaceAHostsSeriesAndTheTrainerReadsEveryHosts() {
    FleetModels a = host(TestSchema.url());
    FleetModels b = host(TestSchema.url());
    a.upload("cf", "a", List.of(series("a", "web", 1, Double.NaN, 3)));
    b.upload("cf", "b", List.of(series("b", "web", 4, 5, 6), series("b", "db", 7, 8, 9)));
    a.upload("cf", "a", List.of(series("a", "db", 10, 11, 12)));
    a.upload("lstm", "a", List.of(series("a", "web", 13)));

    List<FleetModels.Series> read = b.training("cf");
    assertThat(read)
        .extracting(s -> s.host() + " " + s.workload().id().value())
        .containsExactly("a db", "b db", "b web");
    FleetModels.Series first = read.getFirst();
    assertThat(first.workload()).isEqualTo(series("a", "db").workload());
    assertThat(first.usage()).containsExactly(10, 11, 12);
    assertThat(first.from()).isEqualTo(T);
    assertThat(first.step()).isEqualTo(Duration.ofMinutes(5));
    assertThat(a.training("lstm")).hasSize(1);
    assertThatThrownBy(() -> a.upload("cf", "a", List.of(series("b", "web", 1))))
        .isInstanceOf(FleetUnavailable.class)
        .hasMessageContaining("cannot upload a series of host b");
    assertThat(b.training("cf")).hasSize(3);
  }

  @Test
  void oneOfManyHostsAskingAtOnceTakesTheTurnAndNoneBeforeThePeriodIsOver() throws Exception {
    List<FleetModels> hosts = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      hosts.add(host(TestSchema.url()));
    }
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Callable<Boolean>> bids = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        FleetModels h = hosts.get(i);
        String name = "h" + i;
        bids.add(() -> h.claim("cf", name, Duration.ofHours(1)));
      }
      int taken = 0;
      for (Future<Boolean> f : pool.invokeAll(bids)) {
        taken += f.get() ? 1 : 0;
      }
      assertThat(taken).isEqualTo(1);
    } finally {
      pool.shutdown();
    }
    assertThat(hosts.get(0).claim("cf", "h0", Duration.ofHours(1))).isFalse();
    assertThat(hosts.get(1).claim("lstm", "h1", Duration.ofHours(1))).as("another model").isTrue();
    assertThat(hosts.get(2).claim("cf", "h2", Duration.ZERO)).as("a period of zero").isTrue();
  }

  @Test
  void versionsFollowEachOtherWithTheirChecksumAndTheNewestFiveAreKept() {
    FleetModels a = host(TestSchema.url());
    assertThat(a.newest("cf")).isEmpty();
    for (int i = 1; i <= 7; i++) {
      byte[] files = {(byte) i, 2, 3};
      FleetModels.Version v =
          a.publish(new FleetModels.Draft("cf", "a", T, Duration.ofDays(28), 10 * i, files));
      assertThat(v.version()).isEqualTo(i);
      assertThat(v.checksum()).isEqualTo(FleetModels.checksum(files));
    }
    FleetModels.Version newest = a.newest("cf").orElseThrow();
    assertThat(newest)
        .isEqualTo(
            new FleetModels.Version(
                "cf",
                7,
                "a",
                T,
                Duration.ofDays(28),
                70,
                3,
                FleetModels.checksum(new byte[] {7, 2, 3})));
    assertThat(a.files("cf", 7)).containsExactly(7, 2, 3);
    assertThat(a.files("cf", 3)).containsExactly(3, 2, 3);
    assertThatThrownBy(() -> a.files("cf", 2))
        .isInstanceOf(FleetUnavailable.class)
        .hasMessageContaining("no longer kept");
  }

  @Test
  void aCutConnectionFailsTheCallKeepsNothingAndTheNextConnectsAgain() throws Exception {
    try (CuttableProxy proxy = new CuttableProxy("localhost", 5432)) {
      String through =
          TestSchema.url().replaceFirst("//[^/]+/", "//127.0.0.1:" + proxy.port() + "/");
      FleetModels a = host(through);
      FleetModels direct = host(TestSchema.url());
      a.upload("cf", "a", List.of(series("a", "web", 1)));
      proxy.cut();
      assertThatThrownBy(() -> a.upload("cf", "a", List.of(series("a", "db", 2))))
          .isInstanceOf(FleetUnavailable.class);
      assertThatThrownBy(() -> a.newest("cf")).isInstanceOf(FleetUnavailable.class);
      assertThat(direct.training("cf"))
          .extracting(s -> s.workload().id().value())
          .containsExactly("web");
      proxy.mend();
      a.upload("cf", "a", List.of(series("a", "db", 2)));
      assertThat(direct.training("cf"))
          .extracting(s -> s.workload().id().value())
          .containsExactly("db");
    }
  }
}
