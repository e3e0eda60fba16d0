package org.pae.core.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.pae.core.allocate.AllocationPolicy;
import org.pae.core.allocate.Outlook;
import org.pae.core.allocate.Proposal;
import org.pae.core.allocate.Rule;
import org.pae.core.allocate.SeriesPolicy;
import org.pae.core.forecast.ForecasterRegistry;
import org.pae.core.model.Observation;
import org.pae.core.model.Resource;
import org.pae.core.model.Workload;
import org.pae.core.model.WorkloadKind;
import org.pae.core.settings.Settings;

/** A model shared by many series can batch a tick only if every series observed before any asks. */
class ObserveBeforeProposeTest {
  @Test
  void everySeriesObservesBeforeAnyProposes() {
    List<String> calls = new ArrayList<>();
    AllocationPolicy recording =
        new AllocationPolicy() {
          @Override
          public String name() {
            return "recording";
          }

          @Override
          public SeriesPolicy open(Workload workload, Resource resource) {
            return new SeriesPolicy() {
              @Override
              public void observe(Instant now, double usage) {
                calls.add("observe " + workload.id());
              }

              @Override
              public Proposal propose(
                  Instant now, double usage, double allocated, Outlook outlook) {
                calls.add("propose " + workload.id());
                return Proposal.hold(Rule.WITHIN_BAND, null);
              }
            };
          }
        };
    Settings s = Settings.load(ForecasterRegistry.standard());
    ControlLoop loop =
        new ControlLoop(recording, Steering.uniform(s.bounds(), Map.of()), Duration.ofSeconds(5));
    List<Observation> obs = new ArrayList<>();
    for (String id : List.of("a", "b", "c")) {
      obs.add(
          new Observation(
              Workload.of(id, WorkloadKind.VM), Resource.MEMORY, OptionalDouble.of(10), 100));
    }
    loop.step(Instant.parse("2026-11-25T00:00:00Z"), obs);
    assertThat(calls)
        .containsExactly(
            "observe a", "observe b", "observe c", "propose a", "propose b", "propose c");
  }
}
