package org.pae.libvirt;

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
import org.libvirt.DomainBlockStats;
import org.libvirt.DomainInfo;
import org.libvirt.DomainInterfaceStats;
import org.libvirt.LibvirtException;
import org.pae.core.model.Observation;
import org.pae.core.model.Resource;
import org.pae.core.model.SeriesKey;
import org.pae.core.model.Workload;
import org.pae.core.model.WorkloadId;
import org.pae.core.ports.MetricSource;

/**
 * Every running domain of a libvirt connection, read every interval: memory (the balloon size the
 * guest needs, from its balloon statistics; see {@link Balloon#needed}), CPU (a rate of the vCPU
 * time, in millicores), disk I/O (a rate of the bytes its disks read and wrote) and network (a rate
 * of the bytes its interfaces received and sent). The allocation in force is the balloon's size,
 * the vCPUs times their CFS quota, the disks' throttles and the interfaces' caps; an unthrottled
 * disk or uncapped interface counts as allocated what it uses.
 *
 * <p>A domain that cannot be read yields missing observations (the loop holds its series and says
 * so), reported once until it reads again; when the domain list itself cannot be read, every series
 * seen last time is missing.
 */
public final class LibvirtSource implements MetricSource {
  /** Ticks between two readings of limits an operator may have changed (a minute at 5 s). */
  static final int REFRESH_TICKS = 12;

  private final Fleet fleet;
  private final Consumer<String> warnings;
  private final Map<SeriesKey, Last> counters = new HashMap<>();
  private final Map<SeriesKey, Double> lastAllocation = new HashMap<>();
  private final Map<WorkloadId, Workload> lastSeen = new HashMap<>();
  private final Map<WorkloadId, String> failing = new HashMap<>();
  private boolean listFailing;
  private long ticks;

  private record Last(long epochMillis, long value) {}

  /**
   * @param fleet the connection's domains
   * @param warnings where a failing reading is reported (once until it recovers)
   */
  public LibvirtSource(Fleet fleet, Consumer<String> warnings) {
    this.fleet = Objects.requireNonNull(fleet, "fleet");
    this.warnings = Objects.requireNonNull(warnings, "warnings");
  }

  @Override
  public List<Observation> observe(Instant now) {
    List<Vm> vms;
    try {
      vms = fleet.running(warnings);
      if (listFailing) {
        warnings.accept("libvirt at " + fleet.uri() + " lists its domains again");
        listFailing = false;
      }
    } catch (LibvirtException e) {
      if (!listFailing) {
        warnings.accept(
            "cannot list the domains at "
                + fleet.uri()
                + " ("
                + Libvirt.message(e)
                + "); holding every VM until it answers");
        listFailing = true;
      }
      List<Observation> out = new ArrayList<>();
      for (Workload w : lastSeen.values()) {
        out.addAll(missing(w));
      }
      return out;
    }
    boolean refresh = ticks++ % REFRESH_TICKS == 0;
    List<Observation> out = new ArrayList<>(vms.size() * 4);
    Set<WorkloadId> live = new HashSet<>();
    for (Vm vm : vms) {
      if (refresh) {
        vm.invalidate();
      }
      live.add(vm.workload.id());
      lastSeen.put(vm.workload.id(), vm.workload);
      out.addAll(read(now, vm));
    }
    lastSeen.keySet().retainAll(live);
    counters.keySet().removeIf(k -> !live.contains(k.workload()));
    lastAllocation.keySet().removeIf(k -> !live.contains(k.workload()));
    failing.keySet().retainAll(live);
    return out;
  }

