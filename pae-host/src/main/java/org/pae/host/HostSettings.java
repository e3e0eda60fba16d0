package org.pae.host;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pae.core.config.SettingsSource;
import org.pae.core.config.Values;
import org.pae.core.model.Resource;
import org.pae.core.ports.HistoryStore;

/**
 * The live engine's settings ({@code host.*}, {@code actuator.*}, {@code history.*} in {@code
 * pae-defaults.properties}), each checked here: a bad value is refused with a message naming its
 * key.
 *
 * @param cgroups the cgroups PAE manages
 * @param adoptPids the processes PAE moves into cgroups of their own and manages
 * @param adoptRoot where those cgroups are created
 * @param processes whether every process is observed
 * @param pss whether processes' memory is PSS rather than RSS
 * @param observeCgroups whether every other cgroup is observed
 * @param network whether the host's interfaces are observed
 * @param actuator how managed cgroups are written
 * @param historyLocation where the history goes; empty for the default DuckDB file
 * @param retention how long history is kept at each resolution
 * @param warmUp how much history a restart replays
 * @param retrainEvery how often the learned models are retrained from the history; zero: never
 * @param refitFromStore whether the forecasters read their refit windows from the history rather
 *     than keep them
 * @param metricsWorkloads how many workloads {@code /metrics} exports gauges for ({@code
 *     metrics.max-workloads})
 */
public record HostSettings(
    List<String> cgroups,
    List<Long> adoptPids,
    String adoptRoot,
    boolean processes,
    boolean pss,
    boolean observeCgroups,
    boolean network,
    CgroupActuator.Options actuator,
    String historyLocation,
    HistoryStore.Retention retention,
    Duration warmUp,
    Duration retrainEvery,
    boolean refitFromStore,
    int metricsWorkloads) {
  public HostSettings {
    cgroups = List.copyOf(cgroups);
    adoptPids = List.copyOf(adoptPids);
  }

  /** Reads the keys from the defaults overridden by {@code overrides}. */
  public static HostSettings from(Map<String, String> overrides, double memoryMargin) {
    return from(SettingsSource.of(overrides), memoryMargin);
  }

  /** Reads this section's keys ({@code host.*}, {@code actuator.*}, {@code history.*}). */
  public static HostSettings from(SettingsSource all, double memoryMargin) {
    List<String> cgroups = new ArrayList<>();
    for (String p : all.list("host.cgroups")) {
      try {
        cgroups.add(CgroupHierarchy.normalise(p));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("host.cgroups: " + e.getMessage(), e);
      }
    }
    List<Long> pids = new ArrayList<>();
    for (String p : all.list("host.adopt-pids")) {
      try {
        long pid = Long.parseLong(p);
        if (pid < 1) {
          throw new NumberFormatException();
        }
        pids.add(pid);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "host.adopt-pids = '" + all.get("host.adopt-pids") + "': '" + p + "' is not a PID", e);
      }
    }
    String adoptRoot;
    try {
      adoptRoot = CgroupHierarchy.normalise(all.get("host.adopt-root"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("host.adopt-root: " + e.getMessage(), e);
    }
    Set<Resource> enforce = EnumSet.noneOf(Resource.class);
    for (String r : all.list("host.enforce")) {
      Resource res;
      try {
        res = Resource.parse(r);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("host.enforce: " + e.getMessage(), e);
      }
      if (res == Resource.NETWORK || res == Resource.GPU) {
        throw new IllegalArgumentException(
            "host.enforce: PAE cannot enforce " + res.key() + "; allowed: memory, cpu, disk_io");
      }
      enforce.add(res);
    }
    int attempts = (int) Values.whole("actuator.attempts", all.get("actuator.attempts"), 0);
    long minMargin =
        Values.size("actuator.memory-min-margin", all.get("actuator.memory-min-margin"));
    CgroupActuator.Options actuator;
    try {
      actuator =
          new CgroupActuator.Options(
              enforce, attempts, all.duration("actuator.backoff"), memoryMargin, minMargin);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    HistoryStore.Retention retention =
        new HistoryStore.Retention(
            all.duration("history.raw-retention"),
            all.duration("history.step"),
            all.duration("history.downsampled-retention"));
    Duration warmUp = all.duration("history.warm-up");
    if (warmUp.isNegative()) {
      throw new IllegalArgumentException("history.warm-up must be >= 0s: " + warmUp);
    }
    Duration retrainEvery = all.duration("history.retrain-every");
    if (retrainEvery.isNegative()) {
      throw new IllegalArgumentException(
          "history.retrain-every must be >= 0s (0s: never): " + retrainEvery);
    }
    return new HostSettings(
        cgroups,
        pids,
        adoptRoot,
        all.bool("host.processes"),
        all.bool("host.processes.pss"),
        all.bool("host.observe-cgroups"),
        all.bool("host.network"),
        actuator,
        all.get("history.location"),
        retention,
        warmUp,
        retrainEvery,
        all.bool("history.refit-from-store"),
        (int)
            Math.min(
                Integer.MAX_VALUE,
                Values.whole("metrics.max-workloads", all.get("metrics.max-workloads"), 0)));
  }
}
