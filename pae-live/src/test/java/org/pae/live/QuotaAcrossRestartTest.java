package org.pae.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pae.core.allocate.Cap;
import org.pae.core.allocate.Decision;
import org.pae.core.model.AccountId;
import org.pae.core.model.Resource;
import org.pae.core.model.WorkloadId;
import org.pae.host.Cgroup;
import org.pae.host.CgroupHierarchy;

/**
 * Issue 15's first defect with real processes: eight kernel cgroups, each with a process holding 24
 * MiB of its own memory, run under the live engine and its DuckDB history; the engine stops, five
 * of the workloads end (processes killed, cgroups removed), and the engine restarts on the same
 * data directory with the three left, under a memory quota of their usage and half as much again.
 * The warm-up replays all eight from the history; none of the five gone may hold a share of the
 * quota, so no live series is cut below its usage (before the fix, the five replayed ones kept
 * their allocations within the quota and the live ones got {@code quota, below_usage}).
 */
class QuotaAcrossRestartTest {
  private static final int HELD_MIB = 24;

  @TempDir Path dir;
  private final List<String> log = new ArrayList<>();

  private LiveEngine engine(List<Cgroup> managed) {
    return LiveFixtures.engine(
        Map.of(
            "host.processes", "false",
            "history.warm-up", "1h",
            "host.cgroups", managed.stream().map(Cgroup::path).collect(Collectors.joining(", "))),
        false,
        Path.of("/proc"),
        dir.resolve("data"),
        log::add);
  }

  /**
   * A process in {@code c} that holds {@code HELD_MIB} MiB of memory it allocated once inside it (a
   * shell variable), until destroyed.
   */
  private static Process holding(Cgroup c) throws IOException {
    Process p =
        new ProcessBuilder(
                "bash",
                "-c",
                "read go; v=$(head -c "
                    + HELD_MIB
                    + "M /dev/zero | tr '\\0' a); echo held; read done")
            .start();
    c.move(p.pid());
    OutputStream in = p.getOutputStream();
    in.write("go\n".getBytes(StandardCharsets.US_ASCII));
    in.flush();
    String said =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))
            .readLine();
    assertThat(said).as("the process allocated its memory").isEqualTo("held");
    return p;
  }

  @Test
  void aRestartLeavesTheLiveWorkloadsTheirQuota() throws Exception {
    CgroupHierarchy host = CgroupHierarchy.host();
    assumeTrue(
        "root".equals(System.getProperty("user.name")),
        "needs root to create kernel cgroups and move processes into them");
    String root = "/pae-restart-" + ProcessHandle.current().pid();
    List<Cgroup> live = new ArrayList<>();
    List<Cgroup> gone = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      (i < 3 ? live : gone).add(host.cgroup(root + "/w" + i));
    }
    Cgroup top = host.cgroup(root);
    List<Cgroup> all = new ArrayList<>(live);
    all.addAll(gone);
    Map<Cgroup, Process> processes = new HashMap<>();
    try {
      try {
        for (Cgroup c : all) {
          c.create();
        }
      } catch (IOException e) {
        assumeTrue(false, "cannot create kernel cgroups here: " + e.getMessage());
      }
      assumeTrue(
          top.resources().contains(Resource.MEMORY),
          "no memory controller in this host's cgroups: " + host);
      for (Cgroup c : all) {
        processes.put(c, holding(c));
      }
      Instant t0 = Instant.parse("2026-03-02T08:00:00Z");
      try (LiveEngine d = engine(all)) {
        d.warmUp(t0);
        for (int i = 0; i < 4; i++) {
          d.tick(t0.plusSeconds(5L * i));
        }
      }
      for (Cgroup c : gone) {
        processes.remove(c).destroyForcibly().waitFor();
        LiveFixtures.deleteWhenEmpty(c);
      }
      double usage = 0;
      for (Cgroup c : live) {
        usage += c.memoryBytes();
      }
      double quota = usage * 1.5;
      Instant restart = t0.plusSeconds(60);
      try (LiveEngine d = engine(live)) {
        d.steering().setQuotas(AccountId.DEFAULT, Map.of(Resource.MEMORY, quota));
        assertThat(d.warmUp(restart)).as("the history of all eight replayed").isPositive();
        for (Cgroup c : gone) {
          assertThat(d.tracks(WorkloadId.of(c.path()))).as("%s replayed", c).isTrue();
        }
        for (int i = 0; i < 3; i++) {
          LiveEngine.Snapshot tick = d.tick(restart.plusSeconds(5L * i));
          List<Decision> memory =
              tick.plan().decisions().stream()
                  .filter(x -> x.series().resource() == Resource.MEMORY)
                  .toList();
          assertThat(memory).as("the three live ones, only").hasSize(3);
          for (Decision x : memory) {
            assertThat(x.reason().caps()).as("%s", x).doesNotContain(Cap.BELOW_USAGE);
            assertThat(x.allocation())
                .as("%s", x)
                .isGreaterThanOrEqualTo(x.reason().usage().orElseThrow());
          }
          assertThat(memory.stream().mapToDouble(Decision::allocation).sum())
              .as("within the quota")
              .isLessThanOrEqualTo(quota * (1 + 1e-9));
        }
        for (Cgroup c : gone) {
          assertThat(d.tracks(WorkloadId.of(c.path()))).as("%s forgotten", c).isFalse();
        }
      }
    } finally {
      for (Process p : processes.values()) {
        p.destroyForcibly().waitFor();
      }
      for (Cgroup c : all) {
        LiveFixtures.deleteWhenEmpty(c);
      }
      LiveFixtures.deleteWhenEmpty(top);
    }
  }
}
