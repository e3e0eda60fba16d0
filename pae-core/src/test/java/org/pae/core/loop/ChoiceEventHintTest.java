package org.pae.core.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pae.core.allocate.Cap;
import org.pae.core.allocate.ChoiceSettings;
import org.pae.core.allocate.CostChoicePolicy;
import org.pae.core.allocate.Decision;
import org.pae.core.allocate.PolicyKeys;
import org.pae.core.allocate.RiskSettings;
import org.pae.core.allocate.Rule;
import org.pae.core.allocate.Tuning;
import org.pae.core.forecast.LastValueForecaster;
import org.pae.core.model.Account;
import org.pae.core.model.AccountId;
import org.pae.core.model.Limits;
import org.pae.core.model.Observation;
import org.pae.core.model.Resource;
import org.pae.core.model.Workload;
import org.pae.core.model.WorkloadKind;

/**
 * An operator's event hint under {@code allocate.policy = choice}. Issue 16: the loop answered a
 * hint with the threshold rule, through {@code threshold}, {@code headroom} and {@code
 * reduction-threshold}, which the documentation says {@code choice} does not use; now the choice
 * policy applies the hint to the candidate it chooses, and those settings, tuned for the series,
 * change nothing.
 */
class ChoiceEventHintTest {
  private static final Duration INTERVAL = Duration.ofMinutes(5);
  private static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");
  private static final Workload W = Workload.of("vm", WorkloadKind.VM);

  /** A loop under choice whose series is tuned to {@code threshold} and {@code headroom}. */
  private static final class Run {
    final ControlLoop loop;
    double factor = 1;
    double allocation = 400;

    Run(double threshold, double headroom) {
      LoopBounds s = new LoopBounds(Duration.ZERO, 4, Duration.ZERO, 0, true);
      Tuning tuning = new Tuning(Map.of("threshold", threshold, "headroom", headroom));
      Steering steering =
          new Steering() {
            @Override
            public LoopBounds bounds(Workload w, Resource r) {
              return s;
            }

            @Override
            public Tuning tuning(Workload w, Resource r) {
              return tuning;
            }

            @Override
            public Limits limits(Workload w, Resource r) {
              return Limits.NONE;
            }

            @Override
            public Optional<Account> account(AccountId id) {
              return Optional.empty();
            }

            @Override
            public double demandFactor(Workload w, Resource r, Instant now, Duration horizon) {
              return factor;
            }
          };
      ChoiceSettings d = ChoiceSettings.DEFAULTS;
      ChoiceSettings c =
          new ChoiceSettings(
              d.windows(),
              d.decays(),
              false,
              d.margins(),
              d.maxMargin(),
              d.memory(),
              d.tolerance(),
              Duration.ZERO,
              d.judged());
      loop =
          new ControlLoop(
              new CostChoicePolicy(
                  "pae",
                  INTERVAL,
                  c,
                  PolicyKeys.uniform(new RiskSettings(0.01)),
                  series -> new LastValueForecaster()),
              steering,
              INTERVAL);
    }

    /** One tick of usage following a daily cycle; the allocation follows the decision. */
    Decision step(int t) {
      double usage = 100 + 40 * Math.sin(2 * Math.PI * t / 288.0) + (t % 7) * 3;
      Decision d =
          loop.step(
                  T0.plus(INTERVAL.multipliedBy(t)),
                  List.of(Observation.of(W, Resource.MEMORY, usage, allocation)))
              .decisions()
              .getFirst();
      allocation = d.allocation();
      return d;
    }
  }

  @Test
  void underChoiceAHintScalesTheChosenCandidateWhateverTheThresholdRuleSays() {
    Run plain = new Run(0.9, 0.15);
    Run tight = new Run(0.6, 0.15);
    Run generous = new Run(0.9, 3);
    Run twin = new Run(0.9, 0.15);
    int t = 0;
    for (; t < 600; t++) {
      plain.step(t);
      tight.step(t);
      generous.step(t);
      twin.step(t);
    }
    Decision unhinted = twin.step(t);
    plain.factor = 2;
    tight.factor = 2;
    generous.factor = 2;
    Decision a = plain.step(t);
    Decision b = tight.step(t);
    Decision c = generous.step(t);

    assertThat(unhinted.reason().rule()).isNotEqualTo(Rule.WARMING_UP);
    assertThat(a.reason().caps()).contains(Cap.EVENT_HINT);
    assertThat(a.reason().evidence()).get().asString().contains("hint 2.00");
    assertThat(a.allocation())
        .isEqualTo(2 * unhinted.reason().evidence().orElseThrow().predicted());
    assertThat(b.allocation()).isEqualTo(a.allocation());
    assertThat(c.allocation()).isEqualTo(a.allocation());
  }
}
