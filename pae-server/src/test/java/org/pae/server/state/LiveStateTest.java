package org.pae.server.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pae.core.allocate.Decision;
import org.pae.core.allocate.ThresholdPolicy;
import org.pae.core.allocate.ThresholdSettings;
import org.pae.core.context.ContextCalendar;
import org.pae.core.context.ContextualFactory;
import org.pae.core.context.DemandEvent;
import org.pae.core.engine.Engine;
import org.pae.core.forecast.EwmaForecaster;
import org.pae.core.forecast.Forecaster;
import org.pae.core.forecast.ForecasterFactory;
import org.pae.core.forecast.ForecasterRegistry;
import org.pae.core.loop.ControlLoop;
import org.pae.core.loop.Steering;
import org.pae.core.model.AccountId;
import org.pae.core.model.Observation;
import org.pae.core.model.Resource;
import org.pae.core.model.SeriesKey;
import org.pae.core.model.Workload;
import org.pae.core.model.WorkloadKind;
import org.pae.core.settings.Settings;
import org.pae.server.demo.SyntheticFleet;
import org.pae.server.metrics.EngineMetrics;
import org.pae.server.steer.LiveSteering;
import org.pae.server.steer.PolicyOverride;

class LiveStateTest {
  private static final Duration STEP = Duration.ofSeconds(5);

  private static Forecaster fitted() {
    Forecaster f = new EwmaForecaster(0.3);
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    for (int i = 0; i < 200; i++) {
      f.observe(t.plusSeconds(5L * i), 100 + (i % 2 == 0 ? 10 : -10));
    }
    return f;
  }

  @Test
  void riskIsTheLevelWhoseQuantileIsTheAllocation() {
    Forecaster f = fitted();
    for (double q : new double[] {0.5, 0.9, 0.99, 0.999}) {
      double allocation = f.quantile(STEP, q);
      assertThat(LiveState.risk(f, STEP, allocation)).isCloseTo(1 - q, within((1 - q) * 0.01));
    }
  }

  @Test
  void riskIsBoundedAtTheTails() {
    Forecaster f = fitted();
    assertThat(LiveState.risk(f, STEP, 1e9)).isEqualTo(1e-5);
    assertThat(LiveState.risk(f, STEP, 0)).isEqualTo(1 - 1e-5);
  }

  @Test
  void theSnapshotCarriesEverySeriesWithForecastsHistoryAndTheDecisionLog() {
    SyntheticFleet fleet = new SyntheticFleet(12, 7, Instant.parse("2026-01-01T00:00:00Z"), 100);
    Instant last = fleet.advance(30);
    Snapshot s = fleet.live().snapshot();
    assertThat(s.time()).isEqualTo(last);
    assertThat(s.workloads()).hasSize(12);
    WorkloadView v = s.workloads().values().iterator().next();
    assertThat(v.series()).containsOnlyKeys(Resource.MEMORY, Resource.CPU);
    SeriesView mem = v.series().get(Resource.MEMORY);
    assertThat(mem.forecast()).isPresent();
    assertThat(mem.forecast().get().horizons())
        .containsExactly(STEP, STEP.multipliedBy(12), STEP.multipliedBy(60));
    assertThat(mem.risk()).isBetween(0.0, 1.0);
    assertThat(s.decisions()).isNotEmpty().allMatch(d -> !d.time().isAfter(last));
    var points =
        fleet
            .live()
            .history()
            .history(
                new SeriesKey(v.workload().id(), Resource.MEMORY),
                last.minus(Duration.ofMinutes(10)),
                last.plusSeconds(1),
                Duration.ofMinutes(1));
    assertThat(points).hasSize(3);
    assertThat(points.getFirst().time().truncatedTo(ChronoUnit.MINUTES))
        .isEqualTo(points.getFirst().time());
    assertThat(points).allMatch(p -> p.peak() >= p.usage());
  }

