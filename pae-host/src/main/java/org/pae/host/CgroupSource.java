package org.pae.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Consumer;
import org.pae.core.model.Observation;
import org.pae.core.model.Resource;
import org.pae.core.model.SeriesKey;
import org.pae.core.model.Workload;
import org.pae.core.model.WorkloadId;
import org.pae.core.ports.MetricSource;

/**
 * The cgroups PAE was told about, read every interval: memory (working set), CPU (a rate from the
 * cumulative CPU time, in millicores), disk I/O (a rate of bytes read and written) and, for a
 * cgroup whose processes live in a network namespace other than PAE's own, that namespace's traffic
 * (from {@code /proc/PID/net/dev} of its first process), loopback included: in a namespace of its
 * own, loopback is the workload's alone. A reading that fails — the cgroup vanished, a file is
 * unreadable — yields a missing observation, so the loop holds that series and says so; the failure
 * is reported once per series until it reads again.
 */
public final class CgroupSource implements MetricSource {
  /** The allocation in force for a series, given its limit (infinite if none) and its usage. */
  @FunctionalInterface
  public interface Allocation {
    double of(SeriesKey series, double limit, double usage);
  }

  /**
   * One cgroup as a workload.
   *
   * @param workload the workload it stands for (its kind, parent, account)
   * @param cgroup its files
   * @param resources what is read of it
   */
  public record Managed(Workload workload, Cgroup cgroup, Set<Resource> resources) {
    public Managed {
      Objects.requireNonNull(workload, "workload");
      Objects.requireNonNull(cgroup, "cgroup");
      resources = Set.copyOf(resources);
    }

    /** A cgroup read for every resource it can limit here. */
    public Managed(Workload workload, Cgroup cgroup) {
      this(workload, cgroup, cgroup.resources());
    }
  }

  private final List<Managed> cgroups;
  private final Path proc;
  private final Allocation allocation;
  private final Consumer<String> warnings;
  private final CounterRate<SeriesKey> rates = new CounterRate<>();
  private final Map<SeriesKey, Double> lastAllocation = new HashMap<>();
  private final Map<SeriesKey, String> failing = new HashMap<>();

  /** Ticks between two readings of a limit an operator may have changed (a minute at 5 s). */
  static final int REFRESH_TICKS = 12;

  private final Map<SeriesKey, Double> limits = new HashMap<>();
  private final Map<WorkloadId, Optional<Path>> netDev = new HashMap<>();
  private long ticks;

  /**
   * @param cgroups the cgroups to read
   * @param proc the procfs mount, for network namespaces
   * @param allocation what is in force per series
   * @param warnings where a failing reading is reported (once until it recovers)
   */
  public CgroupSource(
      List<Managed> cgroups, Path proc, Allocation allocation, Consumer<String> warnings) {
    this.cgroups = List.copyOf(cgroups);
    this.proc = proc;
    this.allocation = allocation;
    this.warnings = warnings;
  }

  public List<Managed> cgroups() {
    return cgroups;
  }

  /** Forgets the limits read of a workload: PAE just wrote them. */
  public void invalidate(WorkloadId workload) {
    for (Resource r : Resource.values()) {
      limits.remove(new SeriesKey(workload, r));
    }
  }

  @Override
  public List<Observation> observe(Instant now) {
    if (ticks++ % REFRESH_TICKS == 0) {
      limits.clear();
      netDev.clear();
    }
    List<Observation> out = new ArrayList<>(cgroups.size() * 4);
    for (Managed m : cgroups) {
      for (Resource r : m.resources()) {
        out.add(read(now, m, r));
      }
      network(now, m).ifPresent(out::add);
    }
    return out;
  }

  private Observation read(Instant now, Managed m, Resource r) {
    SeriesKey key = new SeriesKey(m.workload().id(), r);
    Cgroup c = m.cgroup();
    try {
      OptionalDouble usage =
          switch (r) {
            case MEMORY -> OptionalDouble.of(c.memoryBytes());
            // Nanoseconds per second over 10^6 are millicores.
            case CPU -> rates.rate(key, now, c.cpuNanos(), 1e-6);
            case DISK_IO -> rates.rate(key, now, c.ioBytes(), 1);
            default -> throw new IllegalStateException("cgroups do not measure " + r.key());
          };
      Double known = limits.get(key);
      double limit = known != null ? known : c.limit(r);
      limits.put(key, limit);
      double allocated = allocation.of(key, limit, usage.orElse(0));
      lastAllocation.put(key, allocated);
      if (failing.remove(key) != null) {
        warnings.accept(key + " reads again");
      }
      return new Observation(m.workload(), r, usage, allocated);
    } catch (IOException | RuntimeException e) {
      rates.forget(key);
      limits.remove(key);
      String why = c + ": cannot read " + r.key() + " (" + e.getMessage() + ")";
      if (failing.put(key, why) == null) {
        warnings.accept(why + "; holding its allocation until it reads again");
      }
      return Observation.missing(m.workload(), r, lastAllocation.getOrDefault(key, 0.0));
    }
  }

  /** The traffic of the cgroup's own network namespace, if it has one other than PAE's own. */
  private Optional<Observation> network(Instant now, Managed m) {
    Optional<Path> file = netDev.computeIfAbsent(m.workload().id(), w -> ownNetDev(m.cgroup()));
    if (file.isEmpty()) {
      return Optional.empty();
    }
    SeriesKey key = new SeriesKey(m.workload().id(), Resource.NETWORK);
    try {
      long bytes = NetDev.all(NetDev.read(file.get()));
      OptionalDouble usage = rates.rate(key, now, bytes, 1);
      double allocated = allocation.of(key, Double.POSITIVE_INFINITY, usage.orElse(0));
      return Optional.of(new Observation(m.workload(), Resource.NETWORK, usage, allocated));
    } catch (IOException | RuntimeException e) {
      // The process ended: look for another at the next refresh.
      netDev.put(m.workload().id(), Optional.empty());
      return Optional.empty();
    }
  }

  /** {@code /proc/PID/net/dev} of its first process, if that lives in a namespace of its own. */
  private Optional<Path> ownNetDev(Cgroup c) {
    try {
      List<Long> pids = c.pids();
      if (pids.isEmpty()) {
        return Optional.empty();
      }
      Path pid = proc.resolve(Long.toString(pids.getFirst()));
      Path own = Files.readSymbolicLink(pid.resolve("ns/net"));
      Path host = Files.readSymbolicLink(proc.resolve("self/ns/net"));
      return own.equals(host) ? Optional.empty() : Optional.of(pid.resolve("net/dev"));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
