package org.pae.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.libvirt.Domain;
import org.pae.core.allocate.Decision;
import org.pae.core.allocate.Reason;
import org.pae.core.allocate.Rule;
import org.pae.core.loop.Plan;
import org.pae.core.model.Resource;
import org.pae.core.model.SeriesKey;
import org.pae.core.model.WorkloadId;
import org.pae.core.ports.Actuation;

class LibvirtActuatorTest {
  private static final Instant T0 = Instant.parse("2026-12-07T00:00:00Z");
  private static final double MIB = 1024 * 1024;
  private static final LibvirtActuator.Options ALL =
      new LibvirtActuator.Options(
          EnumSet.of(Resource.MEMORY, Resource.CPU, Resource.DISK_IO, Resource.NETWORK), 0, 0);

  private static Decision.Resize resize(String workload, Resource r, double from, double to) {
    return new Decision.Resize(
        new SeriesKey(WorkloadId.of(workload), r),
        from,
        to,
        new Reason(
            Rule.SCALE_UP, java.util.OptionalDouble.empty(), java.util.Optional.empty(), Set.of()));
  }

  private static Actuation apply(LibvirtActuator a, Decision.Resize d) {
    List<Actuation> out = a.apply(new Plan(T0, List.of(d)));
    assertThat(out).hasSize(1);
    return out.getFirst();
  }

  @Test
  void resizesTheBalloonWithinWhatTheGuestNeedsAndTheDomainsMaximum() throws Exception {
    try (TestDomains t = TestDomains.open()) {
      Domain d = t.start("act-a", 4096, 2048, 2, 4);
      new LibvirtSource(t.fleet, m -> {}).observe(T0);
      LibvirtActuator actuator = new LibvirtActuator(t.fleet, ALL);
      double needed = Balloon.read(d).needed().getAsDouble();

      Actuation grown =
          apply(actuator, resize("vm:act-a", Resource.MEMORY, 2048 * MIB, 3000 * MIB));
      assertThat(grown.status()).isEqualTo(Actuation.Status.APPLIED);
      assertThat(grown.detail()).isEmpty();
      assertThat(d.getInfo().memory).isEqualTo(3000 * 1024);

      // Far below what the guest needs: raised to the need, and the actuation says so.
      Actuation low = apply(actuator, resize("vm:act-a", Resource.MEMORY, 3000 * MIB, 16 * MIB));
      assertThat(low.status()).isEqualTo(Actuation.Status.APPLIED);
      assertThat(low.detail()).startsWith("balloon raised from 16777216 to ");
      assertThat(d.getInfo().memory * 1024.0).isGreaterThanOrEqualTo(needed);

      // Beyond the domain's maximum: capped there.
      Actuation high = apply(actuator, resize("vm:act-a", Resource.MEMORY, 2048 * MIB, 9000 * MIB));
      assertThat(high.status()).isEqualTo(Actuation.Status.APPLIED);
      assertThat(high.detail()).contains("capped at the domain's maximum " + (long) (4096 * MIB));
      assertThat(d.getInfo().memory).isEqualTo(4096 * 1024);
    }
  }

  @Test
  void theMemoryMarginsRaiseTheFloor() throws Exception {
    try (TestDomains t = TestDomains.open()) {
      Domain d = t.start("act-m", 4096, 2048, 1, 1);
      new LibvirtSource(t.fleet, m -> {}).observe(T0);
      double needed = Balloon.read(d).needed().getAsDouble();
      LibvirtActuator actuator =
          new LibvirtActuator(
              t.fleet, new LibvirtActuator.Options(Set.of(Resource.MEMORY), 0.1, 32L << 20));
      Actuation a = apply(actuator, resize("vm:act-m", Resource.MEMORY, 2048 * MIB, needed));
      assertThat(a.detail()).contains("the guest needs " + Math.round(needed) + " + margin");
      assertThat(d.getInfo().memory * 1024.0)
          .isGreaterThanOrEqualTo(needed * 1.1 + (32 << 20))
          .isLessThan(needed * 1.1 + (32 << 20) + 1024);
    }
  }

