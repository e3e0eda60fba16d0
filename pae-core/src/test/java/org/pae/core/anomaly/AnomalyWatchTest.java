package org.pae.core.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.pae.core.config.SettingsSource;
import org.pae.core.forecast.ForecasterRegistry;
import org.pae.core.model.Observation;
import org.pae.core.model.Resource;
import org.pae.core.model.Workload;
import org.pae.core.model.WorkloadKind;

/**
 * Each kind on a synthetic workload of four resources at 5-second steps: 400 usual steps (noise
 * around a level per resource), then the pattern; and the same workload left usual raises nothing.
 * The detector is the engine's ({@code surprise} on the {@code ensemble}), with the defaults file's
 * settings.
 */
class AnomalyWatchTest {
  private static final Instant T0 = Instant.parse("2026-12-07T00:00:00Z");
  private static final Workload W = Workload.of("vm-1", WorkloadKind.VM);
  private static final int USUAL = 400;

  /** Usage of one resource at one step. */
  @FunctionalInterface
  private interface Usage {
    double at(Resource r, int step, double noise);
  }

  /** The usual levels: 2 GB of memory, 300 millicores, 200 kB/s of disk, 50 kB/s of network. */
  private static double usual(Resource r, int step, double noise) {
    return switch (r) {
      case MEMORY -> 2e9 * (1 + 0.002 * noise);
      case CPU -> 300 * (1 + 0.05 * noise);
      case DISK_IO -> 2e5 * (1 + 0.05 * noise);
      case NETWORK -> 5e4 * (1 + 0.05 * noise);
      case GPU -> 0;
    };
  }

  private static AnomalyWatch watch(Map<String, String> overrides) {
    Map<String, String> all = new TreeMap<>(overrides);
    all.put("anomaly.detector", "surprise");
    SettingsSource source = SettingsSource.of(all);
    AnomalySettings settings = AnomalySettings.load(source);
    source.refuseUnread();
    return new AnomalyWatch(
        AnomalyRegistry.standard()
            .factory(
                settings.detector(),
                settings.detectorParams(),
                ForecasterRegistry.standard().factory("ensemble", Map.of())),
        settings);
  }

  /** Runs {@code steps} steps and returns every anomaly as it last stood, by id. */
  private static List<Anomaly> run(int steps, Usage usage) {
    AnomalyWatch watch = watch(Map.of());
    Random random = new Random(42);
    Map<Long, Anomaly> seen = new TreeMap<>();
    Resource[] resources = {Resource.MEMORY, Resource.CPU, Resource.DISK_IO, Resource.NETWORK};
    for (int i = 0; i < steps; i++) {
      List<Observation> tick = new ArrayList<>();
      for (Resource r : resources) {
        double u = usage.at(r, i, random.nextGaussian());
        tick.add(Observation.of(W, r, Math.max(0, u), 4 * usual(r, 0, 0)));
      }
      watch.observe(T0.plusSeconds(5L * i), tick).anomalies().forEach(a -> seen.put(a.id(), a));
    }
    return new ArrayList<>(seen.values());
  }

  private static List<AnomalyKind> kinds(List<Anomaly> anomalies) {
    return anomalies.stream().map(Anomaly::kind).distinct().toList();
  }

  @Test
  void aUsualWorkloadRaisesNothing() {
    assertThat(run(USUAL + 400, AnomalyWatchTest::usual)).isEmpty();
  }

  @Test
  void memoryClimbingWithCpuFlatIsALeak() {
    List<Anomaly> found =
        run(
            USUAL + 60,
            (r, i, noise) ->
                r == Resource.MEMORY && i >= USUAL
                    ? usual(r, i, noise) * (1 + 0.01 * (i - USUAL))
                    : usual(r, i, noise));
    assertThat(kinds(found)).contains(AnomalyKind.LEAK);
    assertThat(kinds(found))
        .doesNotContain(
            AnomalyKind.MINING_OR_EXFILTRATION, AnomalyKind.DISK_SURGE, AnomalyKind.PROFILE_CHANGE);
    Anomaly leak = found.stream().filter(a -> a.kind() == AnomalyKind.LEAK).findFirst().get();
    assertThat(leak.resources()).containsExactly(Resource.MEMORY);
    assertThat(leak.open()).isTrue();
    // found within the window (18 steps) of the climb's start
    assertThat(leak.start())
        .isBetween(T0.plusSeconds(5L * USUAL), T0.plusSeconds(5L * (USUAL + 18)));
    assertThat(leak.evidence()).contains("memory +").contains("cpu flat");
    assertThat(leak.explain()).startsWith("leak #" + leak.id() + " of vm-1 (memory): memory +");
  }

  /**
   * Memory that rises and falls by 30 % over 80 steps climbs like a leak through each rising half;
   * past the first cycle it only climbs back to where it was, which is not a leak.
   */
  @Test
  void memoryRisingBackToItsEarlierLevelEachCycleIsNoLeak() {
    List<Anomaly> found =
        run(
            USUAL + 400,
            (r, i, noise) ->
                r == Resource.MEMORY
                    ? usual(r, i, noise) * (1 + 0.15 * Math.sin(2 * Math.PI * i / 80.0))
                    : usual(r, i, noise));
    assertThat(found)
        .filteredOn(a -> a.kind() == AnomalyKind.LEAK)
        .allSatisfy(a -> assertThat(a.start()).isBefore(T0.plusSeconds(5L * 80)));
  }