  @Test
  void trackingKeepsTheWorkloadItsModelsAreMadeFor() {
    // Issue 16: tracking wrapped the factory in a lambda that dropped create(Workload, Resource),
    // so a context saw every workload in the default account. An event from 00:00 to 12:00 local
    // time: at 02:59:55 UTC it is on in UTC and in Tokyo (11:59:55), at 03:00 only in UTC.
    ContextCalendar calendar =
        new ContextCalendar(
            ZoneId.of("UTC"),
            Map.of(new AccountId("tokyo"), ZoneId.of("Asia/Tokyo")),
            Set.of(),
            List.of(
                new DemandEvent(
                    "morning",
                    Optional.empty(),
                    Optional.empty(),
                    new DemandEvent.Weekly(
                        EnumSet.allOf(DayOfWeek.class), LocalTime.of(0, 0), LocalTime.of(12, 0)),
                    3)));
    SyntheticFleet fleet = new SyntheticFleet(1, 7, Instant.parse("2026-01-01T00:00:00Z"), 10);
    Forecaster f =
        fleet
            .live()
            .tracking(
                ContextualFactory.of(
                    ForecasterRegistry.standard().factory("last-value", Map.of()), calendar))
            .create(
                Workload.of("shop", WorkloadKind.VM).withAccount(new AccountId("tokyo")),
                Resource.CPU);
    f.observe(Instant.parse("2026-01-01T02:59:55Z"), 30);
    // Learned as 30 / 3 = 10 in Tokyo's event, forecast for Tokyo's noon without it.
    assertThat(f.quantile(STEP, 0.5)).isEqualTo(10);
  }

  @Test
  void aRiskBudgetChangedThroughTheApiIsCalibratedWhateverTheDashboardRead() {
    // Issue 16: the dashboard's reads took the model's calibration slots (a read registered its
    // horizon and level), so a risk budget an operator set later was left with the raw Gaussian.
    // Two engines of one series, the same ensemble and the same steering; only one is shown.
    ForecasterRegistry registry = ForecasterRegistry.standard();
    Settings settings = Settings.load(Map.of(), registry);
    ForecasterFactory ensemble = registry.factory("ensemble", Map.of());
    LiveState live =
        new LiveState(STEP, Duration.ZERO, "pae", new EngineMetrics(), Optional.empty(), 10, 10);
    LiveSteering shownSteering =
        new LiveSteering(Steering.uniform(settings.bounds(), Map.of()), List.of());
    LiveSteering hiddenSteering =
        new LiveSteering(Steering.uniform(settings.bounds(), Map.of()), List.of());
    Map<Resource, ThresholdSettings> band =
        ((ThresholdPolicy.Setup) settings.policies().get("threshold")).resources();
    ControlLoop shown =
        new ControlLoop(
            new ThresholdPolicy("pae", live.tracking(ensemble), band, false), shownSteering, STEP);
    ControlLoop hidden =
        new ControlLoop(new ThresholdPolicy("pae", ensemble, band, false), hiddenSteering, STEP);
    Workload vm = Workload.of("vm", WorkloadKind.VM);
    java.util.SplittableRandom random = new java.util.SplittableRandom(16);
    Observation[] now = new Observation[1];
    Engine engine = new Engine(live.observing(t -> List.of(now[0])), shown, plan -> List.of());
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    for (int i = 0; i < 400; i++) {
      Instant t = t0.plus(STEP.multipliedBy(i));
      double usage = 100 + 30 * Math.sin(i / 20.0) + 5 * random.nextGaussian();
      now[0] = Observation.of(vm, Resource.CPU, usage, 1000);
      if (i == 200) {
        PolicyOverride budget = new PolicyOverride(null, null, null, 0.0005, null, null, null);
        for (LiveSteering s : List.of(shownSteering, hiddenSteering)) {
          s.setPolicy(AccountId.DEFAULT, Optional.empty(), Optional.empty(), budget);
        }
      }
      Decision seen = live.tick(engine, t).plan().decisions().getFirst();
      Decision unseen = hidden.step(t, List.of(now[0])).decisions().getFirst();
      assertThat(seen.reason().evidence()).as("tick %d", i).isEqualTo(unseen.reason().evidence());
      if (i > 200) {
        assertThat(seen.reason().evidence().orElseThrow().quantile()).isEqualTo(0.9995);
      }
    }
  }
}
