package org.pae.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pae.core.assembly.Assembly;
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
import org.pae.core.ports.past.TrainingHistory;
import org.pae.core.settings.Settings;
import org.pae.host.CgroupHierarchy;
import org.pae.host.HostSettings;

/**
 * The live engine on this host's {@code /proc}, with its real DuckDB history; where it adopts
 * processes, in a cgroup v2 hierarchy laid out in a temporary directory (the files a kernel's
 * cgroupfs has, without moving any real process).
 */
class LiveEngineTest {
  @TempDir Path dir;

  /**
   * Issue 16: the engine moved the processes of {@code host.adopt-pids} into cgroups of their own
   * before it checked that the cgroups of {@code host.cgroups} exist, so a typo in a cgroup's name
   * left processes moved by an engine that then refused to start.
   */
  @Test
  void aMissingCgroupIsRefusedBeforeAnyProcessIsAdopted() throws Exception {
    Path fs = Files.createDirectories(dir.resolve("cgroupfs"));
    CgroupHierarchy hierarchy =
        new CgroupHierarchy(Map.of(), Optional.of(fs), Set.of("memory", "cpu", "io"));
    long pid = ProcessHandle.current().pid();
    Map<String, String> o =
        Map.of(
            "host.cgroups", "/no-such-vm",
            "host.adopt-pids", Long.toString(pid),
            "host.adopt-root", "/adopted",
            "host.observe-cgroups", "false",
            "host.processes", "false",
            "host.network", "false");
    assertThatThrownBy(() -> engine(o, hierarchy, dir.resolve("data")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("host.cgroups")
        .hasMessageContaining("/no-such-vm does not exist");
    try (Stream<Path> written = Files.walk(fs)) {
      assertThat(written).as("nothing created under the cgroup root").containsExactly(fs);
    }
  }

  @Test
  void aProcessThatIsNotRunningIsRefusedBeforeAnythingIsWritten() throws Exception {
    Path fs = Files.createDirectories(dir.resolve("cgroupfs"));
    Files.createDirectories(fs.resolve("vm1"));
    CgroupHierarchy hierarchy =
        new CgroupHierarchy(Map.of(), Optional.of(fs), Set.of("memory", "cpu", "io"));
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Map<String, String> o =
        Map.of(
            "host.cgroups", "/vm1",
            "host.adopt-pids", ProcessHandle.current().pid() + ", " + gone.pid(),
            "host.adopt-root", "/adopted",
            "host.observe-cgroups", "false",
            "host.processes", "false",
            "host.network", "false");
    assertThatThrownBy(() -> engine(o, hierarchy, dir.resolve("data")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("host.adopt-pids: no process " + gone.pid());
    assertThat(fs.resolve("adopted")).doesNotExist();
    assertThat(dir.resolve("data")).doesNotExist();
  }

  @Test
  void adoptsIntoTheCgroupsOfItsOwnOnceEverythingIsChecked() throws Exception {
    Path fs = Files.createDirectories(dir.resolve("cgroupfs"));
    Files.createDirectories(fs.resolve("vm1"));
    CgroupHierarchy hierarchy =
        new CgroupHierarchy(Map.of(), Optional.of(fs), Set.of("memory", "cpu", "io"));
    long pid = ProcessHandle.current().pid();
    Map<String, String> o =
        Map.of(
            "host.cgroups", "/vm1",
            "host.adopt-pids", Long.toString(pid),
            "host.adopt-root", "/adopted",
            "host.observe-cgroups", "false",
            "host.processes", "false",
            "host.network", "false");
    Files.createDirectories(dir.resolve("data"));
    try (LiveEngine e = engine(o, hierarchy, dir.resolve("data"))) {
      assertThat(Files.readString(fs.resolve("adopted/pid-" + pid + "/cgroup.procs")))
          .isEqualTo(Long.toString(pid));
      assertThat(e.managed())
          .extracting(m -> m.workload().id().value())
          .containsExactly("/vm1", "/adopted/pid-" + pid);
    }
  }

  private static LiveEngine engine(Map<String, String> o, CgroupHierarchy hierarchy, Path data) {
    ForecasterRegistry registry = ForecasterRegistry.standard();
    Settings s = Settings.load(o, registry);
    return new LiveEngine(
        new Assembly(s, registry),
        LiveEngine.Options.of(
                HostSettings.from(o, 0.05), hierarchy, Path.of("/proc"), data, m -> {})
            .enforcing(true));
  }

  @Test
  void readsRefitWindowsFromTheStoreOnlyWhereItKeepsThemRaw() {
    ForecasterRegistry registry = ForecasterRegistry.standard();
    List<String> log = new ArrayList<>();
    // 2,016 ticks of 5 s are 2.8 h, within the 6 h of raw samples kept by default.
    Map<String, String> fast = Map.of();
    assertThat(
            LiveEngine.refitsFromStore(
                Settings.load(fast, registry), HostSettings.from(fast, 0.05), log::add))
        .isTrue();
    assertThat(log).isEmpty();
    // At 5 minutes they are 7 days: the windows stay in memory, and the log says why.
    Map<String, String> slow = Map.of("loop.interval", "5m");
    assertThat(
            LiveEngine.refitsFromStore(
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
            LiveEngine.refitsFromStore(
                Settings.load(longer, registry), HostSettings.from(longer, 0.05), log::add))
        .isTrue();
    Map<String, String> off = Map.of("history.refit-from-store", "false");
    assertThat(
            LiveEngine.refitsFromStore(
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
            LiveEngine.refitsFromStore(
                Settings.load(o, registry), HostSettings.from(o, 0.05), log::add))
        .isFalse();
    assertThat(log)
        .singleElement()
        .asString()
        .contains("forecast.learned.history (28d)", "history.raw-retention (PT6H)");
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
    try (LiveEngine d =
        new LiveEngine(
            new Assembly(s, registry),
            LiveEngine.Options.of(
                HostSettings.from(o, 0.05),
                CgroupHierarchy.host(),
                Path.of("/proc"),
                data,
                m -> {}))) {
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
    ForecasterFactory ensemble = Settings.load(registry).forecasterFactory(registry);
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
    registry.register("learning", params -> models);
    Map<String, String> o =
        Map.of(
            "host.observe-cgroups", "false",
            "host.processes", "false",
            "history.retrain-every", "1d",
            "forecast.model", "learning");
    Settings s = Settings.load(o, registry);
    List<String> log = new CopyOnWriteArrayList<>();
    Instant t0 = Instant.parse("2026-11-02T00:00:00Z");
    try (LiveEngine d =
        new LiveEngine(
            new Assembly(s, registry),
            LiveEngine.Options.of(
                HostSettings.from(o, 0.05),
                CgroupHierarchy.host(),
                Path.of("/proc"),
                dir,
                log::add))) {
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
}
