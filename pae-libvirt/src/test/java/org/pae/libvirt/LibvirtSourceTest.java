package org.pae.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.libvirt.Domain;
import org.pae.core.model.Observation;
import org.pae.core.model.Resource;
import org.pae.core.model.WorkloadKind;

class LibvirtSourceTest {
  private static final Instant T0 = Instant.parse("2026-12-07T00:00:00Z");

  private static Map<Resource, Observation> of(List<Observation> all, String vm) {
    return all.stream()
        .filter(o -> o.workload().id().equals(Fleet.workloadId(vm)))
        .collect(Collectors.toMap(Observation::resource, Function.identity()));
  }

  @Test
  void readsEveryRunningDomainsMemoryCpuDiskAndNetwork() throws Exception {
    try (TestDomains t = TestDomains.open()) {
      Domain d = t.start("src-a", 4096, 3072, 2, 4);
      LibvirtSource source = new LibvirtSource(t.fleet, m -> {});

      Map<Resource, Observation> first = of(source.observe(T0), "src-a");
      assertThat(first)
          .containsOnlyKeys(Resource.MEMORY, Resource.CPU, Resource.DISK_IO, Resource.NETWORK);
      Observation memory = first.get(Resource.MEMORY);
      assertThat(memory.workload().kind()).isEqualTo(WorkloadKind.VM);
      Balloon balloon = Balloon.read(d);
      // Allocated: the balloon's size; used: that less what the guest could still use.
      assertThat(memory.allocated()).isEqualTo(3072.0 * 1024 * 1024);
      assertThat(balloon.guestReports()).isTrue();
      assertThat(memory.usage().getAsDouble())
          .isEqualTo((double) balloon.actual() - balloon.usable())
          .isPositive();
      // Counters give rates from the second reading on.
      assertThat(first.get(Resource.CPU).usage()).isEmpty();
      assertThat(first.get(Resource.CPU).allocated()).isEqualTo(2000);
      assertThat(first.get(Resource.DISK_IO).usage()).isEmpty();

      Map<Resource, Observation> second = of(source.observe(T0.plusSeconds(5)), "src-a");
      assertThat(second.get(Resource.CPU).usage()).isPresent();
      assertThat(second.get(Resource.DISK_IO).usage()).isPresent();
      assertThat(second.get(Resource.NETWORK).usage()).isPresent();
      // Unthrottled devices count as allocated what they use.
      assertThat(second.get(Resource.DISK_IO).allocated())
          .isEqualTo(second.get(Resource.DISK_IO).usage().getAsDouble());
    }
  }

  @Test
  void aDomainThatStopsIsForgottenAndOneThatStartsIsRead() throws Exception {
    try (TestDomains t = TestDomains.open()) {
      Domain a = t.start("src-b", 1024, 1024, 1, 1);
      LibvirtSource source = new LibvirtSource(t.fleet, m -> {});
      assertThat(of(source.observe(T0), "src-b")).isNotEmpty();
      a.destroy();
      t.start("src-c", 1024, 512, 1, 1);
      List<Observation> next = source.observe(T0.plusSeconds(5));
      assertThat(of(next, "src-b")).isEmpty();
      assertThat(of(next, "src-c")).containsKey(Resource.MEMORY);
      assertThat(t.fleet.vm(Fleet.workloadId("src-b"))).isEmpty();
    }
  }

  @Test
  void whenLibvirtCannotBeReadEverySeriesSeenIsMissingAndSaysWhy() throws Exception {
    try (TestDomains t = TestDomains.open()) {
      t.start("src-d", 1024, 768, 1, 1);
      List<String> warnings = new ArrayList<>();
      // A connection of its own, closed under the source as a daemon's connection may drop.
      Fleet own = Fleet.open(TestDomains.URI);
      LibvirtSource source = new LibvirtSource(own, warnings::add);
      Map<Resource, Observation> before = of(source.observe(T0), "src-d");
      own.connection().close();

      Map<Resource, Observation> after = of(source.observe(T0.plusSeconds(5)), "src-d");
      assertThat(after).containsOnlyKeys(before.keySet());
      after.values().forEach(o -> assertThat(o.usage()).isEmpty());
      assertThat(after.get(Resource.MEMORY).allocated())
          .isEqualTo(before.get(Resource.MEMORY).allocated());
      assertThat(warnings)
          .anyMatch(w -> w.startsWith("cannot list the domains at test:///default"));
      // Reported once, not every tick.
      source.observe(T0.plusSeconds(10));
      assertThat(warnings).filteredOn(w -> w.startsWith("cannot list")).hasSize(1);
    }
  }

  @Test
  void anUnreachableConnectionIsAClearError() {
    assertThatThrownBy(() -> Fleet.open("test:///no/such/file.xml"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot connect to libvirt at test:///no/such/file.xml");
  }
}
