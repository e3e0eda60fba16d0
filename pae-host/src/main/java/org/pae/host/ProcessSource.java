package org.pae.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.ToDoubleBiFunction;
import java.util.stream.Stream;
import org.pae.core.model.Observation;
import org.pae.core.model.ProgramCode;
import org.pae.core.model.Resource;
import org.pae.core.model.SeriesKey;
import org.pae.core.model.Workload;
import org.pae.core.model.WorkloadKind;
import org.pae.core.ports.MetricSource;

/**
 * This host's processes, read from procfs: CPU from {@code /proc/PID/stat} (user + system time, as
 * a rate in millicores), memory from {@code /proc/PID/statm} (resident set) or, when asked, {@code
 * /proc/PID/smaps_rollup} (PSS: shared pages split among the processes sharing them), disk I/O from
 * {@code /proc/PID/io} (bytes read + written, as a rate). A process is named {@code pid:PID}; one
 * that was replaced by another with the same PID (a different start time) starts afresh. Kernel
 * threads (no resident memory) are left out.
 *
 * <p>Rates need two readings: a process's CPU and disk I/O are absent in the first interval it is
 * seen (the loop holds them). A counter that goes backwards (a reset) restarts its rate.
 */
public final class ProcessSource implements MetricSource {
  /** Linux's USER_HZ, the unit of times in {@code /proc/PID/stat}, fixed at 100 on every arch. */
  private static final double TICKS_PER_SECOND = 100;

  private static final long PAGE_SIZE = 4096;

  private final Path proc;
  private final ToDoubleBiFunction<SeriesKey, Double> allocation;
  private final boolean pss;
  private final Map<Integer, Previous> previous = new HashMap<>();
  private final Consumer<String> log;

  /** The processes whose files did not parse at the last reading: each is said once. */
  private final Set<Integer> unparsed = new HashSet<>();

  /**
   * @param proc the procfs mount ({@code /proc})
   * @param allocation the allocation in force for a series, given its usage (a process without a
   *     cgroup limit has none of its own: recommend-only mode passes PAE's last recommendation)
   */
  public ProcessSource(Path proc, ToDoubleBiFunction<SeriesKey, Double> allocation) {
    this(proc, allocation, false);
  }

  /**
   * @param pss whether memory is read as PSS rather than RSS
   */
  public ProcessSource(Path proc, ToDoubleBiFunction<SeriesKey, Double> allocation, boolean pss) {
    this(proc, allocation, pss, line -> {});
  }

  /**
   * @param log told, once while it lasts, of a process whose files do not parse (it is skipped, the
   *     others read on)
   */
  public ProcessSource(
      Path proc,
      ToDoubleBiFunction<SeriesKey, Double> allocation,
      boolean pss,
      Consumer<String> log) {
    this.proc = proc;
    this.allocation = allocation;
    this.pss = pss;
    this.log = Objects.requireNonNull(log, "log");
  }

  /** A process's details as last read, for display. */
  public record ProcessInfo(int pid, String command) {}

  private final Map<String, ProcessInfo> info = new HashMap<>();

  public ProcessInfo info(String workloadId) {
    return info.get(workloadId);
  }

