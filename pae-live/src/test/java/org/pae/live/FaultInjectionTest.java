package org.pae.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pae.core.allocate.Cap;
import org.pae.core.allocate.Decision;
import org.pae.core.model.AccountId;
import org.pae.core.model.Resource;
import org.pae.core.model.SeriesKey;
import org.pae.core.model.WorkloadId;
import org.pae.core.ports.Actuation;
import org.pae.core.ports.HistoryStore;
import org.pae.host.Cgroup;
import org.pae.host.HostSettings;
import org.pae.server.steer.PolicyOverride;
import org.pae.store.JdbcHistoryStore;

/**
 * Faults injected under the live engine ({@link LiveEngine}, its real sources, loop and DuckDB
 * store), each for real: the data directory on a file system that fills up and is freed again (a
 * tmpfs mounted for the test), the clock stepped back and forward, the process source failing (its
 * procfs tree gone), ten thousand processes appearing and vanishing within a minute (a procfs tree
 * the process source reads as it reads /proc), a managed kernel cgroup removed under a running
 * workload, the kernel refusing the actuator's writes (EINVAL), the data directory's ext4 turning
 * read-only (EROFS) while DuckDB holds its files. Each: the daemon keeps ticking, says what failed
 * in one line, allocates nothing below usage nor beyond a quota, and loses no tick it acknowledged.
 */
class FaultInjectionTest {
  private static final long PAGE = 4096;

  @TempDir Path dir;
  private final List<String> log = new CopyOnWriteArrayList<>();

  /** A procfs tree: {@code meminfo} and, per process, {@code stat} and {@code statm}. */
  private Path proc() throws IOException {
    Path proc = Files.createDirectories(dir.resolve("proc"));
    Files.writeString(proc.resolve("meminfo"), "MemTotal:       16384000 kB\n");
    return proc;
  }

  private static void process(Path proc, int pid, long rssPages, long cpuTicks) throws IOException {
    Path p = Files.createDirectories(proc.resolve(Integer.toString(pid)));
    Files.writeString(
        p.resolve("stat"),
        pid
            + " (worker-"
            + pid
            + ") S 1 1 1 0 -1 0 0 0 0 0 "
            + cpuTicks
            + " 0 0 0 20 0 1 0 "
            + (1000 + pid)
            + " 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n",
        StandardCharsets.US_ASCII);
    Files.writeString(p.resolve("statm"), "1000 " + rssPages + " 0 0 0 0 0\n");
  }

  private LiveEngine daemon(Path proc, Path data, Map<String, String> more) {
    Map<String, String> o = new HashMap<>();
    o.put("host.processes", "true");
    o.put("host.processes.pss", "false");
    o.putAll(more);
    return LiveFixtures.engine(o, false, proc, data, log::add);
  }

  /** No memory allocation below what the workload uses now (unless it uses more than allowed). */
  private static void assertNoneBelowUsage(LiveEngine.Snapshot tick) {
    for (Decision d : tick.plan().decisions()) {
      if (d.series().resource() == Resource.MEMORY
          && d.reason().usage().isPresent()
          && !d.reason().caps().contains(Cap.BELOW_USAGE)) {
        assertThat(d.allocation())
            .as("%s", d)
            .isGreaterThanOrEqualTo(d.reason().usage().getAsDouble());
      }
    }
  }

  private static void run(String... command) throws IOException, InterruptedException {
    output(command);
  }

