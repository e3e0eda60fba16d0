package org.pae.core.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pae.core.allocate.ChoiceSettings;
import org.pae.core.allocate.CostChoicePolicy;
import org.pae.core.allocate.Decision;
import org.pae.core.allocate.PolicyKeys;
import org.pae.core.allocate.RiskSettings;
import org.pae.core.allocate.Rule;
import org.pae.core.allocate.ThresholdPolicy;
import org.pae.core.allocate.ThresholdSettings;
import org.pae.core.forecast.ForecasterRegistry;
import org.pae.core.model.Observation;
import org.pae.core.model.Resource;
import org.pae.core.model.Workload;
import org.pae.core.model.WorkloadKind;

class ControlLoopReplayTest {
  private static ControlLoop loop() {
    Map<Resource, LoopBounds> settings = new java.util.EnumMap<>(Resource.class);
    for (Resource r : Resource.values()) {
      settings.put(r, LoopBounds.DEFAULTS.withCooldown(Duration.ZERO));
    }
    return new ControlLoop(
        new ThresholdPolicy(
            "pae",
            ForecasterRegistry.standard().factory("ewma", Map.of()),
            ThresholdSettings.DEFAULTS),
        Steering.uniform(settings, Map.of()),
        Duration.ofSeconds(5));
  }

  @Test
  void aReplayedHistoryWarmsTheForecastWithoutDeciding() {
    Workload w = Workload.of("vm", WorkloadKind.VM);
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    ControlLoop warm = loop();
    for (int i = 0; i < 20; i++) {
      double noisy = i % 2 == 0 ? 500 : 1500;
      warm.replay(t0.plusSeconds(5L * i), List.of(Observation.of(w, Resource.MEMORY, noisy, 4000)));
    }
    assertThat(warm.tracked()).isEqualTo(1);
    Instant now = t0.plusSeconds(100);
    Observation seen = Observation.of(w, Resource.MEMORY, 1000, 4000);

    Decision afterReplay = warm.step(now, List.of(seen)).decisions().getFirst();
    Decision cold = loop().step(now, List.of(seen)).decisions().getFirst();

    // Cold, the one sample is all the model knows: it predicts exactly that. Warm, it has learnt
    // how noisy the series is, and its upper quantile lies well above the level.
    assertThat(cold.reason().evidence().orElseThrow().predicted()).isEqualTo(1000);
    assertThat(afterReplay.reason().evidence().orElseThrow().predicted()).isGreaterThan(1500);
  }

  /** PAE's default policy (choice) with a 30 s warm-up, every 5 s. */
  private static ControlLoop choice() {
    ChoiceSettings d = ChoiceSettings.DEFAULTS;
    ChoiceSettings c =
        new ChoiceSettings(
            d.windows(),
            d.decays(),
            d.forecast(),
            d.margins(),
            d.maxMargin(),
            d.memory(),
            d.tolerance(),
            Duration.ofSeconds(30),
            d.judged());
    Duration interval = Duration.ofSeconds(5);
    Map<Resource, LoopBounds> settings = new java.util.EnumMap<>(Resource.class);
    for (Resource r : Resource.values()) {
      settings.put(r, LoopBounds.DEFAULTS);
    }
    return new ControlLoop(
        new CostChoicePolicy(
            "pae",
            interval,
            c,
            PolicyKeys.uniform(RiskSettings.DEFAULTS),
            series -> new org.pae.core.forecast.LastValueForecaster()),
        Steering.uniform(settings, Map.of()),
        interval);
  }

  @Test
  void aReplayEndedByARehearsalDecidesAtTheFirstStep() {
    Workload w = Workload.of("vm", WorkloadKind.VM);
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    ControlLoop rehearsed = choice();
    ControlLoop replayedOnly = choice();
    Observation last = null;
    for (int i = 0; i < 20; i++) {
      last = Observation.of(w, Resource.MEMORY, 1000 + 100 * (i % 3), 4000);
      rehearsed.replay(t0.plusSeconds(5L * i), List.of(last));
      replayedOnly.replay(t0.plusSeconds(5L * i), List.of(last));
    }
    Instant end = t0.plusSeconds(5L * 19);
    rehearsed.rehearse(end, List.of(last));
    Instant now = end.plusSeconds(5);
    Observation seen = Observation.of(w, Resource.MEMORY, 1100, 4000);

    // The choice policy's shortfall price is set at the end of its first interval of proposals:
    // replayed samples alone leave it unset, and the first step still warms up.
    Decision first = rehearsed.step(now, List.of(seen)).decisions().getFirst();
    assertThat(first.reason().rule()).as("%s", first).isNotEqualTo(Rule.WARMING_UP);
    assertThat(first.reason().evidence()).isPresent();
    assertThat(replayedOnly.step(now, List.of(seen)).decisions().getFirst().reason().rule())
        .isEqualTo(Rule.WARMING_UP);
  }

  @Test
  void workloadsOnlyReplayedHoldNothingOfTheirAccountsQuota() {
    org.pae.core.model.AccountId acme = new org.pae.core.model.AccountId("acme");
    Map<Resource, LoopBounds> settings = new java.util.EnumMap<>(Resource.class);
    for (Resource r : Resource.values()) {
      settings.put(r, LoopBounds.DEFAULTS.withCooldown(Duration.ZERO));
    }
    ControlLoop loop =
        new ControlLoop(
            new ThresholdPolicy(
                "pae",
                ForecasterRegistry.standard().factory("ewma", Map.of()),
                ThresholdSettings.DEFAULTS),
            Steering.uniform(
                settings,
                Map.of(
                    acme,
                    new org.pae.core.model.Account(acme, Map.of(Resource.MEMORY, 3e9), Map.of()))),
            Duration.ofSeconds(5));
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    Workload live = Workload.of("live", WorkloadKind.PROCESS).withAccount(acme);
    for (int i = 0; i < 20; i++) {
      List<Observation> tick = new java.util.ArrayList<>();
      tick.add(Observation.of(live, Resource.MEMORY, 2e9, 2.5e9));
      for (int s = 0; s < 26; s++) {
        Workload stale = Workload.of("stale-" + s, WorkloadKind.PROCESS).withAccount(acme);
        tick.add(Observation.of(stale, Resource.MEMORY, 1e9, 1.2e9));
      }
      loop.replay(t0.plusSeconds(5L * i), tick);
    }
    // After the restart only the live workload is there: the replayed ones exited before it.
    Decision d =
        loop.step(t0.plusSeconds(100), List.of(Observation.of(live, Resource.MEMORY, 2e9, 2.5e9)))
            .decisions()
            .getFirst();
    assertThat(d.reason().caps()).doesNotContain(org.pae.core.allocate.Cap.QUOTA);
    assertThat(d.allocation()).isGreaterThanOrEqualTo(2e9);
  }
}