  @Override
  public List<Observation> observe(Instant now) {
    List<Observation> out = new ArrayList<>();
    Map<Integer, Previous> seen = new HashMap<>();
    Set<Integer> failed = new HashSet<>();
    info.clear();
    try (Stream<Path> dirs = Files.list(proc)) {
      for (Path dir : (Iterable<Path>) dirs::iterator) {
        String name = dir.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        int pid = Integer.parseInt(name);
        Reading r;
        try {
          r = read(dir);
        } catch (UnparsableProcess e) {
          if (!unparsed.contains(pid)) {
            log.accept("process " + pid + " skipped: " + e.getMessage());
          }
          failed.add(pid);
          continue;
        }
        if (r == null || r.rssBytes == 0) {
          continue;
        }
        // Its program is its command: what names it on the dashboard, and groups it with its kind.
        Workload w =
            Workload.of("pid:" + pid, WorkloadKind.PROCESS).withProgram(ProgramCode.of(r.command));
        info.put(w.id().value(), new ProcessInfo(pid, r.command));
        Previous before = previous.get(pid);
        boolean same = before != null && before.startTicks == r.startTicks;
        double seconds = same ? (now.toEpochMilli() - before.at.toEpochMilli()) / 1000.0 : 0;
        out.add(
            observation(
                w,
                Resource.MEMORY,
                OptionalDouble.of(pss ? pssBytes(dir, r.rssBytes) : r.rssBytes)));
        out.add(
            observation(
                w,
                Resource.CPU,
                rate(
                    same,
                    seconds,
                    r.cpuTicks,
                    same ? before.cpuTicks : 0,
                    1000 / TICKS_PER_SECOND)));
        if (r.ioBytes >= 0) {
          out.add(
              observation(
                  w,
                  Resource.DISK_IO,
                  rate(
                      same && before.ioBytes >= 0,
                      seconds,
                      r.ioBytes,
                      same ? before.ioBytes : 0,
                      1)));
        }
        seen.put(pid, new Previous(now, r.startTicks, r.cpuTicks, r.ioBytes));
      }
    } catch (IOException e) {
      throw new SourceUnavailableException("cannot list " + proc + ": " + e.getMessage(), e);
    }
    previous.clear();
    previous.putAll(seen);
    unparsed.clear();
    unparsed.addAll(failed);
    return out;
  }

  private Observation observation(Workload w, Resource r, OptionalDouble usage) {
    double fallback = usage.orElse(0);
    double allocated = allocation.applyAsDouble(new SeriesKey(w.id(), r), fallback);
    return new Observation(w, r, usage, allocated);
  }

  private static OptionalDouble rate(
      boolean comparable, double seconds, long now, long before, double scale) {
    if (!comparable || seconds <= 0 || now < before) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of((now - before) * scale / seconds);
  }

  private record Previous(Instant at, long startTicks, long cpuTicks, long ioBytes) {}

  private record Reading(
      String command, long startTicks, long cpuTicks, long rssBytes, long ioBytes) {}

  /** A process's files that do not read as procfs writes them. */
  private static final class UnparsableProcess extends Exception {
    private static final long serialVersionUID = 1L;

    UnparsableProcess(String message) {
      super(message);
    }
  }

  /**
   * One process's counters; {@code null} if it vanished while being read.
   *
   * @throws UnparsableProcess when its {@code stat} or {@code statm} does not parse
   */
  private static Reading read(Path dir) throws UnparsableProcess {
    try {
      String stat = Files.readString(dir.resolve("stat"));
      int open = stat.indexOf('(');
      int close = stat.lastIndexOf(')');
      String command = stat.substring(open + 1, close);
      String[] f = stat.substring(close + 2).split(" ");
      // Fields after the command, counted from 0 at "state": utime 11, stime 12, starttime 19.
      long cpu = Long.parseLong(f[11]) + Long.parseLong(f[12]);
      long start = Long.parseLong(f[19]);
      String[] statm = Files.readString(dir.resolve("statm")).trim().split(" ");
      long rss = Long.parseLong(statm[1]) * PAGE_SIZE;
      return new Reading(command, start, cpu, rss, ioBytes(dir));
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      return null;
    } catch (RuntimeException e) {
      throw new UnparsableProcess("cannot parse " + dir.resolve("stat") + " or statm: " + e);
    }
  }

  /** Pss from {@code smaps_rollup}, or {@code rss} where it cannot be read (not our process). */
  private static long pssBytes(Path dir, long rss) {
    try {
      for (String line : Files.readAllLines(dir.resolve("smaps_rollup"))) {
        if (line.startsWith("Pss:")) {
          return 1024 * Long.parseLong(line.substring(4).replace("kB", "").trim());
        }
      }
      return rss;
    } catch (IOException | RuntimeException e) {
      return rss;
    }
  }

  /** read_bytes + write_bytes from {@code io}, or -1 where it cannot be read (not our process). */
  private static long ioBytes(Path dir) {
    try {
      long total = 0;
      for (String line : Files.readAllLines(dir.resolve("io"))) {
        if (line.startsWith("read_bytes:") || line.startsWith("write_bytes:")) {
          total += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
        }
      }
      return total;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
