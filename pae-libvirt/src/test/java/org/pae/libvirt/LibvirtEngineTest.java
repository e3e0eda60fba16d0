package org.pae.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.libvirt.Domain;
import org.pae.core.allocate.Cap;
import org.pae.core.allocate.Decision;
import org.pae.core.config.SettingsSource;
import org.pae.core.engine.Engine;
import org.pae.core.forecast.ForecasterRegistry;
import org.pae.core.loop.ControlLoop;
import org.pae.core.loop.Steering;
import org.pae.core.model.Observation;
import org.pae.core.model.Resource;
import org.pae.core.model.Workload;
import org.pae.core.model.WorkloadKind;
import org.pae.core.ports.Actuation;
import org.pae.core.ports.MetricSource;
import org.pae.core.settings.Settings;

/** The unchanged loop driving VMs through the libvirt source and actuator. */
class LibvirtEngineTest {
  private static final Instant T0 = Instant.parse("2026-12-07T00:00:00Z");
  private static final double MIB = 1024 * 1024;

  @Test
  void theLoopResizesAVmAndKeepsAContainerInsideItWithinItsBudget() throws Exception {
    try (TestDomains t = TestDomains.open()) {
      Domain d = t.start("eng-a", 8192, 4096, 2, 2);
      Settings settings =
          Settings.load(
              Map.of("forecast.model", "last-value", "policy.cooldown", "0s"),
              ForecasterRegistry.standard());
      LibvirtSource vms = new LibvirtSource(t.fleet, m -> {});
      // A container in the VM, as a source inside the guest would report it: it uses more than
      // the VM will be given, so the parent's budget must bound it.
      Workload app =
          Workload.of("vm:eng-a/app", WorkloadKind.CONTAINER).withParent(Fleet.workloadId("eng-a"));
      MetricSource both =
          now -> {
            List<Observation> all = new ArrayList<>(vms.observe(now));
            all.add(Observation.of(app, Resource.MEMORY, 6000 * MIB, 6000 * MIB));
            return all;
          };
      ControlLoop loop =
          new ControlLoop(
              settings.allocationPolicy(
                  "pae",
                  settings.forecasterFactory(ForecasterRegistry.standard()),
                  Duration.ofSeconds(5)),
              Steering.uniform(settings.bounds(), Map.of()),
              Duration.ofSeconds(5));
      Engine engine =
          new Engine(
              both,
              loop,
              new LibvirtActuator(
                  t.fleet, LibvirtSettings.from(SettingsSource.of(Map.of())).actuator()));

      Engine.Tick tick = engine.tick(T0);
      double vm = allocation(tick, "vm:eng-a");
      double child = allocation(tick, "vm:eng-a/app");
      assertThat(child).isLessThanOrEqualTo(vm);
      assertThat(decision(tick, "vm:eng-a/app").reason().caps()).contains(Cap.PARENT);
      // What the loop decided for the VM is what the balloon now holds (to the KiB).
      assertThat(d.getInfo().memory).isEqualTo((long) Math.ceil(vm / 1024));
      assertThat(tick.actuations())
          .filteredOn(a -> a.decision().series().workload().value().equals("vm:eng-a"))
          .allMatch(a -> a.status() != Actuation.Status.FAILED);
    }
  }

  private static Decision decision(Engine.Tick tick, String workload) {
    return tick.plan().decisions().stream()
        .filter(x -> x.series().workload().value().equals(workload))
        .filter(x -> x.series().resource() == Resource.MEMORY)
        .findFirst()
        .orElseThrow();
  }

  private static double allocation(Engine.Tick tick, String workload) {
    return decision(tick, workload).allocation();
  }
}
