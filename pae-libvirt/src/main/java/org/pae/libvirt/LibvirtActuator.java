package org.pae.libvirt;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.libvirt.LibvirtException;
import org.libvirt.SchedLongParameter;
import org.libvirt.SchedParameter;
import org.libvirt.SchedUintParameter;
import org.libvirt.SchedUlongParameter;
import org.pae.core.allocate.Decision;
import org.pae.core.loop.Plan;
import org.pae.core.model.Resource;
import org.pae.core.ports.Actuation;
import org.pae.core.ports.Actuator;

/**
 * Resizes running domains: memory through the balloon ({@code setMemory}), CPU through the vCPU
 * count and the scheduler's quota and shares, disk I/O through each disk's throttle, network
 * through each interface's average bandwidth, each on the live domain only. Only resizes of {@code
 * vm:} workloads are its own; of those, a resource it is not told to enforce is recommended only.
 *
 * <p>Memory is never set below what the guest needs, read just before the write ({@link
 * Balloon#needed} plus a margin), nor above the domain's maximum; the actuation says when either
 * changed the decided size. Every libvirt error is a FAILED actuation naming the call and libvirt's
 * message: nothing was changed by it, and the loop sees the allocation in force at its next tick.
 */
public final class LibvirtActuator implements Actuator {
  /** A disk throttled below this stalls its guest: the least per disk, in bytes per second. */
  static final long MIN_DISK_BYTES = 1L << 20;

  /** Likewise the least average per interface and direction, in KiB per second. */
  static final int MIN_NETWORK_KIB = 128;

  /** The CFS period libvirt's qemu driver uses when none is set, in microseconds. */
  private static final long DEFAULT_PERIOD = 100_000;

  /** The least CFS quota the kernel takes, in microseconds. */
  private static final long MIN_QUOTA = 1_000;

