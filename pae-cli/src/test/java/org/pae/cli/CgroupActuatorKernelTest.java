package org.pae.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pae.core.allocate.Decision;
import org.pae.core.allocate.Reason;
import org.pae.core.allocate.Rule;
import org.pae.core.loop.Plan;
import org.pae.core.model.Resource;
import org.pae.core.model.SeriesKey;
import org.pae.core.model.WorkloadId;
import org.pae.core.ports.Actuation;
import org.pae.host.Cgroup;
import org.pae.host.CgroupActuator;
import org.pae.live.KernelCgroups;

/** The cgroup actuator's rules, on real cgroups of this kernel. */
class CgroupActuatorKernelTest {
  private static final long MIB = 1 << 20;
  private static final CgroupActuator.Options OPTIONS =
      new CgroupActuator.Options(
          EnumSet.of(Resource.MEMORY, Resource.CPU), 3, Duration.ofMillis(5), 0.05, 8 * MIB);
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  private static Decision.Resize resize(Cgroup c, Resource r, double from, double to) {
    Reason why = new Reason(Rule.SCALE_UP, OptionalDouble.of(from), Optional.empty(), Set.of());
    return new Decision.Resize(new SeriesKey(WorkloadId.of(c.path()), r), from, to, why);
  }

  @Test
  void aWorkloadsResizesAreAllOrNothing() throws Exception {
    try (KernelCgroups k = new KernelCgroups()) {
      Cgroup vm = k.create("/vm");
      Cgroup box = k.create("/vm/box");
      vm.setLimit(Resource.CPU, 100);
      box.setLimit(Resource.MEMORY, 64 * MIB);
      CgroupActuator actuator = new CgroupActuator(Map.of(WorkloadId.of(box.path()), box), OPTIONS);
      // The memory write succeeds; the kernel refuses a child CFS quota above its parent's
      // (EINVAL), so the memory write is undone.
      List<Actuation> done =
          actuator.apply(
              new Plan(
                  NOW,
                  List.of(
                      resize(box, Resource.MEMORY, 64 * MIB, 96 * MIB),
                      resize(box, Resource.CPU, 100, 500))));

      assertThat(done).hasSize(2).allMatch(a -> a.status() == Actuation.Status.FAILED);
      assertThat(done.getFirst().detail())
          .contains("could not write the cpu limit 500 after 3 attempts", "Invalid argument")
          .contains("rolled back memory to " + 64 * MIB);
      assertThat(box.limit(Resource.MEMORY)).isEqualTo(64 * MIB);
      assertThat(box.limit(Resource.CPU)).isInfinite();
    }
  }

  @Test
  void neverSetsMemoryBelowTheWorkingSetPlusMargin() throws Exception {
    try (KernelCgroups k = new KernelCgroups()) {
      Cgroup box = k.create("/box");
      box.setLimit(Resource.MEMORY, 256 * MIB);
      Process child = k.start(box, MemoryGrower.class, "16", "4", "10", "60000");
      while (box.memoryBytes() < 64 * MIB && child.isAlive()) {
        Thread.sleep(20);
      }
      long workingSet = box.memoryBytes();
      CgroupActuator actuator = new CgroupActuator(Map.of(WorkloadId.of(box.path()), box), OPTIONS);
      List<Actuation> done =
          actuator.apply(new Plan(NOW, List.of(resize(box, Resource.MEMORY, 256 * MIB, 1 * MIB))));

      assertThat(done)
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.status()).isEqualTo(Actuation.Status.APPLIED);
                assertThat(a.detail()).contains("memory raised from 1048576", "working set");
              });
      // The floor is the working set the actuator read just before its write, which it reports;
      // the cgroup's working set moves a little between that read and the test's own.
      java.util.regex.Matcher read =
          java.util.regex.Pattern.compile("working set (\\d+)").matcher(done.getFirst().detail());
      assertThat(read.find()).isTrue();
      long seen = Long.parseLong(read.group(1));
      assertThat((double) seen)
          .isCloseTo(workingSet, org.assertj.core.data.Percentage.withPercentage(10));
      assertThat(box.limit(Resource.MEMORY)).isGreaterThanOrEqualTo(seen * 1.05 + 8 * MIB);
      assertThat(child.isAlive()).as("not OOM-killed").isTrue();
      assertThat(box.oomKills()).isZero();
    }
  }

  @Test
  void leavesUnmanagedCgroupsAloneAndReportsAVanishedOneFailedAfterRetries() throws Exception {
    try (KernelCgroups k = new KernelCgroups()) {
      Cgroup managed = k.create("/managed");
      Cgroup other = k.create("/other");
      other.setLimit(Resource.MEMORY, 64 * MIB);
      CgroupActuator actuator =
          new CgroupActuator(Map.of(WorkloadId.of(managed.path()), managed), OPTIONS);
      List<Actuation> untouched =
          actuator.apply(
              new Plan(NOW, List.of(resize(other, Resource.MEMORY, 64 * MIB, 32 * MIB))));
      assertThat(untouched).isEmpty();
      assertThat(other.limit(Resource.MEMORY)).isEqualTo(64 * MIB);

      managed.delete();
      List<Actuation> failed =
          actuator.apply(new Plan(NOW, List.of(resize(managed, Resource.CPU, 1000, 2000))));
      assertThat(failed)
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.status()).isEqualTo(Actuation.Status.FAILED);
                assertThat(a.detail()).contains("after 3 attempts");
              });
    }
  }

  @Test
  void throttlesBlockIoOnTheHostsDisks(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    try (KernelCgroups k = new KernelCgroups()) {
      Cgroup box = k.create("/io");
      CgroupActuator actuator =
          new CgroupActuator(
              Map.of(WorkloadId.of(box.path()), box),
              new CgroupActuator.Options(
                  EnumSet.of(Resource.DISK_IO), 1, Duration.ZERO, 0.05, 8 * MIB));
      List<Actuation> done =
          actuator.apply(
              new Plan(NOW, List.of(resize(box, Resource.DISK_IO, Double.MAX_VALUE, 8 * MIB))));
      assertThat(done)
          .singleElement()
          .extracting(Actuation::status)
          .isEqualTo(Actuation.Status.APPLIED);
      assertThat(box.limit(Resource.DISK_IO)).isEqualTo(8 * MIB);

      // 16 MiB written with O_DIRECT (the page cache would hide it from the block layer) by a
      // shell that waits in the cgroup until it is there.
      java.nio.file.Path file = dir.resolve("io-test");
      Process p =
          k.startCommand(
              box,
              "/bin/sh",
              "-c",
              "read go; exec dd if=/dev/zero of=" + file + " bs=1M count=16 oflag=direct");
      long start = System.nanoTime();
      p.getOutputStream().write("go\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      p.getOutputStream().flush();
      String output =
          new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      p.waitFor();
      double seconds = (System.nanoTime() - start) / 1e9;
      org.junit.jupiter.api.Assumptions.assumeTrue(
          p.exitValue() == 0, "O_DIRECT writes are not possible in " + dir + ": " + output);
      assertThat(box.ioBytes())
          .as("counted by the throttled cgroup")
          .isGreaterThanOrEqualTo(16 * MIB);
      assertThat(seconds).as("16 MiB at 8 MiB/s").isGreaterThan(1.0);
    }
  }
}
