package org.pae.core.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.pae.core.loop.Fixtures.STEP;
import static org.pae.core.loop.Fixtures.T0;
import static org.pae.core.loop.Fixtures.plain;
import static org.pae.core.loop.Fixtures.steering;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pae.core.allocate.Cap;
import org.pae.core.allocate.Decision;
import org.pae.core.allocate.Rule;
import org.pae.core.allocate.ThresholdPolicy;
import org.pae.core.allocate.ThresholdSettings;
import org.pae.core.allocate.Tuning;
import org.pae.core.forecast.LastValueForecaster;
import org.pae.core.model.Account;
import org.pae.core.model.AccountId;
import org.pae.core.model.Criticality;
import org.pae.core.model.Limits;
import org.pae.core.model.Observation;
import org.pae.core.model.Resource;
import org.pae.core.model.Workload;
import org.pae.core.model.WorkloadId;
import org.pae.core.model.WorkloadKind;

class ControlLoopTest {
  private static final Workload VM = Workload.of("vm1", WorkloadKind.VM);

  private static ControlLoop thresholdLoop(ThresholdSettings s) {
    return new ControlLoop(
        new ThresholdPolicy("pae", k -> new LastValueForecaster(), s),
        steering(plain(), Limits.NONE, Map.of()),
        STEP);
  }

  private static Decision one(ControlLoop loop, int tick, Observation o) {
    return loop.step(T0.plus(STEP.multipliedBy(tick)), List.of(o)).decisions().getFirst();
  }

  @Test
  void scalesUpWhenThePredictionCrossesTheThreshold() {
    Decision d =
        one(thresholdLoop(Fixtures.band()), 0, Observation.of(VM, Resource.MEMORY, 95, 100));
    assertThat(d).isInstanceOf(Decision.Resize.class);
    assertThat(d.reason().rule()).isEqualTo(Rule.SCALE_UP);
    assertThat(d.allocation()).isEqualTo(95);
  }

  @Test
  void holdsBetweenTheThresholds() {
    Decision d =
        one(thresholdLoop(Fixtures.band()), 0, Observation.of(VM, Resource.MEMORY, 89, 100));
    assertThat(d).isInstanceOf(Decision.Hold.class);
    assertThat(d.reason().rule()).isEqualTo(Rule.WITHIN_BAND);
    assertThat(d.allocation()).isEqualTo(100);
  }

  @Test
  void scalesDownBelowTheReductionThreshold() {
    Decision d =
        one(thresholdLoop(Fixtures.band()), 0, Observation.of(VM, Resource.MEMORY, 40, 100));
    assertThat(d.reason().rule()).isEqualTo(Rule.SCALE_DOWN);
    assertThat(d.allocation()).isEqualTo(40);
  }

  @Test
  void addsHeadroomToTheNewAllocation() {
    ThresholdSettings s = new ThresholdSettings(0.9, 0.5, 0.25, 0.01);
    Decision d = one(thresholdLoop(s), 0, Observation.of(VM, Resource.CPU, 40, 100));
    assertThat(d.allocation()).isCloseTo(50, within(1e-9));
  }

  @Test
  void anOperatorsTuningOfASeriesReachesItsPolicy() {
    Steering base = steering(plain(), Limits.NONE, Map.of());
    Steering tuned =
        new Steering() {
          @Override
          public LoopBounds bounds(Workload workload, Resource resource) {
            return base.bounds(workload, resource);
          }

          @Override
          public Limits limits(Workload workload, Resource resource) {
            return base.limits(workload, resource);
          }

          @Override
          public Optional<Account> account(AccountId id) {
            return base.account(id);
          }

          @Override
          public Tuning tuning(Workload workload, Resource resource) {
            return new Tuning(Map.of("threshold", 0.55, "risk-budget", 0.2));
          }
        };
    Observation o = Observation.of(VM, Resource.MEMORY, 60, 100);
    assertThat(one(thresholdLoop(Fixtures.band()), 0, o).reason().rule())
        .isEqualTo(Rule.WITHIN_BAND);
    Decision d =
        one(
            new ControlLoop(
                new ThresholdPolicy("pae", k -> new LastValueForecaster(), Fixtures.band()),
                tuned,
                STEP),
            0,
            o);
    assertThat(d.reason().rule()).as("60 is above 100 x the tuned 0.55").isEqualTo(Rule.SCALE_UP);
    assertThat(d.reason().evidence().orElseThrow().quantile()).isEqualTo(0.8);
  }