  @Test
  void cpuPinnedWithRisingNetworkIsMiningOrExfiltration() {
    List<Anomaly> found =
        run(
            USUAL + 60,
            (r, i, noise) -> {
              if (i < USUAL) {
                return usual(r, i, noise);
              }
              return switch (r) {
                case CPU -> 1000 * (1 + 0.01 * noise);
                case NETWORK -> usual(r, i, noise) * (1 + 0.2 * (i - USUAL));
                default -> usual(r, i, noise);
              };
            });
    assertThat(kinds(found)).contains(AnomalyKind.MINING_OR_EXFILTRATION);
    assertThat(kinds(found))
        .doesNotContain(AnomalyKind.LEAK, AnomalyKind.DISK_SURGE, AnomalyKind.PROFILE_CHANGE);
    Anomaly mining =
        found.stream()
            .filter(a -> a.kind() == AnomalyKind.MINING_OR_EXFILTRATION)
            .findFirst()
            .get();
    assertThat(mining.resources()).containsExactlyInAnyOrder(Resource.CPU, Resource.NETWORK);
    assertThat(mining.score()).isGreaterThanOrEqualTo(0.8);
    assertThat(mining.band()).isPresent();
  }

  @Test
  void diskSurgingWithCpuIdleIsADiskSurge() {
    List<Anomaly> found =
        run(
            USUAL + 60,
            (r, i, noise) -> {
              if (r == Resource.CPU) {
                return 30 * (1 + 0.05 * noise);
              }
              return r == Resource.DISK_IO && i >= USUAL
                  ? 10 * usual(r, i, noise)
                  : usual(r, i, noise);
            });
    assertThat(kinds(found)).contains(AnomalyKind.DISK_SURGE);
    assertThat(kinds(found))
        .doesNotContain(
            AnomalyKind.LEAK, AnomalyKind.MINING_OR_EXFILTRATION, AnomalyKind.PROFILE_CHANGE);
  }

  @Test
  void everyResourceMovingAtOnceIsAProfileChange() {
    List<Anomaly> found =
        run(
            USUAL + 60,
            (r, i, noise) ->
                i >= USUAL
                    ? (r == Resource.CPU ? 2.5 : 3) * usual(r, i, noise)
                    : usual(r, i, noise));
    assertThat(kinds(found)).contains(AnomalyKind.PROFILE_CHANGE);
    assertThat(kinds(found))
        .doesNotContain(
            AnomalyKind.LEAK, AnomalyKind.MINING_OR_EXFILTRATION, AnomalyKind.DISK_SURGE);
    Anomaly change =
        found.stream().filter(a -> a.kind() == AnomalyKind.PROFILE_CHANGE).findFirst().get();
    assertThat(change.resources())
        .containsExactlyInAnyOrder(
            Resource.MEMORY, Resource.CPU, Resource.DISK_IO, Resource.NETWORK);
  }

  @Test
  void oneOutlierIsASpikeThatClosesAndANewLevelIsALevelShift() {
    List<Anomaly> spike =
        run(
            USUAL + 60,
            (r, i, noise) ->
                r == Resource.CPU && i == USUAL ? 5 * usual(r, i, noise) : usual(r, i, noise));
    assertThat(kinds(spike)).containsExactly(AnomalyKind.SPIKE);
    assertThat(spike.getFirst().resources()).containsExactly(Resource.CPU);
    assertThat(spike.getFirst().end()).isPresent();
    assertThat(spike.getFirst().band().get().high()).isLessThan(1500);

    List<Anomaly> shift =
        run(
            USUAL + 60,
            (r, i, noise) ->
                r == Resource.CPU && i >= USUAL ? 3 * usual(r, i, noise) : usual(r, i, noise));
    assertThat(kinds(shift)).containsExactly(AnomalyKind.LEVEL_SHIFT);
  }

  @Test
  void badSettingsAreRefusedByName() {
    assertThatThrownBy(() -> watch(Map.of("anomaly.window", "2")))
        .hasMessageContaining("anomaly.window >= 4");
    assertThatThrownBy(() -> watch(Map.of("anomaly.action", "panic")))
        .hasMessageContaining("anomaly.action = panic: expected alert, hold or contain");
    assertThatThrownBy(() -> watch(Map.of("anomaly.workload.vm-1.action", "ignore")))
        .hasMessageContaining("anomaly.workload.vm-1.action = ignore");
    assertThatThrownBy(() -> watch(Map.of("anomaly.webhook", "ftp://example/hook")))
        .hasMessageContaining("anomaly.webhook must be an http(s) URL");
    assertThatThrownBy(() -> watch(Map.of("anomaly.windw", "20")))
        .hasMessageContaining("unknown setting 'anomaly.windw'; did you mean 'anomaly.window'?");
  }

  @Test
  void theActionIsTheWorkloadsElseItsAccountsElseTheDefault() {
    AnomalySettings s =
        watch(
                Map.of(
                    "anomaly.action", "hold",
                    "anomaly.account.acme.action", "contain",
                    "anomaly.workload.vm-2.action", "alert"))
            .settings();
    assertThat(s.action(W)).isEqualTo(AnomalyAction.HOLD);
    var acme = new org.pae.core.model.AccountId("acme");
    assertThat(s.action(W.withAccount(acme))).isEqualTo(AnomalyAction.CONTAIN);
    assertThat(s.action(Workload.of("vm-2", WorkloadKind.VM).withAccount(acme)))
        .isEqualTo(AnomalyAction.ALERT);
  }
}