  private List<Observation> read(Instant now, Vm vm) {
    Workload w = vm.workload;
    try {
      vm.refresh();
      DomainInfo info = vm.domain.getInfo();
      vm.vcpus = info.nrVirtCpu;
      Balloon balloon = Balloon.read(vm.domain);
      List<Observation> out = new ArrayList<>(4);
      double memory = balloon.actual() >= 0 ? balloon.actual() : info.memory * 1024.0;
      out.add(observation(w, Resource.MEMORY, balloon.needed(), memory));
      // Nanoseconds per second over 10^6 are millicores.
      OptionalDouble cpu = rate(new SeriesKey(w.id(), Resource.CPU), now, info.cpuTime, 1e-6);
      out.add(observation(w, Resource.CPU, cpu, vm.cpuAllocation(info.nrVirtCpu)));
      devices(
          now, vm, Resource.DISK_IO, vm.disks, vm.diskAllocation(), LibvirtSource::diskBytes, out);
      devices(
          now,
          vm,
          Resource.NETWORK,
          vm.interfaces,
          vm.networkAllocation(),
          LibvirtSource::nicBytes,
          out);
      if (failing.remove(w.id()) != null) {
        warnings.accept(vm + " reads again");
      }
      return out;
    } catch (LibvirtException | Tuning.TuningException e) {
      vm.invalidate();
      String why = vm + ": cannot read (" + Libvirt.message(e) + ")";
      if (failing.put(w.id(), why) == null) {
        warnings.accept(why + "; holding its allocations until it reads again");
      }
      return missing(w);
    }
  }

  /** A device's cumulative byte counter: read plus written, or received plus sent. */
  @FunctionalInterface
  private interface Counter {
    long bytes(Vm vm, String device) throws LibvirtException;
  }

  private static long diskBytes(Vm vm, String disk) throws LibvirtException {
    DomainBlockStats s = vm.domain.blockStats(disk);
    return Math.max(0, s.rd_bytes) + Math.max(0, s.wr_bytes);
  }

  private static long nicBytes(Vm vm, String nic) throws LibvirtException {
    DomainInterfaceStats s = vm.domain.interfaceStats(nic);
    return Math.max(0, s.rx_bytes) + Math.max(0, s.tx_bytes);
  }

  /** The rate of a VM's devices' counters added up, when it has any of them. */
  private void devices(
      Instant now,
      Vm vm,
      Resource r,
      List<String> devices,
      double allocation,
      Counter counter,
      List<Observation> out)
      throws LibvirtException {
    if (devices.isEmpty()) {
      return;
    }
    long bytes = 0;
    for (String device : devices) {
      bytes += counter.bytes(vm, device);
    }
    OptionalDouble rate = rate(new SeriesKey(vm.workload.id(), r), now, bytes, 1);
    out.add(observation(vm.workload, r, rate, orUsage(allocation, rate)));
  }

  private Observation observation(Workload w, Resource r, OptionalDouble usage, double allocated) {
    lastAllocation.put(new SeriesKey(w.id(), r), allocated);
    return new Observation(w, r, usage, allocated);
  }

  private List<Observation> missing(Workload w) {
    List<Observation> out = new ArrayList<>(4);
    for (Resource r : Resource.values()) {
      Double allocated = lastAllocation.get(new SeriesKey(w.id(), r));
      if (allocated != null) {
        out.add(Observation.missing(w, r, allocated));
      }
    }
    counters.keySet().removeIf(k -> k.workload().equals(w.id()));
    return out;
  }

  /** An unthrottled device counts as allocated what it uses now (0 before its first rate). */
  private static double orUsage(double allocation, OptionalDouble usage) {
    return Double.isInfinite(allocation) ? usage.orElse(0) : allocation;
  }

  /**
   * The rate per second of a cumulative counter since its last reading, times {@code scale}; none
   * at the first reading or when the counter went back (the domain restarted).
   */
  private OptionalDouble rate(SeriesKey key, Instant now, long value, double scale) {
    Last before = counters.put(key, new Last(now.toEpochMilli(), value));
    if (before == null || value < before.value || now.toEpochMilli() <= before.epochMillis) {
      return OptionalDouble.empty();
    }
    double seconds = (now.toEpochMilli() - before.epochMillis) / 1000.0;
    return OptionalDouble.of((value - before.value) * scale / seconds);
  }
}