  @Test
  void explainsTheForecastItUsed() {
    Decision d =
        one(thresholdLoop(Fixtures.band()), 0, Observation.of(VM, Resource.MEMORY, 95, 100));
    assertThat(d.reason().evidence())
        .hasValueSatisfying(
            e -> {
              assertThat(e.model()).isEqualTo("last-value");
              assertThat(e.quantile()).isEqualTo(0.99);
              assertThat(e.predicted()).isEqualTo(95);
              assertThat(e.horizon()).isEqualTo(STEP);
            });
    assertThat(d.reason().explain()).startsWith("scale_up by last-value q0.99@5s=95.00");
    assertThat(d.reason().usage()).hasValue(95);
  }

  @Test
  void limitsOneChangeToTheLargestStep() {
    LoopBounds s = new LoopBounds(Duration.ZERO, 2, Duration.ZERO, 0, false);
    ControlLoop loop =
        new ControlLoop(
            new Fixtures.Proposing(u -> 1000), steering(s, Limits.NONE, Map.of()), STEP);
    Decision up = one(loop, 0, Observation.of(VM, Resource.CPU, 10, 100));
    assertThat(up.allocation()).isEqualTo(200);
    assertThat(up.reason().caps()).containsExactly(Cap.MAX_STEP);
    ControlLoop down =
        new ControlLoop(new Fixtures.Proposing(u -> 1), steering(s, Limits.NONE, Map.of()), STEP);
    assertThat(one(down, 0, Observation.of(VM, Resource.CPU, 0, 100)).allocation()).isEqualTo(50);
  }

  @Test
  void neverAllocatesBelowCurrentUsage() {
    LoopBounds s = new LoopBounds(Duration.ZERO, 1e6, Duration.ZERO, 0.1, true);
    ControlLoop loop =
        new ControlLoop(
            new Fixtures.Proposing(u -> u / 2), steering(s, Limits.NONE, Map.of()), STEP);
    Decision d = one(loop, 0, Observation.of(VM, Resource.MEMORY, 80, 100));
    assertThat(d.allocation()).isCloseTo(88, within(1e-9));
    assertThat(d.reason().caps()).contains(Cap.USAGE_FLOOR);
  }

  @Test
  void theUsageFloorRaisesEvenWhenThePolicyHolds() {
    ControlLoop loop = thresholdLoop(Fixtures.band());
    Decision d = one(loop, 0, Observation.of(VM, Resource.CPU, 150, 100));
    assertThat(d.allocation()).isEqualTo(150);
  }

  @Test
  void staysWithinMinAndMax() {
    LoopBounds s = plain();
    ControlLoop low =
        new ControlLoop(
            new Fixtures.Proposing(u -> 1), steering(s, new Limits(30, 500), Map.of()), STEP);
    Decision d = one(low, 0, Observation.of(VM, Resource.MEMORY, 0, 100));
    assertThat(d.allocation()).isEqualTo(30);
    assertThat(d.reason().caps()).contains(Cap.MIN);
    ControlLoop high =
        new ControlLoop(
            new Fixtures.Proposing(u -> 900), steering(s, new Limits(30, 500), Map.of()), STEP);
    Decision h = one(high, 0, Observation.of(VM, Resource.MEMORY, 600, 100));
    assertThat(h.allocation()).isEqualTo(500);
    assertThat(h.reason().caps()).contains(Cap.MAX, Cap.BELOW_USAGE);
  }

