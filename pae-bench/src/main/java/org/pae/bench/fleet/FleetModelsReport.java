package org.pae.bench.fleet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.pae.core.config.SettingsSource;
import org.pae.core.context.ContextCalendar;
import org.pae.core.fleet.FleetHistory;
import org.pae.core.fleet.FleetModels;
import org.pae.core.fleet.FleetSettings;
import org.pae.core.fleet.FleetStore;
import org.pae.core.forecast.ForecasterRegistry;
import org.pae.core.forecast.PortableLearner;
import org.pae.core.model.AccountId;
import org.pae.core.model.ProgramCode;
import org.pae.core.model.Resource;
import org.pae.core.model.Workload;
import org.pae.core.model.WorkloadId;
import org.pae.core.model.WorkloadKind;
import org.pae.core.registry.Registry;
import org.pae.live.FleetLearning;
import org.pae.ml.UsageSeries;
import org.pae.ml.cf.CfConfig;
import org.pae.ml.cf.CfFleet;
import org.pae.ml.cf.CfModel;

/**
 * What sharing a collaborative-filtering model through the fleet store costs: {@code series} seeded
 * memory series of five-minute means over {@code days}, uploaded by three hosts, one host training
 * over all of them and publishing, and a fresh host loading the published version (fetch, checksum,
 * unpack, load, save, swap). Prints the bytes uploaded and published and the wall time of each
 * step, in a schema of its own that it drops. Run: {@code java -cp pae-bench/target/benchmarks.jar
 * org.pae.bench.fleet.FleetModelsReport [series] [days] [jdbc url]} (default 1000, 7, the CI's
 * {@code pae_test} database).
 */
public final class FleetModelsReport {
  private static final Duration STEP = Duration.ofMinutes(5);
  private static final Instant START = Instant.parse("2026-11-02T00:00:00Z");

  private FleetModelsReport() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int days = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    String url =
        args.length > 2
            ? args[2]
            : "jdbc:postgresql://localhost:5432/pae_test?user=pae&password=pae";
    String schema = "fleet_models_report_" + Long.toHexString(new Random().nextLong() >>> 8);
    try (var c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    Path dir = Files.createTempDirectory("pae-fleet-models");
    try {
      run(n, days, url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema, dir);
    } finally {
      try (var c = DriverManager.getConnection(url);
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }

  private static void run(int n, int days, String url, Path dir) throws Exception {
    int points = (int) (Duration.ofDays(days).toMillis() / STEP.toMillis());
    Instant now = START.plus(Duration.ofDays(days));
    Random random = new Random(42);
    List<List<FleetModels.Series>> hosts =
        List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    for (int i = 0; i < n; i++) {
      double level = 1e8 * (1 + random.nextInt(20));
      double swing = random.nextDouble() * 0.5;
      int peak = random.nextInt(24);
      double[] v = new double[points];
      for (int t = 0; t < points; t++) {
        double hour = (t * 5 / 60.0) % 24;
        v[t] =
            level
                * (1 + swing * Math.cos(2 * Math.PI * (hour - peak) / 24))
                * (1 + 0.05 * random.nextGaussian());
      }
      String host = "h" + i % 3;
      Workload w =
          Workload.of("vm-" + i, WorkloadKind.VM)
              .withProgram(ProgramCode.of("program-" + i % 17))
              .withAccount(new AccountId("account-" + i % 5));
      hosts.get(i % 3).add(new FleetModels.Series(host, w, Resource.MEMORY, START, STEP, v));
    }
    try (FleetStore.Connection store = connect(url);
        FleetModels models = store.models()) {
      long t0 = System.nanoTime();
      for (int h = 0; h < 3; h++) {
        models.upload("cf", "h" + h, hosts.get(h));
      }
      long uploaded = System.nanoTime() - t0;

      PortableLearner trainer = learner(dir.resolve("cf-trainer"), days);
      long t1 = System.nanoTime();
      FleetHistory fleet = new FleetHistory(models.training("cf"));
      long read = System.nanoTime() - t1;
      long t2 = System.nanoTime();
      FleetModels.Version v = FleetLearning.publish(models, "h0", trainer, fleet, now);
      long trained = System.nanoTime() - t2;
      byte[] files = models.files("cf", v.version());
      long t3 = System.nanoTime();
      models.publish(new FleetModels.Draft("cf", "h0", now, v.span(), v.series(), files));
      long published = System.nanoTime() - t3;

      List<String> log = new ArrayList<>();
      FleetLearning fresh =
          new FleetLearning(
              "h1",
              models,
              List.of(learner(dir.resolve("cf-loader"), days)),
              Duration.ZERO,
              log::add);
      long t4 = System.nanoTime();
      fresh.check(new FleetHistory(List.of()), now);
      long loaded = System.nanoTime() - t4;
      if (fresh.serving().get("cf") == null) {
        throw new IllegalStateException("the fresh host did not load the model: " + log);
      }
      System.out.printf(
          Locale.ROOT,
          "series %d x %d points (%d days at %s), 3 hosts%n"
              + "upload: %.1f MB of usage in %.2f s%n"
              + "trainer reads every host's series: %.2f s%n"
              + "train + write + publish: %.2f s%n"
              + "published model: %d bytes (%.1f bytes a series)%n"
              + "publish alone: %.3f s%n"
              + "load on a fresh host (fetch, checksum, unpack, load, save, swap): %.3f s%n",
          n,
          points,
          days,
          STEP,
          n * (double) points * Double.BYTES / 1e6,
          uploaded / 1e9,
          read / 1e9,
          trained / 1e9,
          files.length,
          files.length / (double) n,
          published / 1e9,
          loaded / 1e9);
    }
  }

  private static FleetStore.Connection connect(String url) {
    FleetSettings s =
        FleetSettings.from(SettingsSource.of(Map.of("fleet.store", url, "fleet.host", "bench")));
    return Registry.discovered(FleetModelsReport.class.getClassLoader())
        .entries(FleetStore.KIND)
        .stream()
        .flatMap(e -> e.value().open(s).stream())
        .findFirst()
        .orElseThrow();
  }

  /**
   * The {@code cf} model's learner as {@code pae run} finds it, over a model saved in {@code dir}.
   */
  private static PortableLearner learner(Path dir, int days) throws Exception {
    double[] flat = new double[24 * 12];
    java.util.Arrays.fill(flat, 1e9);
    CfFleet.save(
        Map.of(
            Resource.MEMORY,
            CfModel.train(
                List.of(
                    new UsageSeries(
                        WorkloadId.of("seed"),
                        AccountId.DEFAULT,
                        java.util.Set.of(),
                        START,
                        STEP,
                        flat)),
                ContextCalendar.UTC,
                CfConfig.standard(1))),
        dir);
    ForecasterRegistry registry =
        ForecasterRegistry.discovered(FleetModelsReport.class.getClassLoader());
    return (PortableLearner)
        registry
            .factory("cf", Map.of("model", dir.toString(), "history", days + "d"))
            .learners()
            .getFirst();
  }
}