  /**
   * How it writes.
   *
   * @param enforced the resources it writes (others are recommended only)
   * @param memoryMargin a balloon is at least the guest's need × (1 + memoryMargin) ...
   * @param memoryMinMargin ... plus this many bytes
   */
  public record Options(Set<Resource> enforced, double memoryMargin, long memoryMinMargin) {
    public Options {
      enforced = enforced.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(enforced));
      if (enforced.contains(Resource.GPU)) {
        throw new IllegalArgumentException("libvirt.enforce: libvirt does not allocate gpu");
      }
      if (!(memoryMargin >= 0) || memoryMinMargin < 0) {
        throw new IllegalArgumentException(
            "libvirt.memory-margin and libvirt.memory-min-margin must be >= 0");
      }
    }
  }

  private final Fleet fleet;
  private final Options options;

  public LibvirtActuator(Fleet fleet, Options options) {
    this.fleet = Objects.requireNonNull(fleet, "fleet");
    this.options = Objects.requireNonNull(options, "options");
  }

  /** Whether a decision is about one of its domains (a {@code vm:} workload). */
  public static boolean owns(Decision d) {
    return d.series().workload().value().startsWith(Fleet.PREFIX);
  }

  @Override
  public List<Actuation> apply(Plan plan) {
    List<Actuation> out = new ArrayList<>();
    for (Decision.Resize d : plan.resizes()) {
      if (owns(d)) {
        out.add(apply(d));
      }
    }
    return out;
  }

  private Actuation apply(Decision.Resize d) {
    Resource r = d.series().resource();
    Optional<Vm> found = fleet.vm(d.series().workload());
    if (found.isEmpty()) {
      return failed(d, d.series().workload() + " is not running at " + fleet.uri());
    }
    if (!options.enforced().contains(r)) {
      return new Actuation(
          d, Actuation.Status.RECOMMENDED, "libvirt.enforce leaves " + r.key() + " as it is");
    }
    Vm vm = found.get();
    try {
      vm.refresh();
      String detail =
          switch (r) {
            case MEMORY -> memory(vm, d);
            case CPU -> cpu(vm, d);
            case DISK_IO -> disk(vm, d);
            case NETWORK -> network(vm, d);
            case GPU -> throw new IllegalStateException("libvirt does not allocate gpu");
          };
      return new Actuation(d, Actuation.Status.APPLIED, detail);
    } catch (LibvirtException | Tuning.TuningException e) {
      return failed(d, vm + ": libvirt refused the " + r.key() + " resize: " + Libvirt.message(e));
    } finally {
      vm.invalidate(r);
    }
  }

  private String memory(Vm vm, Decision.Resize d) throws LibvirtException {
    double target = d.to();
    String detail = "";
    OptionalDouble needed = Balloon.read(vm.domain).needed();
    if (needed.isPresent()) {
      double floor =
          needed.getAsDouble() * (1 + options.memoryMargin()) + options.memoryMinMargin();
      if (target < floor) {
        detail =
            String.format(
                Locale.ROOT,
                "balloon raised from %.0f to %.0f: the guest needs %.0f + margin",
                target,
                floor,
                needed.getAsDouble());
        target = floor;
      }
    }
    long max = vm.maxMemoryBytes();
    if (target > max) {
      detail =
          (detail.isEmpty() ? "" : detail + "; ")
              + String.format(
                  Locale.ROOT,
                  "balloon capped at the domain's maximum %d (asked %.0f)",
                  max,
                  target);
      target = max;
    }
    vm.domain.setMemory((long) Math.ceil(target / 1024));
    return detail;
  }

  private String cpu(Vm vm, Decision.Resize d) throws LibvirtException {
    int vcpus = (int) Math.max(1, Math.min(vm.maxVcpus(), Math.ceil(d.to() / 1000)));
    String detail = "";
    int now = vm.vcpus > 0 ? vm.vcpus : vm.domain.getInfo().nrVirtCpu;
    if (vcpus != now) {
      vm.domain.setVcpus(vcpus);
      vm.vcpus = vcpus;
      detail = vcpus + " vCPUs";
    }
    Map<String, Long> known = vm.scheduler();
    List<SchedParameter> set = new ArrayList<>();
    if (known.containsKey("vcpu_quota")) {
      long period =
          known.getOrDefault("vcpu_period", 0L) > 0 ? known.get("vcpu_period") : DEFAULT_PERIOD;
      // Each vCPU's share of the allocation; -1 lifts the quota when it allows whole cores.
      double perVcpu = d.to() / vcpus / 1000;
      long quota = perVcpu >= 1 ? -1 : Math.max(MIN_QUOTA, Math.round(perVcpu * period));
      set.add(sched(new SchedLongParameter(quota), "vcpu_quota"));
    }
    if (known.containsKey("cpu_shares")) {
      // 1,024 shares a core, the cgroup v1 convention (2 is the least the kernel takes).
      set.add(
          sched(new SchedUlongParameter(Math.max(2, Math.round(d.to() * 1.024))), "cpu_shares"));
    }
    if (known.containsKey("weight")) {
      // 100 a core, cgroup v2's default weight, within its 1..10,000.
      int weight = (int) Math.max(1, Math.min(10_000, Math.round(d.to() / 10)));
      set.add(sched(new SchedUintParameter(weight), "weight"));
    }
    if (!set.isEmpty()) {
      vm.domain.setSchedulerParameters(set.toArray(SchedParameter[]::new));
    }
    String fields =
        String.join(", ", set.stream().map(p -> p.field + "=" + p.getValueAsString()).toList());
    return detail.isEmpty() ? fields : fields.isEmpty() ? detail : detail + "; " + fields;
  }

  private static SchedParameter sched(SchedParameter p, String field) {
    p.field = field;
    return p;
  }

  private String disk(Vm vm, Decision.Resize d) throws Tuning.TuningException {
    if (vm.disks.isEmpty()) {
      return "no disk to throttle";
    }
    long each = Math.max(MIN_DISK_BYTES, Math.round(d.to() / vm.disks.size()));
    for (String disk : vm.disks) {
      Tuning.throttleDisk(vm.domain, disk, each);
    }
    return each + " B/s on each of " + String.join(", ", vm.disks);
  }

  private String network(Vm vm, Decision.Resize d) throws Tuning.TuningException {
    if (vm.interfaces.isEmpty()) {
      return "no interface to cap";
    }
    int each =
        (int)
            Math.max(
                MIN_NETWORK_KIB,
                Math.min(Integer.MAX_VALUE, Math.ceil(d.to() / vm.interfaces.size() / 1024)));
    for (String nic : vm.interfaces) {
      Tuning.limitInterface(vm.domain, nic, each);
    }
    return each + " KiB/s each way on each of " + String.join(", ", vm.interfaces);
  }

  private static Actuation failed(Decision d, String why) {
    return new Actuation(d, Actuation.Status.FAILED, why);
  }
}