  @Test
  void cooldownKeepsTheAllocationButLetsARaiseThatProtectsUsageThroughToTheProposal() {
    LoopBounds s = new LoopBounds(Duration.ofMinutes(1), 1e6, Duration.ZERO, 0, true);
    double[] target = {50};
    ControlLoop loop =
        new ControlLoop(
            new Fixtures.Proposing(u -> target[0]), steering(s, Limits.NONE, Map.of()), STEP);
    Decision first = one(loop, 0, Observation.of(VM, Resource.MEMORY, 10, 100));
    assertThat(first.allocation()).isEqualTo(50);
    target[0] = 200;
    Decision kept = one(loop, 1, Observation.of(VM, Resource.MEMORY, 10, 50));
    assertThat(kept).isInstanceOf(Decision.Hold.class);
    assertThat(kept.reason().caps()).containsExactly(Cap.COOLDOWN);
    // Usage has passed the allocation in force: the raise goes to what the policy proposes, not
    // only to usage, so that the next cooldown does not find the workload short again.
    Decision safety = one(loop, 2, Observation.of(VM, Resource.MEMORY, 70, 50));
    assertThat(safety.allocation()).isEqualTo(200);
    assertThat(safety.reason().caps()).doesNotContain(Cap.COOLDOWN, Cap.USAGE_FLOOR);
    target[0] = 400;
    Decision kept2 = one(loop, 3, Observation.of(VM, Resource.MEMORY, 70, 200));
    assertThat(kept2.reason().caps()).containsExactly(Cap.COOLDOWN);
    Decision after = one(loop, 15, Observation.of(VM, Resource.MEMORY, 70, 200));
    assertThat(after.allocation()).isEqualTo(400);
  }

  @Test
  void holdsOnMissingDataAndDoesNotFeedTheModel() {
    Fixtures.Proposing p = new Fixtures.Proposing(u -> 1);
    ControlLoop loop = new ControlLoop(p, steering(plain(), Limits.NONE, Map.of()), STEP);
    Decision d = one(loop, 0, Observation.missing(VM, Resource.MEMORY, 100));
    assertThat(d).isInstanceOf(Decision.Hold.class);
    assertThat(d.reason().rule()).isEqualTo(Rule.NO_DATA);
    assertThat(d.allocation()).isEqualTo(100);
    assertThat(p.observed).isZero();
  }

  @Test
  void sharesAnAccountQuotaByCriticality() {
    AccountId acme = new AccountId("acme");
    Account account = new Account(acme, Map.of(Resource.MEMORY, 300.0), Map.of());
    Workload critical =
        Workload.of("a", WorkloadKind.VM).withAccount(acme).withCriticality(Criticality.CRITICAL);
    Workload normal = Workload.of("b", WorkloadKind.VM).withAccount(acme);
    ControlLoop loop =
        new ControlLoop(
            new Fixtures.Proposing(u -> 4 * u),
            steering(plain(), Limits.NONE, Map.of(acme, account)),
            STEP);
    List<Decision> ds =
        loop.step(
                T0,
                List.of(
                    Observation.of(critical, Resource.MEMORY, 50, 100),
                    Observation.of(normal, Resource.MEMORY, 50, 100)))
            .decisions();
    // Floors 50 + 50; the rest (200) goes to the critical workload first: it wants 150 more.
    assertThat(ds.get(0).allocation()).isCloseTo(200, within(1e-9));
    assertThat(ds.get(1).allocation()).isCloseTo(100, within(1e-9));
    assertThat(ds.get(1).reason().caps()).contains(Cap.QUOTA);
  }

