package org.pae.core.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.pae.core.allocate.Cap;
import org.pae.core.allocate.Decision;
import org.pae.core.allocate.Rule;
import org.pae.core.allocate.ThresholdPolicy;
import org.pae.core.allocate.ThresholdSettings;
import org.pae.core.forecast.LastValueForecaster;
import org.pae.core.model.Account;
import org.pae.core.model.AccountId;
import org.pae.core.model.Criticality;
import org.pae.core.model.Limits;
import org.pae.core.model.Observation;
import org.pae.core.model.Resource;
import org.pae.core.model.Workload;
import org.pae.core.model.WorkloadKind;

/** Pauses, pins, event hints and pre-allocations: what operators tell the loop beyond settings. */
class SteeringDirectivesTest {
  private static final Duration INTERVAL = Duration.ofSeconds(5);
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Workload W = Workload.of("w", WorkloadKind.CONTAINER);

  /** Uniform defaults (cooldown 5 min) plus whatever the test overrides. */
  private static class Directives implements Steering {
    final Steering base;
    boolean paused;
    OptionalDouble pin = OptionalDouble.empty();
    double factor = 1;
    OptionalDouble reserve = OptionalDouble.empty();
    double quota = Double.NaN;

    Directives() {
      Map<Resource, LoopBounds> s = new EnumMap<>(Resource.class);
      for (Resource r : Resource.values()) {
        s.put(r, LoopBounds.DEFAULTS);
      }
      base = Steering.uniform(s, Map.of());
    }

    @Override
    public LoopBounds bounds(Workload w, Resource r) {
      return base.bounds(w, r);
    }

    @Override
    public Limits limits(Workload w, Resource r) {
      return Limits.NONE;
    }

    @Override
    public Optional<Account> account(AccountId id) {
      return Double.isNaN(quota)
          ? Optional.empty()
          : Optional.of(new Account(id, Map.of(Resource.MEMORY, quota), Map.of()));
    }

    @Override
    public boolean paused(Workload w, Instant now) {
      return paused;
    }

    @Override
    public OptionalDouble pin(Workload w, Resource r, Instant now) {
      return pin;
    }

    @Override
    public double demandFactor(Workload w, Resource r, Instant now, Duration horizon) {
      return factor;
    }

    @Override
    public OptionalDouble preAllocation(Workload w, Resource r, Instant now) {
      return reserve;
    }
  }

  private static ControlLoop loop(Steering steering) {
    return new ControlLoop(
        new ThresholdPolicy("pae", series -> new LastValueForecaster(), ThresholdSettings.DEFAULTS),
        steering,
        INTERVAL);
  }

  private static Decision step(ControlLoop loop, int tick, Workload w, double usage, double alloc) {
    return loop.step(
            T0.plus(INTERVAL.multipliedBy(tick)),
            List.of(Observation.of(w, Resource.MEMORY, usage, alloc)))
        .decisions()
        .getFirst();
  }

  @Test
  void aPausedWorkloadIsHeldWhateverTheForecast() {
    Directives d = new Directives();
    d.paused = true;
    Decision decision = step(loop(d), 0, W, 950, 1000);
    assertThat(decision).isInstanceOf(Decision.Hold.class);
    assertThat(decision.reason().rule()).isEqualTo(Rule.PAUSED);
    assertThat(decision.allocation()).isEqualTo(1000);
    d.paused = false;
  }

  @Test
  void resumingLetsTheForecastFedDuringThePauseDecide() {
    Directives d = new Directives();
    ControlLoop loop = loop(d);
    d.paused = true;
    step(loop, 0, W, 950, 1000);
    d.paused = false;
    Decision decision = step(loop, 1, W, 950, 1000);
    assertThat(decision.reason().rule()).isEqualTo(Rule.SCALE_UP);
  }

  @Test
  void aPinReplacesTheProposalAndBypassesStepAndCooldownButNotTheUsageFloor() {
    Directives d = new Directives();
    ControlLoop loop = loop(d);
    assertThat(step(loop, 0, W, 950, 1000)).isInstanceOf(Decision.Resize.class);
    d.pin = OptionalDouble.of(100_000);
    Decision pinned = step(loop, 1, W, 950, 1092.5);
    assertThat(pinned.reason().rule()).isEqualTo(Rule.PINNED);
    assertThat(pinned.allocation()).isEqualTo(100_000);
    assertThat(pinned.reason().caps()).doesNotContain(Cap.MAX_STEP, Cap.COOLDOWN);
    d.pin = OptionalDouble.of(10);
    Decision low = step(loop, 2, W, 950, 100_000);
    assertThat(low.allocation()).isEqualTo(950);
    assertThat(low.reason().caps()).contains(Cap.USAGE_FLOOR);
  }

  @Test
  void aPinStillRespectsTheAccountQuota() {
    Directives d = new Directives();
    d.quota = 2000;
    d.pin = OptionalDouble.of(5000);
    Decision decision = step(loop(d), 0, W, 500, 1000);
    assertThat(decision.allocation()).isEqualTo(2000);
    assertThat(decision.reason().caps()).contains(Cap.QUOTA);
  }

  @Test
  void anEventHintScalesTheForecastBeforeTheRule() {
    Directives d = new Directives();
    Decision without = step(loop(d), 0, W, 600, 1000);
    assertThat(without.reason().rule()).isEqualTo(Rule.WITHIN_BAND);
    d.factor = 2;
    Decision with = step(loop(d), 0, W, 600, 1000);
    assertThat(with.reason().rule()).isEqualTo(Rule.SCALE_UP);
    assertThat(with.reason().caps()).contains(Cap.EVENT_HINT);
    assertThat(with.reason().evidence().orElseThrow().predicted()).isEqualTo(1200);
    assertThat(with.allocation()).isEqualTo(1200 * 1.15, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(with.reason().explain()).contains("event_hint");
  }

  @Test
  void aPreAllocationRaisesACriticalWorkloadThroughTheCooldown() {
    Directives d = new Directives();
    Workload critical = W.withCriticality(Criticality.CRITICAL);
    ControlLoop loop = loop(d);
    Decision first = step(loop, 0, critical, 950, 1000);
    assertThat(first).isInstanceOf(Decision.Resize.class);
    d.reserve = OptionalDouble.of(4000);
    Decision reserved = step(loop, 1, critical, 950, first.allocation());
    assertThat(reserved.allocation()).isEqualTo(4000);
    assertThat(reserved.reason().caps()).contains(Cap.PRE_ALLOCATION).doesNotContain(Cap.COOLDOWN);
  }

  @Test
  void missingDataStillHoldsWhilePinned() {
    Directives d = new Directives();
    d.pin = OptionalDouble.of(5000);
    Decision decision =
        loop(d)
            .step(T0, List.of(Observation.missing(W, Resource.MEMORY, 1000)))
            .decisions()
            .getFirst();
    assertThat(decision.reason().rule()).isEqualTo(Rule.NO_DATA);
    assertThat(decision.allocation()).isEqualTo(1000);
  }
}