  /** What a command printed; an IOException naming it and its output when it fails. */
  private static String output(String... command) throws IOException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IOException(command[0] + " cannot be run: " + e.getMessage(), e);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", command) + ": " + out);
    }
    return out;
  }

  @Test
  void aFullDataDirectoryLosesNoAcknowledgedTickAndTheLoopGoesOn() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    try {
      run("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", data.toString());
    } catch (IOException e) {
      assumeTrue(false, "cannot mount a tmpfs here (needs root): " + e.getMessage());
    }
    try {
      Instant t0 = Instant.parse("2026-03-02T08:00:00Z");
      List<Instant> acknowledged = new ArrayList<>();
      List<String> phases =
          phases(
              data,
              t0,
              List.of("free", "full", "freed"),
              phase -> {
                switch (phase) {
                  case "full" -> fill(data.resolve("filler"));
                  case "freed" -> Files.delete(data.resolve("filler"));
                  default -> {}
                }
              },
              acknowledged);
      assertThat(log)
          .as("each refused tick said so in a line")
          .anyMatch(l -> l.startsWith("history not written this tick"));
      assertThat(phases)
          .as("written while there is room, refused while full, written again once freed: %s", log)
          .startsWith("free written")
          .contains("full refused")
          .endsWith("freed written");
      assertThat(storedTimes(data, t0))
          .as("every acknowledged tick, after a restart")
          .containsAll(acknowledged);
    } finally {
      run("umount", "-l", data.toString());
    }
  }

  /** What happens to the data directory as a phase begins. */
  @FunctionalInterface
  private interface Phase {
    void begin(String name) throws Exception;
  }

  /**
   * Fifty processes under the daemon on {@code data}, five ticks every 5 s from {@code t0} in each
   * of {@code names} after {@code phase} began it: each tick as {@code "<phase> written"} or {@code
   * "<phase> refused"}, the written ones' times added to {@code acknowledged}.
   */
  private List<String> phases(
      Path data, Instant t0, List<String> names, Phase phase, List<Instant> acknowledged)
      throws Exception {
    Path proc = proc();
    for (int pid = 100; pid < 150; pid++) {
      process(proc, pid, 25_000, 10);
    }
    List<String> out = new ArrayList<>();
    int tick = 0;
    try (LiveEngine d = daemon(proc, data, Map.of())) {
      for (String name : names) {
        phase.begin(name);
        for (int i = 0; i < 5; i++, tick++) {
          Instant now = t0.plusSeconds(5L * tick);
          boolean written = tickStored(d, now, name);
          if (written) {
            acknowledged.add(now);
          }
          out.add(name + (written ? " written" : " refused"));
        }
      }
    }
    return out;
  }

  /**
   * One tick that decides for every process and allocates none below usage; whether the history was
   * written (no line saying it was not).
   */
  private boolean tickStored(LiveEngine d, Instant now, String phase) {
    int before = log.size();
    LiveEngine.Snapshot s = d.tick(now);
    assertNoneBelowUsage(s);
    assertThat(s.plan().decisions()).as("the loop decided at %s", phase).isNotEmpty();
    return log.subList(before, log.size()).stream()
        .noneMatch(l -> l.startsWith("history not written this tick"));
  }

  /** The times of pid 100's memory samples in the history under {@code data}, opened afresh. */
  private List<Instant> storedTimes(Path data, Instant t0) {
    try (JdbcHistoryStore store =
        JdbcHistoryStore.duckdb(
            data.resolve("history.duckdb"),
            HostSettings.from(Map.of(), 0.05).retention(),
            log::add)) {
      return store
          .history(
              new SeriesKey(WorkloadId.of("pid:100"), Resource.MEMORY),
              t0,
              t0.plus(Duration.ofHours(1)),
              Duration.ZERO)
          .stream()
          .map(HistoryStore.Sample::time)
          .toList();
    }
  }

  /**
   * The data directory's file system turns read-only under the running daemon, as ext4 does on an
   * error with {@code errors=remount-ro} (here its own test trigger, {@code
   * /sys/fs/ext4/DEV/trigger_fs_error}, on an ext4 on a loop device: the journal is aborted and
   * every write fails with EROFS while DuckDB holds its files open). The loop goes on, each tick
   * not stored says so and is not acknowledged, and after the operator's repair (unmount, fsck,
   * mount) every acknowledged tick is in the history.
   */
  @Test
  void aDataDirectoryTurnedReadOnlyLosesNoAcknowledgedTickAndTheLoopGoesOn() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    Path image = dir.resolve("fs.img");
    try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
      f.setLength(64L << 20);
    }
    String device;
    try {
      device = output("losetup", "-f", "--show", image.toString()).trim();
    } catch (IOException e) {
      assumeTrue(
          false, "cannot attach a loop device here (needs root and /dev/loop*): " + e.getMessage());
      return;
    }
    try {
      try {
        run("mkfs.ext4", "-q", "-F", device);
        run("mount", "-o", "errors=remount-ro", device, data.toString());
      } catch (IOException e) {
        assumeTrue(
            false, "cannot make and mount an ext4 on " + device + " here: " + e.getMessage());
      }
      Path trigger =
          Path.of("/sys/fs/ext4", Path.of(device).getFileName().toString(), "trigger_fs_error");
      assumeTrue(Files.isWritable(trigger), "this kernel has no ext4 error trigger: " + trigger);
      Instant t0 = Instant.parse("2026-03-02T08:00:00Z");
      List<Instant> acknowledged = new ArrayList<>();
      List<String> phases =
          phases(
              data,
              t0,
              List.of("writable", "read-only"),
              phase -> {
                if (phase.equals("read-only")) {
                  Files.writeString(trigger, "1");
                  assertThat(Files.readString(Path.of("/proc/mounts")))
                      .as("the kernel turned the file system read-only")
                      .containsPattern(
                          device + " \\S+ ext4 \\S*emergency_ro|" + device + " \\S+ ext4 ro");
                }
              },
              acknowledged);
      assertThat(phases)
          .as("written until the file system turned read-only, refused after: %s", log)
          .containsExactly(
              "writable written",
              "writable written",
              "writable written",
              "writable written",
              "writable written",
              "read-only refused",
              "read-only refused",
              "read-only refused",
              "read-only refused",
              "read-only refused");
      assertThat(log)
          .as("a refused tick names the cause")
          .anyMatch(
              l ->
                  l.startsWith("history not written this tick")
                      && l.contains("Read-only file system"));
      run("umount", data.toString());
      // The operator's repair: e2fsck exits 1 when it fixed something, as it does after an error.
      Process fsck = new ProcessBuilder("e2fsck", "-fy", device).redirectErrorStream(true).start();
      fsck.getInputStream().readAllBytes();
      assertThat(fsck.waitFor()).isLessThanOrEqualTo(1);
      run("mount", device, data.toString());
      assertThat(storedTimes(data, t0))
          .as("every acknowledged tick, after the repair")
          .containsAll(acknowledged);
    } finally {
      new ProcessBuilder("umount", "-l", data.toString()).start().waitFor();
      new ProcessBuilder("losetup", "-d", device).start().waitFor();
    }
  }

  /** Writes until the file system has not a byte left, in ever smaller pieces. */
  private static void fill(Path filler) throws IOException {
    try (var out = Files.newOutputStream(filler)) {
      for (int piece : new int[] {1 << 16, 4096, 1}) {
        try {
          while (true) {
            out.write(new byte[piece]);
            out.flush();
          }
        } catch (IOException e) {
          if (!String.valueOf(e.getMessage()).contains("No space left")) {
            throw e;
          }
        }
      }
    }
  }

  @Test
  void theClockSteppedBackAndForwardKeepsTheLoopAndItsHistory() throws Exception {
    Path proc = proc();
    process(proc, 100, 25_000, 10);
    Instant t0 = Instant.parse("2026-03-02T08:00:00Z");
    List<Instant> clock =
        List.of(
            t0,
            t0.plusSeconds(5),
            t0.plusSeconds(10),
            t0.minus(Duration.ofHours(1)),
            t0.minus(Duration.ofHours(1)).plusSeconds(5),
            t0.plus(Duration.ofDays(1)),
            t0.plus(Duration.ofDays(1)).plusSeconds(5),
            t0.plusSeconds(15));
    try (LiveEngine d = daemon(proc, dir.resolve("data"), Map.of())) {
      long cpu = 10;
      for (Instant now : clock) {
        cpu += 50;
        process(proc, 100, 25_000 + cpu, cpu);
        LiveEngine.Snapshot s = d.tick(now);
        assertNoneBelowUsage(s);
        assertThat(s.plan().time()).isEqualTo(now);
        assertThat(s.plan().decisions()).isNotEmpty();
      }
      assertThat(log).noneMatch(l -> l.startsWith("history not written"));
      List<Instant> stored =
          d
              .history()
              .history(
                  new SeriesKey(WorkloadId.of("pid:100"), Resource.MEMORY),
                  t0.minus(Duration.ofDays(1)),
                  t0.plus(Duration.ofDays(2)),
                  Duration.ZERO)
              .stream()
              .map(HistoryStore.Sample::time)
              .toList();
      assertThat(stored)
          .as("the ticks of the day stepped over that retention keeps")
          .containsAll(clock.subList(5, 7));
    }
  }

  @Test
  void aMetricSourceFailingHoldsItsWorkloadsAndSaysSoOnceThenReadsAgain() throws Exception {
    Path proc = proc();
    process(proc, 100, 25_000, 10);
    Instant t0 = Instant.parse("2026-03-02T08:00:00Z");
    try (LiveEngine d = daemon(proc, dir.resolve("data"), Map.of())) {
      double before = 0;
      for (int i = 0; i < 3; i++) {
        before = memory(d.tick(t0.plusSeconds(5L * i)), "pid:100");
      }
      Path gone = Files.move(proc, dir.resolve("proc-gone"));
      int said = log.size();
      for (int i = 3; i < 6; i++) {
        LiveEngine.Snapshot s = d.tick(t0.plusSeconds(5L * i));
        assertThat(memory(s, "pid:100")).as("held while its source fails").isEqualTo(before);
      }
      assertThat(log.subList(said, log.size()))
          .singleElement()
          .asString()
          .startsWith("source processes is unavailable");
      Files.move(gone, proc);
      d.tick(t0.plusSeconds(30));
      assertThat(log.getLast()).isEqualTo("source processes reads again");
    }
  }

  private static double memory(LiveEngine.Snapshot s, String workload) {
    return s.plan().decisions().stream()
        .filter(d -> d.series().equals(new SeriesKey(WorkloadId.of(workload), Resource.MEMORY)))
        .mapToDouble(Decision::allocation)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void tenThousandProcessesComingAndGoingWithinAMinuteLeaveNothingBehind() throws Exception {
    Path proc = proc();
    AccountId account = AccountId.DEFAULT;
    Instant t0 = Instant.parse("2026-03-02T08:00:00Z");
    try (LiveEngine d = daemon(proc, dir.resolve("data"), Map.of())) {
      process(proc, 1, 25_000, 10);
      d.tick(t0);
      // Binding: more than a wave and the first process use (573.6 MB), less than they would get.
      double quota = 6.0e8;
      d.steering().setQuotas(account, Map.of(Resource.MEMORY, quota));
      int tick = 1;
      for (int wave = 0; wave < 3; wave++) {
        List<Integer> pids = new ArrayList<>();
        for (int i = 0; i < 10_000 / 3 + 1; i++) {
          int pid = 10_000 + wave * 10_000 + i;
          process(proc, pid, 10 + i % 50, i % 7);
          pids.add(pid);
        }
        LiveEngine.Snapshot s = d.tick(t0.plusSeconds(5L * tick++));
        assertNoneBelowUsage(s);
        assertWithin(s, quota);
        for (int pid : pids) {
          delete(proc.resolve(Integer.toString(pid)));
        }
        s = d.tick(t0.plusSeconds(5L * tick++));
        assertWithin(s, quota);
        for (int pid : pids) {
          assertThat(d.tracks(WorkloadId.of("pid:" + pid))).as("pid %d forgotten", pid).isFalse();
        }
      }
      assertThat(tick).as("all within a minute of ticks").isLessThanOrEqualTo(12);
      assertThat(d.tracks(WorkloadId.of("pid:1"))).isTrue();
    }
  }

  /** The memory allocations of all workloads together stay within the account's quota. */
  private static void assertWithin(LiveEngine.Snapshot s, double quota) {
    double sum =
        s.plan().decisions().stream()
            .filter(d -> d.series().resource() == Resource.MEMORY)
            .mapToDouble(Decision::allocation)
            .sum();
    assertThat(sum).isLessThanOrEqualTo(quota * (1 + 1e-9));
  }

  private static void delete(Path tree) throws IOException {
    try (Stream<Path> all = Files.walk(tree)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Test
  void aCgroupRemovedUnderARunningWorkloadIsHeldAndSaidOnceWhileTheOthersGoOn() throws Exception {
    try (KernelCgroups k = new KernelCgroups()) {
      Cgroup kept = k.create("/kept");
      Cgroup removed = k.create("/removed");
      k.startCommand(kept, "sleep", "600");
      Process gone = k.startCommand(removed, "sleep", "600");
      Instant t0 = Instant.parse("2026-03-02T08:00:00Z");
      try (LiveEngine d =
          LiveFixtures.engine(
              k,
              Map.of("host.enforce", "memory"),
              true,
              dir.resolve("data"),
              log::add,
              "/kept",
              "/removed")) {
        for (int i = 0; i < 3; i++) {
          assertNoneBelowUsage(d.tick(t0.plusSeconds(5L * i)));
        }
        gone.destroyForcibly().waitFor();
        LiveFixtures.deleteWhenEmpty(removed);
        int before = log.size();
        for (int i = 3; i < 8; i++) {
          LiveEngine.Snapshot tick = d.tick(t0.plusSeconds(5L * i));
          assertNoneBelowUsage(tick);
          assertThat(tick.actuations())
              .filteredOn(a -> a.decision().series().workload().value().endsWith("/kept"))
              .noneMatch(a -> a.status() == Actuation.Status.FAILED);
        }
        List<String> said = log.subList(before, log.size());
        assertThat(said)
            .as("the removed cgroup is named, once per resource, not every tick")
            .filteredOn(l -> l.contains("/removed"))
            .isNotEmpty()
            .hasSizeLessThanOrEqualTo(3);
        assertThat(said).noneMatch(l -> l.contains("/kept"));
      }
    }
  }

  /**
   * Writes the kernel refuses with EINVAL, each for a reason an operator's own limits give it: a
   * memory limit above the cgroup's {@code memory.memsw.limit_in_bytes} (memory plus swap), and a
   * CFS quota above its parent's (cgroup v1 refuses a child's quota beyond its parent's). Each is
   * held at the allocation in force (cap {@code not_applied}, also in the history), said in a line
   * naming the kernel's error, and the other workload is resized as usual.
   */
  @Test
  void writesTheKernelRefusesAreHeldSaidAndTheOthersGoOn() throws Exception {
    try (KernelCgroups k = new KernelCgroups()) {
      Path memoryMount = k.hierarchy.v1().get("memory");
      Path cpuMount = k.hierarchy.v1().get("cpu");
      assumeTrue(
          Files.exists(memoryMount.resolve("memory.memsw.limit_in_bytes")),
          "the kernel does not account swap (memory.memsw.*): no memsw limit to refuse a write");
      Cgroup kept = k.create("/kept");
      Cgroup memsw = k.create("/memsw");
      Cgroup capped = k.create("/capped");
      Cgroup cpu = k.create("/capped/cpu");
      long limit = 64L << 20;
      for (Cgroup c : List.of(kept, memsw, cpu)) {
        k.startCommand(c, "sleep", "600");
      }
      Path memswDir = memoryMount.resolve(memsw.path().substring(1));
      Files.writeString(memswDir.resolve("memory.limit_in_bytes"), Long.toString(limit));
      Files.writeString(memswDir.resolve("memory.memsw.limit_in_bytes"), Long.toString(limit));
      Path cappedDir = cpuMount.resolve(capped.path().substring(1));
      Files.writeString(cappedDir.resolve("cpu.cfs_quota_us"), "50000");
      Path cpuDir = cpuMount.resolve(cpu.path().substring(1));
      Files.writeString(cpuDir.resolve("cpu.cfs_quota_us"), "20000");
      Instant t0 = Instant.parse("2026-03-02T08:00:00Z");
      SeriesKey memory = new SeriesKey(WorkloadId.of(memsw.path()), Resource.MEMORY);
      SeriesKey quota = new SeriesKey(WorkloadId.of(cpu.path()), Resource.CPU);
      double accountQuota = 1 << 30;
      List<Instant> acknowledged = new ArrayList<>();
      try (LiveEngine d =
          LiveFixtures.engine(
              k,
              Map.of("host.enforce", "memory, cpu"),
              true,
              dir.resolve("data"),
              log::add,
              "/kept",
              "/memsw",
              "/capped/cpu")) {
        // Above what the kernel will take: 128 MiB over a 64 MiB memsw; 0.9 CPU (from 0.2) under a
        // parent's 0.5.
        d.steering()
            .setPolicy(
                AccountId.DEFAULT,
                Optional.of(memory.workload()),
                Optional.of(Resource.MEMORY),
                new PolicyOverride(null, null, null, null, null, 128.0 * (1 << 20), null));
        d.steering()
            .setPolicy(
                AccountId.DEFAULT,
                Optional.of(quota.workload()),
                Optional.of(Resource.CPU),
                new PolicyOverride(null, null, null, null, null, 900.0, null));
        // The others at most 256 MiB each: the quota binds none of the three.
        for (String other : List.of(kept.path(), cpu.path())) {
          d.steering()
              .setPolicy(
                  AccountId.DEFAULT,
                  Optional.of(WorkloadId.of(other)),
                  Optional.of(Resource.MEMORY),
                  new PolicyOverride(null, null, null, null, null, null, 256.0 * (1 << 20)));
        }
        d.steering().setQuotas(AccountId.DEFAULT, Map.of(Resource.MEMORY, accountQuota));
        Map<SeriesKey, Integer> failed = new HashMap<>();
        int keptApplied = 0;
        List<Decision> cpuDecisions = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
          Instant now = t0.plusSeconds(5L * i);
          int before = log.size();
          LiveEngine.Snapshot tick = d.tick(now);
          assertNoneBelowUsage(tick);
          assertWithin(tick, accountQuota);
          tick.plan().decisions().stream()
              .filter(x -> x.series().equals(quota))
              .forEach(cpuDecisions::add);
          if (log.subList(before, log.size()).stream()
              .noneMatch(l -> l.startsWith("history not written"))) {
            acknowledged.add(now);
          }
          for (Actuation a : tick.actuations()) {
            if (a.decision().series().workload().equals(WorkloadId.of(kept.path()))) {
              assertThat(a.status()).as("tick %d: %s", i, a).isEqualTo(Actuation.Status.APPLIED);
              keptApplied++;
            }
          }
          for (SeriesKey refused : List.of(memory, quota)) {
            for (Actuation a : tick.actuations()) {
              if (a.decision().series().equals(refused)) {
                assertThat(a.status()).as("tick %d: %s", i, a).isEqualTo(Actuation.Status.FAILED);
                assertThat(a.detail()).contains("Invalid argument");
                failed.merge(refused, 1, Integer::sum);
                Decision held =
                    tick.plan().decisions().stream()
                        .filter(x -> x.series().equals(refused))
                        .findFirst()
                        .orElseThrow();
                assertThat(held).isInstanceOf(Decision.Hold.class);
                assertThat(held.reason().caps()).contains(Cap.NOT_APPLIED);
              }
            }
          }
        }
        assertThat(failed)
            .as("both refused at least once: %s", cpuDecisions)
            .containsOnlyKeys(memory, quota);
        assertThat(keptApplied).as("the other workload resized").isPositive();
        assertThat(log)
            .as("each refused write named with the kernel's error")
            .anyMatch(l -> l.startsWith("FAILED " + memory) && l.contains("Invalid argument"))
            .anyMatch(l -> l.startsWith("FAILED " + quota) && l.contains("Invalid argument"));
        assertThat(Files.readString(memswDir.resolve("memory.limit_in_bytes")).trim())
            .as("the memory limit in force is kept")
            .isEqualTo(Long.toString(limit));
        assertThat(Files.readString(cpuDir.resolve("cpu.cfs_quota_us")).trim())
            .as("the CPU quota in force is kept")
            .isEqualTo("20000");
        List<HistoryStore.Sample> stored =
            d.history().history(memory, t0, t0.plus(Duration.ofHours(1)), Duration.ZERO);
        assertThat(stored.stream().map(HistoryStore.Sample::time).toList())
            .as("every acknowledged tick is stored")
            .containsAll(acknowledged);
        assertThat(stored)
            .as("the history holds the allocation in force, not the one refused")
            .allMatch(x -> x.allocation() == limit);
      }
    }
  }
}
