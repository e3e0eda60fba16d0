package org.pae.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pae.core.model.Observation;
import org.pae.core.model.Resource;
import org.pae.core.model.WorkloadKind;

class NetworkSourceTest {
  @TempDir Path dir;

  @Test
  void readsThisHostsInterfaces() throws Exception {
    Map<String, Long> interfaces = NetDev.read(Path.of("/proc/net/dev"));
    assertThat(interfaces).containsKey("lo");
    assertThat(NetDev.total(interfaces)).isEqualTo(NetDev.total(interfaces));
    // A workload's own namespace counts its loopback; the host's leaves it out.
    assertThat(NetDev.all(interfaces)).isEqualTo(NetDev.total(interfaces) + interfaces.get("lo"));
    List<Observation> first =
        new NetworkSource(Path.of("/proc/net/dev"), (k, u) -> u).observe(Instant.now());
    assertThat(first).allMatch(o -> o.resource() == Resource.NETWORK && o.usage().isEmpty());
    assertThat(first).noneMatch(o -> o.workload().id().value().equals("net:lo"));
  }

  @Test
  void ratesPerInterfaceFromTwoReadings() throws Exception {
    Path file = dir.resolve("dev");
    String header =
        "Inter-|   Receive                                                |  Transmit\n"
            + " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets"
            + " errs drop fifo colls carrier compressed\n";
    Files.writeString(
        file,
        header
            + "  eth0: 1000 1 0 0 0 0 0 0 500 1 0 0 0 0 0 0\n    lo: 9 1 0 0 0 0 0 0 9 1 0 0 0 0 0 0\n");
    NetworkSource s = new NetworkSource(file, (k, u) -> 1e9);
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    s.observe(t0);
    Files.writeString(file, header + "  eth0: 3000 1 0 0 0 0 0 0 1500 1 0 0 0 0 0 0\n");
    List<Observation> second = s.observe(t0.plusSeconds(2));
    assertThat(second).hasSize(1);
    assertThat(second.getFirst().usage()).hasValue(1500);
    assertThat(second.getFirst().allocated()).isEqualTo(1e9);
    assertThat(second.getFirst().workload().kind()).isEqualTo(WorkloadKind.DEVICE);
  }

  @Test
  void noNvidiaSmiMeansNoGpuSourceAndItsOutputParses() {
    assertThat(GpuSource.find(dir.toString(), (k, u) -> u)).isEmpty();
    GpuSource gpu = new GpuSource(dir.resolve("nvidia-smi"), (k, u) -> 100);
    List<Observation> seen = gpu.parse("0, 37\n1, [N/A]\n");
    assertThat(seen).hasSize(2);
    assertThat(seen.get(0).usage()).hasValue(37);
    assertThat(seen.get(1).usage()).isEmpty();
    assertThat(seen).allMatch(o -> o.workload().kind() == WorkloadKind.DEVICE);
  }
}
