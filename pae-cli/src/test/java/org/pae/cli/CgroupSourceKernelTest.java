package org.pae.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pae.core.model.Observation;
import org.pae.core.model.Resource;
import org.pae.core.model.Workload;
import org.pae.core.model.WorkloadKind;
import org.pae.host.Cgroup;
import org.pae.host.CgroupSource;
import org.pae.live.KernelCgroups;

/** The cgroup source on real cgroups of this kernel. */
class CgroupSourceKernelTest {
  @Test
  void readsACgroupsOwnNetworkNamespaceAndHoldsOneThatVanished() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/unshare")), "no /usr/bin/unshare here");
    try (KernelCgroups k = new KernelCgroups()) {
      Cgroup netns = k.create("/netns");
      Cgroup gone = k.create("/gone");
      Process p = k.startCommand(netns, "/usr/bin/unshare", "-n", "sleep", "30");
      Thread.sleep(300);
      List<String> warnings = new ArrayList<>();
      CgroupSource source =
          new CgroupSource(
              List.of(
                  new CgroupSource.Managed(
                      Workload.of(netns.path(), WorkloadKind.CONTAINER), netns),
                  new CgroupSource.Managed(Workload.of(gone.path(), WorkloadKind.CONTAINER), gone)),
              Path.of("/proc"),
              (key, limit, usage) -> Double.isInfinite(limit) ? 1e9 : limit,
              warnings::add);
      Instant t0 = Instant.now();
      source.observe(t0);
      gone.delete();
      List<Observation> second = source.observe(t0.plusSeconds(1));

      assertThat(p.isAlive()).isTrue();
      assertThat(second)
          .filteredOn(o -> o.workload().id().value().equals(netns.path()))
          .anySatisfy(
              o -> {
                assertThat(o.resource()).isEqualTo(Resource.NETWORK);
                // Only loopback lives in the new namespace, and sleep sends nothing on it.
                assertThat(o.usage()).hasValue(0);
              })
          .anySatisfy(o -> assertThat(o.resource()).isEqualTo(Resource.CPU));
      assertThat(second)
          .filteredOn(o -> o.workload().id().value().equals(gone.path()))
          .isNotEmpty()
          .allSatisfy(o -> assertThat(o.usage()).isEmpty());
      assertThat(warnings).anyMatch(w -> w.contains(gone.path()) && w.contains("holding"));
    }
  }
}
