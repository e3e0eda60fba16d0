package org.pae.core.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.pae.core.allocate.AllocationPolicy;
import org.pae.core.allocate.Decision;
import org.pae.core.allocate.Proposal;
import org.pae.core.allocate.Rule;
import org.pae.core.allocate.SeriesPolicy;
import org.pae.core.model.Observation;
import org.pae.core.model.Resource;
import org.pae.core.model.Workload;
import org.pae.core.model.WorkloadKind;

/** An infinite max-step means no bound: an allocation can reach 0 and come back in one step. */
class UnboundedStepTest {
  private static final LoopBounds UNBOUNDED =
      new LoopBounds(Duration.ZERO, Double.POSITIVE_INFINITY, Duration.ZERO, 0, false);

  /** Proposes exactly the usage it sees. */
  private static final AllocationPolicy USAGE =
      new AllocationPolicy() {
        @Override
        public String name() {
          return "usage";
        }

        @Override
        public SeriesPolicy open(Workload workload, Resource resource) {
          return new SeriesPolicy() {
            @Override
            public void observe(Instant now, double usage) {}

            @Override
            public Proposal propose(
                Instant now, double usage, double allocated, org.pae.core.allocate.Outlook o) {
              return new Proposal(OptionalDouble.of(usage), Rule.RECOMPUTED, Optional.empty());
            }
          };
        }
      };

  @Test
  void anInfiniteStepNeverBinds() {
    ControlLoop loop =
        new ControlLoop(
            USAGE,
            Steering.uniform(Map.of(Resource.CPU, UNBOUNDED), Map.of()),
            Duration.ofMinutes(5));
    Workload w = Workload.of("vm", WorkloadKind.VM);
    Instant t = Instant.ofEpochSecond(0);
    Decision down =
        loop.step(t, List.of(Observation.of(w, Resource.CPU, 0, 100))).decisions().get(0);
    assertThat(down.allocation()).isZero();
    assertThat(down.reason().caps()).isEmpty();
    Decision up =
        loop.step(t.plusSeconds(300), List.of(Observation.of(w, Resource.CPU, 5000, 0)))
            .decisions()
            .get(0);
    assertThat(up.allocation()).isEqualTo(5000);
    Decision again =
        loop.step(t.plusSeconds(600), List.of(Observation.of(w, Resource.CPU, 1e-3, 5000)))
            .decisions()
            .get(0);
    assertThat(again.allocation()).isEqualTo(1e-3);
    assertThat(again.reason().caps()).isEmpty();
  }

  @Test
  void aStepBelowOneOrNaNIsRefused() {
    assertThatThrownBy(() -> new LoopBounds(Duration.ZERO, 0.5, Duration.ZERO, 0, false))
        .hasMessageContaining("max-step");
    assertThatThrownBy(() -> new LoopBounds(Duration.ZERO, Double.NaN, Duration.ZERO, 0, false))
        .hasMessageContaining("max-step");
  }
}