  @Test
  void resizesCpuThroughTheVcpuCountAndTheScheduler() throws Exception {
    try (TestDomains t = TestDomains.open()) {
      Domain d = t.start("act-c", 1024, 1024, 2, 4);
      new LibvirtSource(t.fleet, m -> {}).observe(T0);
      LibvirtActuator actuator = new LibvirtActuator(t.fleet, ALL);

      Actuation up = apply(actuator, resize("vm:act-c", Resource.CPU, 2000, 2500));
      assertThat(up.status()).isEqualTo(Actuation.Status.APPLIED);
      // Three vCPUs hold 2.5 cores; the test driver's scheduler has a weight (100 a core).
      assertThat(up.detail()).isEqualTo("3 vCPUs; weight=250");
      assertThat(d.getInfo().nrVirtCpu).isEqualTo(3);

      Actuation beyond = apply(actuator, resize("vm:act-c", Resource.CPU, 3000, 16000));
      assertThat(beyond.status()).isEqualTo(Actuation.Status.APPLIED);
      assertThat(d.getInfo().nrVirtCpu).isEqualTo(4);

      Actuation down = apply(actuator, resize("vm:act-c", Resource.CPU, 4000, 300));
      assertThat(down.detail()).isEqualTo("1 vCPUs; weight=30");
      assertThat(d.getInfo().nrVirtCpu).isEqualTo(1);
    }
  }

  @Test
  void throttlesDisksAndCapsInterfacesAndTheSourceReadsThemBack() throws Exception {
    try (TestDomains t = TestDomains.open()) {
      t.start("act-io", 1024, 1024, 1, 1);
      LibvirtSource source = new LibvirtSource(t.fleet, m -> {});
      source.observe(T0);
      LibvirtActuator actuator = new LibvirtActuator(t.fleet, ALL);

      Actuation disk = apply(actuator, resize("vm:act-io", Resource.DISK_IO, 0, 50 * MIB));
      assertThat(disk.status()).isEqualTo(Actuation.Status.APPLIED);
      assertThat(disk.detail()).isEqualTo((long) (50 * MIB) + " B/s on each of vdb");
      Actuation net = apply(actuator, resize("vm:act-io", Resource.NETWORK, 0, 10 * MIB));
      assertThat(net.status()).isEqualTo(Actuation.Status.APPLIED);
      assertThat(net.detail()).isEqualTo("10240 KiB/s each way on each of act-io-nic");

      var seen =
          source.observe(T0.plusSeconds(5)).stream()
              .filter(o -> o.workload().id().value().equals("vm:act-io"))
              .toList();
      assertThat(seen)
          .anyMatch(o -> o.resource() == Resource.DISK_IO && o.allocated() == 50 * MIB)
          .anyMatch(o -> o.resource() == Resource.NETWORK && o.allocated() == 10 * MIB);

      // Never throttled to a stall.
      Actuation tiny = apply(actuator, resize("vm:act-io", Resource.DISK_IO, 50 * MIB, 10));
      assertThat(tiny.detail()).isEqualTo(LibvirtActuator.MIN_DISK_BYTES + " B/s on each of vdb");
    }
  }

  @Test
  void everyFailureIsAHeldDecisionThatSaysWhy() throws Exception {
    try (TestDomains t = TestDomains.open()) {
      Domain d = t.start("act-f", 1024, 512, 1, 1);
      new LibvirtSource(t.fleet, m -> {}).observe(T0);
      LibvirtActuator actuator = new LibvirtActuator(t.fleet, ALL);

      Actuation unknown = apply(actuator, resize("vm:nobody", Resource.MEMORY, 1, 2));
      assertThat(unknown.status()).isEqualTo(Actuation.Status.FAILED);
      assertThat(unknown.detail()).isEqualTo("vm:nobody is not running at test:///default");

      // It stops between the tick's reading and the write: libvirt refuses, and says why.
      d.destroy();
      Actuation gone = apply(actuator, resize("vm:act-f", Resource.MEMORY, 512 * MIB, 600 * MIB));
      assertThat(gone.status()).isEqualTo(Actuation.Status.FAILED);
      assertThat(gone.detail()).startsWith("vm:act-f: libvirt refused the memory resize: ");
    }
  }

  @Test
  void resourcesNotEnforcedAreRecommendedAndOtherWorkloadsLeftAlone() throws Exception {
    try (TestDomains t = TestDomains.open()) {
      Domain d = t.start("act-r", 1024, 512, 1, 1);
      new LibvirtSource(t.fleet, m -> {}).observe(T0);
      LibvirtActuator actuator =
          new LibvirtActuator(t.fleet, new LibvirtActuator.Options(Set.of(), 0, 0));
      Actuation r = apply(actuator, resize("vm:act-r", Resource.MEMORY, 512 * MIB, 700 * MIB));
      assertThat(r.status()).isEqualTo(Actuation.Status.RECOMMENDED);
      assertThat(d.getInfo().memory).isEqualTo(512 * 1024);
      assertThat(actuator.apply(new Plan(T0, List.of(resize("/pae/web", Resource.MEMORY, 1, 2)))))
          .isEmpty();
    }
  }
}
