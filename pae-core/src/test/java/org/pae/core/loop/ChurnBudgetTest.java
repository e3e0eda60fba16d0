package org.pae.core.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pae.core.loop.Fixtures.T0;
import static org.pae.core.loop.Fixtures.plain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.pae.core.allocate.AllocationPolicy;
import org.pae.core.allocate.Cap;
import org.pae.core.allocate.ChoiceSettings;
import org.pae.core.allocate.ChurnBudget;
import org.pae.core.allocate.CostChoicePolicy;
import org.pae.core.allocate.Decision;
import org.pae.core.allocate.Outlook;
import org.pae.core.allocate.PolicyKeys;
import org.pae.core.allocate.Proposal;
import org.pae.core.allocate.RiskSettings;
import org.pae.core.allocate.Rule;
import org.pae.core.allocate.SeriesPolicy;
import org.pae.core.forecast.LastValueForecaster;
import org.pae.core.model.Limits;
import org.pae.core.model.Observation;
import org.pae.core.model.Resource;
import org.pae.core.model.Workload;
import org.pae.core.model.WorkloadKind;

class ChurnBudgetTest {
  private static final Duration STEP = Duration.ofMinutes(5);
  private static final Workload VM = Workload.of("vm1", WorkloadKind.VM);
  private static final Workload PROCESS = Workload.of("pid:1", WorkloadKind.PROCESS);

  private static ControlLoop loop(DoubleUnaryOperator target, ChurnBudget vms) {
    return new ControlLoop(
        new Fixtures.Proposing(target),
        Fixtures.steering(plain(), Limits.NONE, Map.of()),
        STEP,
        Map.of(WorkloadKind.VM, vms));
  }

  private static Instant at(int tick) {
    return T0.plus(STEP.multipliedBy(tick));
  }

  private static Decision step(ControlLoop loop, int tick, Workload w, double u, double a) {
    return loop.step(at(tick), List.of(Observation.of(w, Resource.MEMORY, u, a)))
        .decisions()
        .getFirst();
  }

  @Test
  void reductionsKeepToTheBudgetAndRaisesAreNeverHeld() {
    ChurnBudget four = new ChurnBudget(4, Duration.ZERO);
    SplittableRandom r = new SplittableRandom(7);
    ControlLoop loop = loop(u -> u * 1.2, four);
    double a = 100;
    int reductions = 0;
    int days = 5;
    int perDay = (int) (Duration.ofDays(1).toNanos() / STEP.toNanos());
    for (int t = 0; t < days * perDay; t++) {
      // a daily cycle with noise: the policy wants a change at nearly every step
      double u = (100 + 80 * Math.sin(2 * Math.PI * t / perDay)) * r.nextDouble(0.9, 1.1);
      Decision d = step(loop, t, VM, u, a);
      assertThat(d.allocation()).as("never below usage at tick %d", t).isGreaterThanOrEqualTo(u);
      if (d instanceof Decision.Resize z && z.to() < z.from()) {
        reductions++;
      }
      // one change in the bucket at the start, four more each day
      assertThat(reductions).isLessThanOrEqualTo(1 + (int) (4.0 * (t + 1) / perDay));
      a = d.allocation();
    }
    // the night's fall is still followed
    assertThat(reductions).isGreaterThanOrEqualTo(days);
  }

  @Test
  void aHeldReductionSaysWhyAndKeepsTheAllocation() {
    ControlLoop loop = loop(u -> u, new ChurnBudget(4, Duration.ZERO));
    assertThat(step(loop, 0, VM, 80, 100)).isInstanceOf(Decision.Resize.class);
    Decision held = step(loop, 1, VM, 20, 80);
    assertThat(held).isInstanceOf(Decision.Hold.class);
    assertThat(held.allocation()).isEqualTo(80);
    assertThat(held.reason().caps()).contains(Cap.CHURN);
    assertThat(held.reason().explain()).contains("churn");
  }

  @Test
  void aRaiseIsMadeAtOnceAndCountedAgainstTheNextReduction() {
    ControlLoop loop = loop(u -> u, new ChurnBudget(4, Duration.ZERO));
    assertThat(step(loop, 0, VM, 150, 100).allocation()).isEqualTo(150);
    assertThat(step(loop, 1, VM, 200, 150).allocation()).isEqualTo(200);
    // six hours later the refill has paid back only one of the two raises
    Decision d = step(loop, 72, VM, 10, 200);
    assertThat(d).isInstanceOf(Decision.Hold.class);
    assertThat(d.reason().caps()).contains(Cap.CHURN);
  }

  @Test
  void aRaiseIsSizedForWhatThePolicyExpectsByTheEndOfTheHold() {
    List<Outlook> asked = new ArrayList<>();
    AllocationPolicy expecting =
        proposing(
            (usage, outlook) -> {
              asked.add(outlook);
              return Proposal.resize(usage, Rule.RECOMPUTED, null).withAhead(usage * 1.5);
            },
            false);
    ControlLoop loop =
        new ControlLoop(
            expecting,
            Fixtures.steering(plain(), Limits.NONE, Map.of()),
            STEP,
            Map.of(WorkloadKind.VM, new ChurnBudget(4, Duration.ZERO)));
    Decision d = step(loop, 0, VM, 120, 100);
    assertThat(d.allocation()).isEqualTo(180);
    assertThat(d.reason().caps()).containsExactly(Cap.HOLD_PEAK);
    assertThat(asked.getFirst().hold()).isEqualTo(Duration.ofHours(6));
  }

