package org.pae.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pae.core.assembly.Assembly;
import org.pae.core.config.SettingsSource;
import org.pae.core.context.ContextCalendar;
import org.pae.core.fleet.FleetMember;
import org.pae.core.fleet.FleetModels;
import org.pae.core.fleet.FleetSettings;
import org.pae.core.fleet.FleetStore;
import org.pae.core.fleet.ModelArchive;
import org.pae.core.forecast.Forecaster;
import org.pae.core.forecast.ForecasterRegistry;
import org.pae.core.model.AccountId;
import org.pae.core.model.Resource;
import org.pae.core.model.SeriesKey;
import org.pae.core.model.WorkloadId;
import org.pae.core.registry.Registry;
import org.pae.core.settings.Settings;
import org.pae.host.CgroupHierarchy;
import org.pae.host.HostSettings;
import org.pae.ml.ModelFiles;
import org.pae.ml.UsageSeries;
import org.pae.ml.cf.CfConfig;
import org.pae.ml.cf.CfFleet;
import org.pae.ml.cf.CfModel;
import org.pae.store.fleet.CuttableProxy;
import org.pae.store.fleet.TestSchema;

/**
 * Three live engines in this JVM, each with its own data directory, cgroup tree and collaborative
 * filtering model, sharing their learned model through the real PostgreSQL server (database {@code
 * pae_test} or {@code PAE_PG_URL}, a schema of this test's own) behind a relay the test can cut.
 * Every host runs a workload {@code db} (the same name on every host) and one of its own, {@code
 * web<i>}, whose memory follows a daily shape of its own. One host trains over every host's
 * uploaded series and publishes; every host then serves the published bytes; a corrupt or
 * unloadable version is refused and the one serving stays; so it does while the store is away.
 * Skipped with a message without a server, unless {@code PAE_REQUIRE_POSTGRES} is set (as CI does),
 * when it fails.
 */
class FleetModelsTest {
  private static final double MIB = 1 << 20;
  private static final Duration STEP = Duration.ofMinutes(5);
  private static final Instant MONDAY = Instant.parse("2026-11-30T00:00:00Z");

  @TempDir Path dir;
  private TestSchema schema;
  private final List<LiveEngine> engines = new ArrayList<>();
  private final List<Path> cgroupfs = new ArrayList<>();
  private final List<Path> models = new ArrayList<>();
  private final List<String> log = new CopyOnWriteArrayList<>();
  private Instant now = MONDAY;

  @BeforeEach
  void schema() {
    schema = TestSchema.create("fleet_models");
  }

  @AfterEach
  void drop() throws SQLException {
    engines.forEach(LiveEngine::close);
    if (schema != null) {
      schema.close();
    }
  }