  @Test
  void aQuotaCountsWorkloadsNotObservedThisTick() {
    AccountId acme = new AccountId("acme");
    Account account = new Account(acme, Map.of(Resource.CPU, 300.0), Map.of());
    Workload a = Workload.of("a", WorkloadKind.VM).withAccount(acme);
    Workload b = Workload.of("b", WorkloadKind.VM).withAccount(acme);
    ControlLoop loop =
        new ControlLoop(
            new Fixtures.Proposing(u -> 2 * u),
            steering(plain(), Limits.NONE, Map.of(acme, account)),
            STEP);
    loop.step(
        T0,
        List.of(
            Observation.of(a, Resource.CPU, 100, 100), Observation.of(b, Resource.CPU, 50, 100)));
    Decision later =
        loop.step(T0.plus(STEP), List.of(Observation.of(b, Resource.CPU, 150, 100)))
            .decisions()
            .getFirst();
    assertThat(later.allocation()).isCloseTo(100, within(1e-9));
    assertThat(later.reason().caps()).contains(Cap.QUOTA, Cap.BELOW_USAGE);
  }

  @Test
  void keepsChildrenWithinTheirParent() {
    Workload vm = Workload.of("vm", WorkloadKind.VM);
    Workload c1 = Workload.of("c1", WorkloadKind.CONTAINER).withParent(vm.id());
    Workload c2 = Workload.of("c2", WorkloadKind.CONTAINER).withParent(vm.id());
    ControlLoop loop =
        new ControlLoop(
            new Fixtures.Proposing(u -> 3 * u),
            steering(plain(), new Limits(0, 300), Map.of()),
            STEP);
    List<Decision> ds =
        loop.step(
                T0,
                List.of(
                    Observation.of(vm, Resource.MEMORY, 130, 200),
                    Observation.of(c1, Resource.MEMORY, 100, 100),
                    Observation.of(c2, Resource.MEMORY, 30, 100)))
            .decisions();
    assertThat(ds.get(0).allocation()).isEqualTo(300);
    assertThat(ds.get(1).allocation() + ds.get(2).allocation()).isCloseTo(300, within(1e-9));
    assertThat(ds.get(1).allocation()).isGreaterThanOrEqualTo(100);
    assertThat(ds.get(2).allocation()).isGreaterThanOrEqualTo(30);
    assertThat(ds.get(1).reason().caps()).contains(Cap.PARENT);
  }

  @Test
  void criticalWorkloadsLookAheadByTheLeadTime() {
    LoopBounds s = new LoopBounds(Duration.ZERO, 1e6, Duration.ofMinutes(10), 0, true);
    Fixtures.Proposing p = new Fixtures.Proposing(u -> u);
    ControlLoop loop = new ControlLoop(p, steering(s, Limits.NONE, Map.of()), STEP);
    one(loop, 0, Observation.of(VM, Resource.CPU, 1, 1));
    assertThat(p.lastHorizon).isEqualTo(STEP);
    one(loop, 1, Observation.of(VM.withCriticality(Criticality.CRITICAL), Resource.CPU, 1, 1));
    assertThat(p.lastHorizon).isEqualTo(STEP.plus(Duration.ofMinutes(10)));
  }

  @Test
  void refusesTwoObservationsOfOneSeriesInOneTick() {
    ControlLoop loop = thresholdLoop(Fixtures.band());
    Observation o = Observation.of(VM, Resource.CPU, 1, 1);
    assertThatThrownBy(() -> loop.step(T0, List.of(o, o)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("vm1/cpu");
  }

  @Test
  void forgetsAWorkloadThatIsGone() {
    ControlLoop loop = thresholdLoop(Fixtures.band());
    loop.step(
        T0,
        List.of(Observation.of(VM, Resource.CPU, 1, 1), Observation.of(VM, Resource.MEMORY, 1, 1)));
    assertThat(loop.tracked()).isEqualTo(2);
    loop.forget(WorkloadId.of("vm1"));
    assertThat(loop.tracked()).isZero();
  }
}
