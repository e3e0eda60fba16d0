package org.pae.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pae.core.allocate.Decision;
import org.pae.core.model.Resource;
import org.pae.core.model.SeriesKey;
import org.pae.core.model.WorkloadId;
import org.pae.core.ports.Actuation;
import org.pae.host.Cgroup;
import org.pae.host.CgroupV1;
import org.pae.live.KernelCgroups;
import org.pae.live.LiveEngine;
import org.pae.live.LiveFixtures;

/**
 * The daemon with {@code --enforce} on real cgroups of this kernel, driven at a short interval by
 * the real clock. Skipped, saying why, where cgroups are not writable.
 */
class DaemonKernelTest {
  private static final long MIB = 1 << 20;
  private static final Duration INTERVAL = Duration.ofMillis(200);

  @TempDir Path data;
  private final List<String> log = new CopyOnWriteArrayList<>();

  private LiveEngine daemon(
      KernelCgroups k, String enforce, Map<String, String> more, String... cgroups) {
    Map<String, String> o = new HashMap<>();
    o.put("loop.interval", INTERVAL.toMillis() + "ms");
    o.put("policy.cooldown", "0s");
    o.put("host.enforce", enforce);
    // PAE's choice on this test's clock: peaks, record and price over seconds, not days.
    o.put("allocate.choice.windows", "1s, 2s");
    o.put("allocate.choice.decays", "1s");
    o.put("allocate.choice.memory", "5s");
    o.put("allocate.choice.warm-up", "0s");
    o.put("allocate.choice.judged-after", "1s");
    o.putAll(more);
    return LiveFixtures.engine(k, o, true, data, log::add, cgroups);
  }

  /** Ticks the daemon every interval until {@code child} exits (or a minute passes). */
  private static List<LiveEngine.Snapshot> runWhileAlive(LiveEngine d, Process... children)
      throws InterruptedException {
    List<LiveEngine.Snapshot> ticks = new ArrayList<>();
    Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
    while (Instant.now().isBefore(deadline)
        && java.util.Arrays.stream(children).anyMatch(Process::isAlive)) {
      ticks.add(d.tick(Instant.now()));
      Thread.sleep(INTERVAL);
    }
    return ticks;
  }

  private static double allocation(LiveEngine.Snapshot s, String workload, Resource r) {
    SeriesKey key = new SeriesKey(WorkloadId.of(workload), r);
    return s.plan().decisions().stream()
        .filter(d -> d.series().equals(key))
        .mapToDouble(Decision::allocation)
        .findFirst()
        .orElse(Double.NaN);
  }

  @Test
  void raisesTheMemoryLimitAheadOfAGrowingChildAndLowersItOnceFreed() throws Exception {
    try (KernelCgroups k = new KernelCgroups()) {
      CgroupV1 box = (CgroupV1) k.create("/box");
      box.setLimit(Resource.MEMORY, 64 * MIB);
      try (LiveEngine d =
          daemon(
              k,
              "memory",
              Map.of(
                  "policy.memory.usage-margin", "0.3", "actuator.memory-min-margin", "" + 32 * MIB),
              "/box")) {
        // 24 steps of 4 MiB every 150 ms: 96 MiB in 3.6 s; held 2.5 s, freed, 2.5 s more.
        Process child = k.start(box, MemoryGrower.class, "4", "24", "150", "2500");
        List<Double> limits = new ArrayList<>();
        double peakUsage = 0;
        List<LiveEngine.Snapshot> ticks = new ArrayList<>();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (child.isAlive() && Instant.now().isBefore(deadline)) {
          ticks.add(d.tick(Instant.now()));
          peakUsage = Math.max(peakUsage, box.memoryBytes());
          limits.add(box.limit(Resource.MEMORY));
          Thread.sleep(INTERVAL);
        }
        child.waitFor();
        double peakLimit = limits.stream().mapToDouble(x -> x).max().orElseThrow();

        assertThat(child.exitValue()).as("the child ran to its end, not OOM-killed").isZero();
        assertThat(box.oomKills()).as("memory.oom_control oom_kill").isZero();
        assertThat(box.memoryFailures()).as("memory.failcnt: the limit was never hit").isZero();
        assertThat(peakUsage).as("the child did grow").isGreaterThan(90 * MIB);
        assertThat(peakLimit).as("the limit was raised past the growth").isGreaterThan(peakUsage);
        assertThat(limits.getLast())
            .as("lowered after the child freed its memory")
            .isLessThan(peakLimit / 2);
        List<Actuation> memory =
            ticks.stream()
                .flatMap(t -> t.actuations().stream())
                .filter(a -> a.decision().series().resource() == Resource.MEMORY)
                .toList();
        assertThat(memory).isNotEmpty().allMatch(a -> a.status() == Actuation.Status.APPLIED);
        assertThat(
                ticks.stream()
                    .flatMap(t -> t.actuations().stream())
                    .filter(a -> a.decision().series().resource() == Resource.CPU))
            .as("CPU is not in host.enforce: only recommended")
            .allMatch(a -> a.status() == Actuation.Status.RECOMMENDED);
      }
    }
  }

