package org.pae.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pae.core.forecast.Forecaster;
import org.pae.core.forecast.ForecasterFactory;
import org.pae.core.forecast.ForecasterRegistry;
import org.pae.core.forecast.LastValueForecaster;
import org.pae.core.forecast.Learner;
import org.pae.core.forecast.SeriesSpec;
import org.pae.core.model.Resource;
import org.pae.core.model.SeriesKey;
import org.pae.core.model.Workload;
import org.pae.core.model.WorkloadKind;
import org.pae.core.ports.TrainingHistory;
import org.pae.core.settings.Settings;
import org.pae.host.Cgroup;
import org.pae.host.CgroupHierarchy;
import org.pae.host.HostSettings;
import picocli.CommandLine;

class DaemonTest {
  @TempDir Path dir;

  private static String[] run(Path settings, Path data, String... more) {
    List<String> args = new ArrayList<>(List.of("run", "--settings", settings.toString()));
    args.addAll(List.of("--data-dir", data.toString()));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  private int execute(StringWriter err, String... args) {
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err));
    cli.setOut(new PrintWriter(new StringWriter()));
    return cli.execute(args);
  }

  @Test
  void aBadSettingsFileRefusesToStartNamingTheKey() throws Exception {
    Map<String, String> bad =
        Map.of(
            "host.cgroupz = /a",
            "unknown setting 'host.cgroupz'",
            "host.enforce = memory, gpu",
            "host.enforce: PAE cannot enforce gpu",
            "actuator.attempts = 0",
            "actuator.attempts must be at least 1",
            "host.processes = yes",
            "host.processes = 'yes' is not true or false",
            "history.refit-from-store = maybe",
            "history.refit-from-store = 'maybe' is not true or false",
            "history.step = 5 minutes",
            "history.step = '5 minutes' is not a duration",
            "host.cgroups = /pae-no-such-cgroup-here",
            "host.cgroups: cgroup v1 /pae-no-such-cgroup-here does not exist");
    for (Map.Entry<String, String> e : bad.entrySet()) {
      Path file = dir.resolve("bad.properties");
      Files.writeString(file, e.getKey() + "\nhost.processes.pss = false\n");
      StringWriter err = new StringWriter();
      int code = execute(err, run(file, dir.resolve("data"), "--iterations", "1"));
      assertThat(code).as(e.getKey()).isEqualTo(2);
      assertThat(err.toString())
          .as(e.getKey())
          .contains("refusing to start")
          .contains(e.getValue());
    }
  }

  @Test
  void readsRefitWindowsFromTheStoreOnlyWhereItKeepsThemRaw() {
    ForecasterRegistry registry = ForecasterRegistry.standard();
    List<String> log = new ArrayList<>();
    // 2,016 ticks of 5 s are 2.8 h, within the 6 h of raw samples kept by default.
    Map<String, String> fast = Map.of();
    assertThat(
            Daemon.refitsFromStore(
                Settings.load(fast, registry), HostSettings.from(fast, 0.05), log::add))
        .isTrue();
    assertThat(log).isEmpty();
    // At 5 minutes they are 7 days: the windows stay in memory, and the log says why.
    Map<String, String> slow = Map.of("loop.interval", "5m");
    assertThat(
            Daemon.refitsFromStore(
                Settings.load(slow, registry), HostSettings.from(slow, 0.05), log::add))
        .isFalse();
    assertThat(log)
        .singleElement()
        .asString()
        .contains("forecast.ensemble.history (2016)", "history.raw-retention (PT6H)");
    Map<String, String> longer =
        Map.of(
            "loop.interval",
            "5m",
            "history.raw-retention",
            "8d",
            "history.downsampled-retention",
            "28d");
    assertThat(
            Daemon.refitsFromStore(
                Settings.load(longer, registry), HostSettings.from(longer, 0.05), log::add))
        .isTrue();
    Map<String, String> off = Map.of("history.refit-from-store", "false");
    assertThat(
            Daemon.refitsFromStore(
                Settings.load(off, registry), HostSettings.from(off, 0.05), log::add))
        .isFalse();
  }

  @Test
  void aModelWhoseHistoryIsADurationStartsAndKeepsItsWindowsInMemory() {
    // Issue 16: forecast.cf.history = 28d was parsed as a step count ("For input string").
    ForecasterRegistry registry = ForecasterRegistry.standard();
    registry.register("learned", params -> series -> new LastValueForecaster());
    Map<String, String> o = Map.of("forecast.model", "learned", "forecast.learned.history", "28d");
    List<String> log = new ArrayList<>();
    assertThat(
            Daemon.refitsFromStore(
                Settings.load(o, registry), HostSettings.from(o, 0.05), log::add))
        .isFalse();
    assertThat(log)
        .singleElement()
        .asString()
        .contains("forecast.learned.history (28d)", "history.raw-retention (PT6H)");
  }

  @Test
  void runsOneTickWritingItsHistoryAndARestartIsWarm() throws Exception {
    Path file = dir.resolve("ok.properties");
    Files.writeString(
        file, "host.observe-cgroups = false\nhost.network = true\nloop.interval = 200ms\n");
    Path data = dir.resolve("data");
    StringWriter err = new StringWriter();
    assertThat(execute(err, run(file, data, "--iterations", "3"))).as(err.toString()).isZero();
    assertThat(data.resolve("history.duckdb")).exists();

    ForecasterRegistry registry = ForecasterRegistry.standard();
    Map<String, String> o = Map.of("host.observe-cgroups", "false", "host.processes", "false");
    Settings s = Settings.load(o, registry);
    try (Daemon d =
        new Daemon(
            s,
            HostSettings.from(o, 0.05),
            s.forecasterFactory(registry),
            false,
            CgroupHierarchy.host(),
            Path.of("/proc"),
            data,
            m -> {})) {
      assertThat(d.warmUp(Instant.now())).as("samples replayed from the first run").isPositive();
      assertThat(d.history().workloads()).anyMatch(w -> w.kind() == WorkloadKind.PROCESS);
      Daemon.Snapshot tick = d.tick(Instant.now());
      assertThat(tick.observations()).anyMatch(ob -> ob.resource() == Resource.NETWORK);
      assertThat(d.latest()).contains(tick);
      assertThat(tick.actuations()).allMatch(a -> a.status().name().equals("RECOMMENDED"));
    }
  }

  /**
   * A workload of the stored history that is not there after the restart is forgotten at the first
   * tick: the warm-up replays it, but nothing else would ever drop it.
   */
  @Test
  void aWorkloadOnlyInTheHistoryIsForgottenAtTheFirstTick() {
    ForecasterRegistry registry = ForecasterRegistry.standard();
    Map<String, String> o = Map.of("host.observe-cgroups", "false", "host.processes", "false");
    Settings s = Settings.load(o, registry);
    Path data = dir.resolve("data");
    Instant now = Instant.now();
    Workload gone = Workload.of("gone-before-the-restart", WorkloadKind.PROCESS);
    try (org.pae.store.JdbcHistoryStore store =
        org.pae.store.JdbcHistoryStore.duckdb(
            data.resolve("history.duckdb"), HostSettings.from(o, 0.05).retention())) {
      store.describe(gone);
      for (int i = 10; i > 0; i--) {
        store.record(
            new org.pae.core.loop.Plan(
                now.minusSeconds(5L * i),
                List.of(
                    new org.pae.core.allocate.Decision.Hold(
                        new SeriesKey(gone.id(), Resource.MEMORY),
                        2e9,
                        new org.pae.core.allocate.Reason(
                            org.pae.core.allocate.Rule.WITHIN_BAND,
                            java.util.OptionalDouble.of(1e9),
                            java.util.Optional.empty(),
                            java.util.Set.of())))));
      }
    }
    try (Daemon d =
        new Daemon(
            s,
            HostSettings.from(o, 0.05),
            s.forecasterFactory(registry),
            false,
            CgroupHierarchy.host(),
            Path.of("/proc"),
            data,
            m -> {})) {
      assertThat(d.warmUp(now)).isEqualTo(10);
      assertThat(d.tracks(gone.id())).isTrue();
      d.tick(now);
      assertThat(d.tracks(gone.id())).isFalse();
    }
  }

  /**
   * The learned models behind the configured one retrain from the daemon's own history (the real
   * DuckDB store) once a period has passed since the first tick, on a thread of their own; one that
   * fails is logged and the others still retrain.
   */
  @Test
  void retrainsItsLearnedModelsFromItsHistoryOnSchedule() throws Exception {
    ForecasterRegistry registry = ForecasterRegistry.standard();
    Map<String, String> o =
        Map.of(
            "host.observe-cgroups", "false",
            "host.processes", "false",
            "history.retrain-every", "1d");
    Settings s = Settings.load(o, registry);
    ForecasterFactory ensemble = s.forecasterFactory(registry);
    List<String> read = new CopyOnWriteArrayList<>();
    Learner reading =
        new Learner() {
          @Override
          public String name() {
            return "reading";
          }

          @Override
          public String retrain(TrainingHistory history, Instant now) {
            for (Workload w : history.workloads()) {
              double[] usage =
                  history.usage(
                      new SeriesKey(w.id(), Resource.NETWORK),
                      now.minus(Duration.ofDays(2)),
                      now.plus(Duration.ofMinutes(1)),
                      Duration.ofMinutes(1));
              read.add(
                  w.id().value()
                      + " "
                      + Arrays.stream(usage).filter(v -> !Double.isNaN(v)).count());
            }
            return "reading retrained on " + read.size() + " workloads";
          }
        };
    Learner failing =
        new Learner() {
          @Override
          public String name() {
            return "failing";
          }

          @Override
          public String retrain(TrainingHistory history, Instant now) {
            throw new IllegalStateException("no complete training window");
          }
        };
    ForecasterFactory models =
        new ForecasterFactory() {
          @Override
          public Forecaster create(SeriesSpec spec) {
            return ensemble.create(spec);
          }

          @Override
          public List<Learner> learners() {
            return List.of(failing, reading);
          }
        };
    List<String> log = new CopyOnWriteArrayList<>();
    Instant t0 = Instant.parse("2026-11-02T00:00:00Z");
    try (Daemon d =
        new Daemon(
            s,
            HostSettings.from(o, 0.05),
            models,
            false,
            CgroupHierarchy.host(),
            Path.of("/proc"),
            dir,
            log::add)) {
      d.tick(t0);
      d.tick(t0.plus(Duration.ofHours(23)));
      assertThat(d.retraining()).isDone();
      assertThat(read).isEmpty();
      d.tick(t0.plus(Duration.ofDays(1)));
      d.retraining().get(1, TimeUnit.MINUTES);
      // Every interface seen has a rate from its second and third ticks (the first only starts
      // the counters), in two one-minute buckets.
      assertThat(read).isNotEmpty().allMatch(line -> line.endsWith(" 2"));
      assertThat(log)
          .contains("retraining failing, reading from the history every PT24H")
          .contains("reading retrained on " + read.size() + " workloads")
          .anyMatch(
              m ->
                  m.equals(
                      "retraining failing failed, the old model keeps serving: no complete"
                          + " training window"));
      d.tick(t0.plus(Duration.ofDays(1)).plusSeconds(5));
      assertThat(d.retraining().get(1, TimeUnit.MINUTES)).isNull();
      assertThat(log).filteredOn(m -> m.startsWith("reading retrained")).hasSize(1);
    }
  }

  @Test
  void adoptsAProcessIntoACgroupOfItsOwnAndManagesIt() throws Exception {
    try (KernelCgroups k = new KernelCgroups()) {
      Cgroup holder = k.create("/holder");
      Process child = k.start(holder, MemoryGrower.class, "8", "2", "10", "60000");
      String root = k.root + "/adopted";
      Map<String, String> o =
          Map.of(
              "host.adopt-pids", Long.toString(child.pid()),
              "host.adopt-root", root,
              "host.observe-cgroups", "false",
              "host.processes", "false",
              "host.network", "false",
              "loop.interval", "200ms");
      ForecasterRegistry registry = ForecasterRegistry.standard();
      Settings s = Settings.load(o, registry);
      Cgroup adopted = k.hierarchy.cgroup(root + "/pid-" + child.pid());
      try (Daemon d =
          new Daemon(
              s,
              HostSettings.from(o, 0.05),
              s.forecasterFactory(registry),
              true,
              k.hierarchy,
              Path.of("/proc"),
              dir,
              m -> {})) {
        assertThat(adopted.pids()).containsExactly(child.pid());
        assertThat(d.managed())
            .singleElement()
            .satisfies(
                m -> {
                  assertThat(m.workload().kind()).isEqualTo(WorkloadKind.PROCESS);
                  assertThat(m.workload().id().value()).isEqualTo(adopted.path());
                });
        d.tick(Instant.now());
        Thread.sleep(Duration.ofMillis(200));
        Daemon.Snapshot tick = d.tick(Instant.now());
        assertThat(tick.observations())
            .anyMatch(ob -> ob.resource() == Resource.CPU && ob.usage().isPresent());
      }
    }
  }
}
