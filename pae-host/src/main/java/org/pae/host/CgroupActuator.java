package org.pae.host;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.pae.core.allocate.Decision;
import org.pae.core.loop.Plan;
import org.pae.core.model.Resource;
import org.pae.core.model.WorkloadId;
import org.pae.core.ports.Actuation;
import org.pae.core.ports.Actuator;

/**
 * Writes a plan's resizes into the cgroups PAE manages, and into no other: a decision about a
 * workload it was not given is left alone (the daemon recommends those).
 *
 * <p>Rules: a memory limit never goes below the cgroup's working set read just before the write,
 * plus a margin (the actuation says when it raised a limit for that); a workload's resizes are
 * applied all or nothing — when one write still fails after its retries (with doubling backoff),
 * the ones already made for that workload are written back and each of its resizes is reported
 * FAILED with the write and the error; workloads that shrink are written children first, those that
 * grow parents first, so a child's limits never stand above its parent's in between.
 */
public final class CgroupActuator implements Actuator {
  /**
   * How it writes.
   *
   * @param enforced the resources it writes (others are left as they are)
   * @param attempts tries per write, at least 1
   * @param backoff the wait after the first failed try, doubling after each
   * @param memoryMargin a memory limit is at least the working set × (1 + memoryMargin) ...
   * @param memoryMinMargin ... plus this many bytes
   */
  public record Options(
      Set<Resource> enforced,
      int attempts,
      Duration backoff,
      double memoryMargin,
      long memoryMinMargin) {
    public Options {
      enforced = enforced.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(enforced));
      if (attempts < 1) {
        throw new IllegalArgumentException("actuator.attempts must be at least 1: " + attempts);
      }
      if (backoff.isNegative()) {
        throw new IllegalArgumentException("actuator.backoff must be >= 0: " + backoff);
      }
      if (!(memoryMargin >= 0) || memoryMinMargin < 0) {
        throw new IllegalArgumentException("memory margins must be >= 0");
      }
    }
  }

  private final Map<WorkloadId, Cgroup> cgroups;
  private final Options options;
  private final Consumer<WorkloadId> written;

  public CgroupActuator(Map<WorkloadId, Cgroup> cgroups, Options options) {
    this(cgroups, options, w -> {});
  }

  /**
   * @param written told of every workload whose limits it wrote (or tried to), so that a source
   *     caching limits reads them afresh
   */
  public CgroupActuator(
      Map<WorkloadId, Cgroup> cgroups, Options options, Consumer<WorkloadId> written) {
    this.cgroups = Map.copyOf(cgroups);
    this.options = Objects.requireNonNull(options, "options");
    this.written = Objects.requireNonNull(written, "written");
  }

  /** Whether it writes this workload's allocation of {@code r}. */
  public boolean manages(WorkloadId w, Resource r) {
    Cgroup c = cgroups.get(w);
    return c != null && options.enforced().contains(r) && c.resources().contains(r);
  }

  @Override
  public List<Actuation> apply(Plan plan) {
    Map<WorkloadId, List<Decision.Resize>> byWorkload = new LinkedHashMap<>();
    for (Decision.Resize d : plan.resizes()) {
      if (manages(d.series().workload(), d.series().resource())) {
        byWorkload.computeIfAbsent(d.series().workload(), k -> new ArrayList<>()).add(d);
      }
    }
    List<Map.Entry<WorkloadId, List<Decision.Resize>>> shrinking = new ArrayList<>();
    List<Map.Entry<WorkloadId, List<Decision.Resize>>> growing = new ArrayList<>();
    for (var e : byWorkload.entrySet()) {
      boolean shrinks = e.getValue().stream().anyMatch(d -> d.to() < d.from());
      (shrinks ? shrinking : growing).add(e);
    }
    Comparator<Map.Entry<WorkloadId, List<Decision.Resize>>> byDepth =
        Comparator.comparingInt(e -> depth(cgroups.get(e.getKey())));
    shrinking.sort(byDepth.reversed());
    growing.sort(byDepth);
    List<Actuation> out = new ArrayList<>();
    for (var e : shrinking) {
      out.addAll(applyAll(cgroups.get(e.getKey()), e.getValue()));
      written.accept(e.getKey());
    }
    for (var e : growing) {
      out.addAll(applyAll(cgroups.get(e.getKey()), e.getValue()));
      written.accept(e.getKey());
    }
    return out;
  }

  private static int depth(Cgroup c) {
    return (int) c.path().chars().filter(ch -> ch == '/').count();
  }

  private record Written(Resource resource, double before) {}

  private List<Actuation> applyAll(Cgroup c, List<Decision.Resize> resizes) {
    List<Written> written = new ArrayList<>();
    Map<Resource, String> details = new java.util.EnumMap<>(Resource.class);
    for (Decision.Resize d : resizes) {
      Resource r = d.series().resource();
      double before;
      double target = d.to();
      try {
        before = retried(() -> c.limit(r), c, "read the " + r.key() + " limit");
        if (r == Resource.MEMORY) {
          long workingSet = retried(c::memoryBytes, c, "read memory usage");
          double floor = workingSet * (1 + options.memoryMargin()) + options.memoryMinMargin();
          if (target < floor) {
            details.put(
                r,
                String.format(
                    Locale.ROOT,
                    "memory raised from %.0f to %.0f: working set %d + margin",
                    target,
                    floor,
                    workingSet));
            target = floor;
          }
        }
        double value = target;
        retried(
            () -> {
              c.setLimit(r, value);
              return null;
            },
            c,
            "write the " + r.key() + " limit " + format(value));
        written.add(new Written(r, before));
      } catch (WriteFailed e) {
        List<String> undone = rollBack(c, written);
        String detail =
            e.getMessage()
                + (written.isEmpty() ? "" : "; rolled back " + String.join(", ", undone));
        return resizes.stream()
            .map(x -> new Actuation(x, Actuation.Status.FAILED, detail))
            .toList();
      }
    }
    return resizes.stream()
        .map(
            x ->
                new Actuation(
                    x, Actuation.Status.APPLIED, details.getOrDefault(x.series().resource(), "")))
        .toList();
  }

  private List<String> rollBack(Cgroup c, List<Written> written) {
    List<String> out = new ArrayList<>();
    for (Written w : written.reversed()) {
      try {
        retried(
            () -> {
              c.setLimit(w.resource(), w.before());
              return null;
            },
            c,
            "restore " + w.resource().key());
        out.add(w.resource().key() + " to " + format(w.before()));
      } catch (WriteFailed e) {
        out.add(w.resource().key() + " NOT restored (" + e.getMessage() + ")");
      }
    }
    return out;
  }

  private static String format(double v) {
    return Double.isInfinite(v) ? "unlimited" : String.format(Locale.ROOT, "%.0f", v);
  }

  @FunctionalInterface
  private interface Io<T> {
    T run() throws IOException;
  }

  private static final class WriteFailed extends Exception {
    private static final long serialVersionUID = 1L;

    WriteFailed(String message) {
      super(message);
    }
  }

  private <T> T retried(Io<T> io, Cgroup c, String what) throws WriteFailed {
    long wait = options.backoff().toMillis();
    for (int attempt = 1; ; attempt++) {
      try {
        return io.run();
      } catch (IOException | RuntimeException e) {
        if (attempt >= options.attempts()) {
          throw new WriteFailed(
              c + ": could not " + what + " after " + attempt + " attempts: " + e);
        }
      }
      try {
        Thread.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new WriteFailed(c + ": interrupted while retrying to " + what);
      }
      wait *= 2;
    }
  }
}