  @Test
  void theCpuQuotaFollowsDemandUpAndDown() throws Exception {
    try (KernelCgroups k = new KernelCgroups()) {
      Cgroup box = k.create("/cpu");
      box.setLimit(Resource.CPU, 200);
      try (LiveEngine d = daemon(k, "cpu", Map.of(), "/cpu")) {
        Process child = k.start(box, CpuBurner.class, "busy:4000", "idle:3000", "busy:4000");
        List<String> phases = new CopyOnWriteArrayList<>();
        Thread reader =
            Thread.ofVirtual()
                .start(
                    () -> {
                      try (BufferedReader r =
                          new BufferedReader(
                              new InputStreamReader(
                                  child.getInputStream(), StandardCharsets.UTF_8))) {
                        r.lines().forEach(phases::add);
                      } catch (java.io.IOException e) {
                        phases.add("unreadable: " + e);
                      }
                    });
        Map<Integer, List<Double>> quotaByPhase = new HashMap<>();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (child.isAlive() && Instant.now().isBefore(deadline)) {
          d.tick(Instant.now());
          int phase = phases.size();
          quotaByPhase.computeIfAbsent(phase, p -> new ArrayList<>()).add(box.limit(Resource.CPU));
          Thread.sleep(INTERVAL);
        }
        reader.join();
        assertThat(phases).startsWith("busy", "idle", "busy");
        double busy = quotaByPhase.get(1).stream().mapToDouble(x -> x).max().orElseThrow();
        double idle = quotaByPhase.get(2).stream().mapToDouble(x -> x).min().orElseThrow();
        double busyAgain = quotaByPhase.get(3).stream().mapToDouble(x -> x).max().orElseThrow();
        assertThat(busy).as("raised while busy, from 200m").isGreaterThanOrEqualTo(400);
        assertThat(idle).as("lowered while idle").isLessThan(busy / 2);
        assertThat(busyAgain).as("raised again").isGreaterThan(2 * idle);
      }
    }
  }

  @Test
  void twoContainersShareTheirVmsBudgetWhichFollowsThem() throws Exception {
    try (KernelCgroups k = new KernelCgroups()) {
      Cgroup vm = k.create("/vm");
      Cgroup c1 = k.create("/vm/c1");
      Cgroup c2 = k.create("/vm/c2");
      vm.setLimit(Resource.MEMORY, 256 * MIB);
      c1.setLimit(Resource.MEMORY, 128 * MIB);
      c2.setLimit(Resource.MEMORY, 128 * MIB);
      try (LiveEngine d =
          daemon(
              k,
              "memory",
              Map.of(
                  "policy.memory.usage-margin", "0.3", "actuator.memory-min-margin", "" + 32 * MIB),
              "/vm",
              "/vm/c1",
              "/vm/c2")) {
        Process p1 = k.start(c1, MemoryGrower.class, "4", "16", "150", "3000");
        Process p2 = k.start(c2, MemoryGrower.class, "2", "16", "150", "3000");
        List<LiveEngine.Snapshot> ticks = runWhileAlive(d, p1, p2);
        p1.waitFor();
        p2.waitFor();

        double peakVm = 0;
        for (LiveEngine.Snapshot t : ticks) {
          double parent = allocation(t, k.root + "/vm", Resource.MEMORY);
          double children =
              allocation(t, k.root + "/vm/c1", Resource.MEMORY)
                  + allocation(t, k.root + "/vm/c2", Resource.MEMORY);
          assertThat(children)
              .as("children's allocations within the VM's at %s", t.plan().time())
              .isLessThanOrEqualTo(parent * (1 + 1e-9));
          peakVm = Math.max(peakVm, parent);
        }
        assertThat(p1.exitValue()).isZero();
        assertThat(p2.exitValue()).isZero();
        for (Cgroup c : List.of(vm, c1, c2)) {
          assertThat(c.oomKills()).as("no OOM kill in %s", c).isZero();
        }
        assertThat(peakVm).as("the VM's budget rose with its children").isGreaterThan(96 * MIB);
        assertThat(allocation(ticks.getLast(), k.root + "/vm", Resource.MEMORY))
            .as("and fell once they freed")
            .isLessThan(peakVm / 2);
      }
    }
  }
}