  @Test
  void aReductionThatSavesLessThanItCostsIsHeld() {
    // four a day: a new allocation holds 6 h; a change costs the whole allocation for 2 h
    ControlLoop loop = loop(u -> u, new ChurnBudget(4, Duration.ofHours(2)));
    Decision small = step(loop, 0, VM, 90, 100);
    assertThat(small).isInstanceOf(Decision.Hold.class);
    assertThat(small.reason().caps()).containsExactly(Cap.CHANGE_COST);
    ControlLoop other = loop(u -> u, new ChurnBudget(4, Duration.ofHours(2)));
    assertThat(step(other, 0, VM, 50, 100).allocation()).isEqualTo(50);
  }

  @Test
  void aReductionIsSizedForTheTimeItHolds() {
    ControlLoop loop = loop(u -> u, new ChurnBudget(4, Duration.ZERO));
    double a = 300;
    for (int t = 0; t < 72; t++) {
      double u = t == 0 ? 200 : t == 36 ? 120 : 50;
      a = step(loop, t, VM, u, a).allocation();
    }
    // 200 at once (the one change in the bucket) and held there since
    assertThat(a).isEqualTo(200);
    Decision kept = step(loop, 72, VM, 50, a);
    assertThat(kept.reason().caps()).containsAnyOf(Cap.CHURN, Cap.HOLD_PEAK);
    // six and a half hours later a change is back and the 200 has left the policy's record of the
    // last hold: the reduction stops at the 120 that it wanted three hours ago, not at 50
    for (int t = 73; t <= 78; t++) {
      a = step(loop, t, VM, 50, a).allocation();
    }
    assertThat(a).isEqualTo(120);
    Decision d = step(loop, 79, VM, 50, a);
    assertThat(d.reason().caps()).contains(Cap.CHURN);
  }

  /**
   * Proposes what {@code propose} makes of usage and outlook; says whether it sizes for the hold.
   */
  private static AllocationPolicy proposing(
      BiFunction<Double, Outlook, Proposal> propose, boolean sizesForHold) {
    return new AllocationPolicy() {
      @Override
      public String name() {
        return "proposing";
      }

      @Override
      public SeriesPolicy open(Workload w, Resource r) {
        return new SeriesPolicy() {
          @Override
          public void observe(Instant now, double usage) {}

          @Override
          public Proposal propose(Instant now, double usage, double allocated, Outlook outlook) {
            return propose.apply(usage, outlook);
          }

          @Override
          public boolean sizesForHold() {
            return sizesForHold;
          }
        };
      }
    };
  }

  /** The allocation after the usage of {@link #aReductionIsSizedForTheTimeItHolds}, to tick 78. */
  private static double afterAPassedPeak(boolean sizesForHold) {
    ControlLoop loop =
        new ControlLoop(
            proposing((u, outlook) -> Proposal.resize(u, Rule.RECOMPUTED, null), sizesForHold),
            Fixtures.steering(plain(), Limits.NONE, Map.of()),
            STEP,
            Map.of(WorkloadKind.VM, new ChurnBudget(4, Duration.ZERO)));
    double a = 300;
    for (int t = 0; t <= 78; t++) {
      double u = t == 0 ? 200 : t == 36 ? 120 : 50;
      a = step(loop, t, VM, u, a).allocation();
    }
    return a;
  }

  @Test
  void aPolicyThatSizesForTheHoldItselfIsNotHeldToItsPastWishes() {
    // the stage's record of the last hold keeps the 120 wanted at tick 36 ...
    assertThat(afterAPassedPeak(false)).isEqualTo(120);
    // ... but a policy that covers the hold in what it proposes gets what it wants now
    assertThat(afterAPassedPeak(true)).isEqualTo(50);
  }

  /**
   * The allocation that PAE's {@code choice} makes under four changes a day, {@code ticks} after a
   * spike to 300 in two days of memory use near 100.
   */
  private static double choiceAfterASpike(int ticks) {
    ChoiceSettings d = ChoiceSettings.DEFAULTS;
    CostChoicePolicy choice =
        new CostChoicePolicy(
            "pae",
            STEP,
            d,
            PolicyKeys.uniform(new RiskSettings(0.01)),
            spec -> new LastValueForecaster());
    ControlLoop loop =
        new ControlLoop(
            choice,
            Fixtures.steering(plain(), Limits.NONE, Map.of()),
            STEP,
            Map.of(WorkloadKind.VM, new ChurnBudget(4, Duration.ZERO)));
    SplittableRandom r = new SplittableRandom(11);
    double a = 200;
    int spike = 576;
    for (int t = 0; t <= spike + ticks; t++) {
      double u = t == spike ? 300 : 100 + 20 * r.nextDouble();
      a = step(loop, t, VM, u, a).allocation();
    }
    return a;
  }

  @Test
  void choiceComesDownOneHoldAfterASpikeNotTwo() {
    // a new allocation holds six hours (72 ticks): the spike is covered while the last hold saw it
    assertThat(choiceAfterASpike(36)).isGreaterThanOrEqualTo(300);
    // and, once it has left the hold and a change is back, the allocation returns near the usage,
    // where the stage's own record of the policy's wishes kept it for a second hold
    assertThat(choiceAfterASpike(72 + 36)).isLessThan(200);
  }

  @Test
  void aKindWithoutABudgetChangesAtEveryStep() {
    ControlLoop loop = loop(u -> u, new ChurnBudget(1, Duration.ofHours(1)));
    double a = 100;
    for (int t = 0; t < 10; t++) {
      double u = t % 2 == 0 ? 40 : 90;
      Decision d = step(loop, t, PROCESS, u, a);
      assertThat(d).isInstanceOf(Decision.Resize.class);
      a = d.allocation();
    }
  }
}