  /** Engine {@code i}, host h{@code i} of the fleet at {@code store}. */
  private void engine(int i, String store) throws Exception {
    Path fs = Files.createDirectories(dir.resolve("cgroupfs-" + i));
    for (String name : List.of("db", "web" + i)) {
      LiveFixtures.fakeCgroup(fs, name);
    }
    cgroupfs.add(fs);
    Path model = dir.resolve("cf-" + i);
    models.add(model);
    // Each host starts from a model of its own, trained elsewhere on one flat series.
    double[] flat = new double[24 * 12];
    java.util.Arrays.fill(flat, 100 * MIB * (i + 1));
    CfFleet.save(
        Map.of(
            Resource.MEMORY,
            CfModel.train(
                List.of(
                    new UsageSeries(
                        WorkloadId.of("elsewhere"),
                        AccountId.DEFAULT,
                        Set.of(),
                        MONDAY.minus(Duration.ofDays(7)),
                        STEP,
                        flat)),
                ContextCalendar.UTC,
                CfConfig.standard(1))),
        model);
    Map<String, String> o = new HashMap<>();
    o.put("loop.interval", "5m");
    o.put("allocate.policy", "threshold");
    o.put("forecast.model", "cf");
    o.put("forecast.cf.model", model.toString());
    o.put("forecast.cf.history", "2h");
    o.put("history.retrain-every", "1h");
    o.put("host.cgroups", "/db,/web" + i);
    o.put("host.observe-cgroups", "false");
    o.put("host.processes", "false");
    o.put("host.network", "false");
    Map<String, String> f =
        Map.of(
            "fleet.store",
            schema.in(store),
            "fleet.host",
            "h" + i,
            "fleet.lease",
            "1h",
            "fleet.model-check",
            "5m");
    FleetSettings fleet = FleetSettings.from(SettingsSource.of(f));
    FleetStore.Connection connection =
        Registry.discovered(getClass().getClassLoader()).entries(FleetStore.KIND).stream()
            .flatMap(e -> e.value().open(fleet).stream())
            .findFirst()
            .orElseThrow();
    ForecasterRegistry registry = ForecasterRegistry.discovered(getClass().getClassLoader());
    engines.add(
        new LiveEngine(
            new Assembly(Settings.load(o, registry), registry),
            LiveEngine.Options.of(
                    HostSettings.from(o, 0.05),
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
                            m -> log.add("h" + i + ": " + m))))));
  }

  /** What host {@code i}'s workloads use at {@code t}: each its own daily shape. */
  private void use(int i, Instant t) throws Exception {
    double hour = (t.getEpochSecond() % 86_400) / 3600.0;
    double db = 200 + 50 * Math.sin(2 * Math.PI * hour / 24);
    double web = 100 * (i + 1) + 40 * i * Math.cos(2 * Math.PI * hour / 24);
    Files.writeString(cgroupfs.get(i).resolve("db/memory.current"), (long) (db * MIB) + "\n");
    Files.writeString(
        cgroupfs.get(i).resolve("web" + i + "/memory.current"), (long) (web * MIB) + "\n");
  }

  /**
   * One interval: each engine ticks in turn, and whatever it started on its trainer's thread ends.
   */
  private void round() throws Exception {
    now = now.plus(STEP);
    for (int i = 0; i < engines.size(); i++) {
      use(i, now);
      LiveEngine e = engines.get(i);
      e.tick(now);
      e.retraining().get(2, TimeUnit.MINUTES);
    }
  }

  private static Optional<FleetModels.Version> serving(LiveEngine e) {
    return Optional.ofNullable(e.fleetLearning().orElseThrow().serving().get("cf"));
  }

  private FleetModels store(String url) {
    FleetSettings s =
        FleetSettings.from(
            SettingsSource.of(Map.of("fleet.store", schema.in(url), "fleet.host", "test")));
    return Registry.discovered(getClass().getClassLoader()).entries(FleetStore.KIND).stream()
        .flatMap(e -> e.value().open(s).stream())
        .findFirst()
        .orElseThrow()
        .models();
  }

  @Test
  void oneHostTrainsOverEveryHostsHistoryAndEveryHostServesWhatWasPublished() throws Exception {
    try (CuttableProxy proxy = new CuttableProxy("localhost", 5432);
        FleetModels direct = store(TestSchema.url())) {
      String through =
          TestSchema.url().replaceFirst("//[^/]+/", "//127.0.0.1:" + proxy.port() + "/");
      for (int i = 0; i < 3; i++) {
        engine(i, through);
      }
      byte[] before = Files.readAllBytes(models.get(1).resolve("memory.cf"));
      // An hour of ticks: the first upload is due an hour after the first check.
      for (int r = 0; r < 12; r++) {
        round();
      }
      assertThat(direct.newest("cf")).as("nothing trained within the first hour").isEmpty();
      assertThat(Files.readAllBytes(models.get(1).resolve("memory.cf"))).isEqualTo(before);
      round(); // every host uploads its series
      assertThat(direct.training("cf"))
          .extracting(FleetModels.Series::host)
          .containsOnly("h0", "h1", "h2")
          .hasSize(6);
      round(); // h0 bids first and takes the turn; the others load what it published
      FleetModels.Version v1 = direct.newest("cf").orElseThrow();
      assertThat(v1.version()).isEqualTo(1);
      assertThat(v1.host()).isEqualTo("h0");
      assertThat(v1.series()).isEqualTo(6);
      assertThat(log).filteredOn(m -> m.contains("published it as version")).hasSize(1);

      // The model trained on the fleet's history holds every host's series: the names unique in
      // the fleet as they are, db once per host.
      CfModel trained = CfFleet.load(models.get(0)).get(Resource.MEMORY);
      assertThat(trained.workloads()).isEqualTo(6);
      for (String w : List.of("/web0", "/web1", "/web2", "h0:/db", "h1:/db", "h2:/db")) {
        assertThat(trained.prior(WorkloadId.of(w), Set.of()).source()).as(w).isEqualTo("known");
      }
      // Every host, the trainer included, serves the published version, saved as published.
      byte[] published = direct.files("cf", 1);
      Path unpacked = dir.resolve("published");
      ModelFiles.write(ModelArchive.unpack(published), unpacked);
      for (int i = 0; i < 3; i++) {
        assertThat(serving(engines.get(i))).as("h%d, log %s", i, log).contains(v1);
        assertThat(Files.readAllBytes(models.get(i).resolve("memory.cf")))
            .isEqualTo(Files.readAllBytes(unpacked.resolve("memory.cf")));
      }
      assertThat(FleetModels.checksum(published)).isEqualTo(v1.checksum());
      // The same series gets the same forecasts from every host's model.
      List<Double> forecasts = new ArrayList<>();
      for (Path m : models) {
        forecasts.add(median(new CfFleet(CfFleet.load(m), ContextCalendar.UTC)));
      }
      assertThat(forecasts.get(0)).isPositive();
      assertThat(forecasts).containsOnly(forecasts.get(0));
      assertThat(median(new CfFleet(CfFleet.load(unpacked), ContextCalendar.UTC)))
          .isEqualTo(forecasts.get(0));

      // A version whose bytes were damaged in the store is refused, once, and v1 keeps serving.
      direct.publish(draft(published));
      try (Connection c = DriverManager.getConnection(TestSchema.url());
          Statement s = c.createStatement()) {
        s.execute(
            "UPDATE "
                + schema.name()
                + ".fleet_models SET files = overlay(files placing '\\xff'::bytea from 40 for 1)"
                + " WHERE version = 2");
      }
      round();
      round();
      assertThat(log).filteredOn(m -> m.contains("refusing cf version 2")).hasSize(3);
      // A version that verifies but is no model fails to load, once, and v1 keeps serving.
      direct.publish(draft(new byte[] {1, 2, 3, 4}));
      round();
      round();
      assertThat(log).filteredOn(m -> m.contains("cannot load cf version 3")).hasSize(3);
      for (int i = 0; i < 3; i++) {
        assertThat(serving(engines.get(i))).contains(v1);
        assertThat(Files.readAllBytes(models.get(i).resolve("memory.cf")))
            .isEqualTo(Files.readAllBytes(unpacked.resolve("memory.cf")));
      }

      // The store away: a good version published meanwhile waits, v1 keeps serving.
      proxy.cut();
      FleetModels.Version v4 = direct.publish(draft(published));
      round();
      round();
      assertThat(log)
          .filteredOn(m -> m.contains("fleet store unreachable for the learned models"))
          .hasSize(3);
      for (LiveEngine e : engines) {
        assertThat(serving(e)).contains(v1);
      }
      proxy.mend();
      round();
      for (LiveEngine e : engines) {
        assertThat(serving(e)).as("log %s", log).contains(v4);
      }
      assertThat(log)
          .filteredOn(m -> m.contains("fleet store reachable again for the learned models"))
          .hasSize(3);
    }
  }

  private FleetModels.Draft draft(byte[] files) {
    return new FleetModels.Draft("cf", "test", now, Duration.ofHours(2), 6, files);
  }

  /** The median an hour ahead of a fresh series of {@code cf} after a day of a shape. */
  private static double median(CfFleet cf) {
    Forecaster f = cf.create(new SeriesKey(WorkloadId.of("probe"), Resource.MEMORY));
    for (int k = 0; k < 24 * 12; k++) {
      Instant t = MONDAY.plus(STEP.multipliedBy(k));
      f.observe(t, MIB * (150 + 30 * Math.sin(k / 12.0)));
    }
    return f.quantile(Duration.ofHours(1), 0.5);
  }
}
