package org.pae.host;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pae.core.model.Resource;
import org.pae.core.ports.HistoryStore;
import org.pae.core.settings.Settings;

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
    Map<String, String> all = new java.util.TreeMap<>(Settings.defaults());
    overrides.forEach((k, v) -> all.put(k.trim(), v.trim()));
    List<String> cgroups = new ArrayList<>();
    for (String p : list(all, "host.cgroups")) {
      try {
        cgroups.add(CgroupHierarchy.normalise(p));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("host.cgroups: " + e.getMessage(), e);
      }
    }
    List<Long> pids = new ArrayList<>();
    for (String p : list(all, "host.adopt-pids")) {
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
    for (String r : list(all, "host.enforce")) {
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
    int attempts = (int) whole(all, "actuator.attempts");
    long minMargin = whole(all, "actuator.memory-min-margin");
    CgroupActuator.Options actuator;
    try {
      actuator =
          new CgroupActuator.Options(
              enforce,
              attempts,
              Settings.duration("actuator.backoff", all.get("actuator.backoff")),
              memoryMargin,
              minMargin);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    HistoryStore.Retention retention =
        new HistoryStore.Retention(
            Settings.duration("history.raw-retention", all.get("history.raw-retention")),
            Settings.duration("history.step", all.get("history.step")),
            Settings.duration(
                "history.downsampled-retention", all.get("history.downsampled-retention")));
    Duration warmUp = Settings.duration("history.warm-up", all.get("history.warm-up"));
    if (warmUp.isNegative()) {
      throw new IllegalArgumentException("history.warm-up must be >= 0s: " + warmUp);
    }
    Duration retrainEvery =
        Settings.duration("history.retrain-every", all.get("history.retrain-every"));
    if (retrainEvery.isNegative()) {
      throw new IllegalArgumentException(
          "history.retrain-every must be >= 0s (0s: never): " + retrainEvery);
    }
    return new HostSettings(
        cgroups,
        pids,
        adoptRoot,
        bool(all, "host.processes"),
        bool(all, "host.processes.pss"),
        bool(all, "host.observe-cgroups"),
        bool(all, "host.network"),
        actuator,
        all.get("history.location"),
        retention,
        warmUp,
        retrainEvery,
        bool(all, "history.refit-from-store"),
        (int) Math.min(Integer.MAX_VALUE, whole(all, "metrics.max-workloads")));
  }

  private static List<String> list(Map<String, String> all, String key) {
    List<String> out = new ArrayList<>();
    for (String s : all.getOrDefault(key, "").split(",")) {
      if (!s.isBlank()) {
        out.add(s.trim());
      }
    }
    return out;
  }

  private static boolean bool(Map<String, String> all, String key) {
    String v = all.get(key);
    if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(v);
    }
    throw new IllegalArgumentException(key + " = '" + v + "' is not true or false");
  }

  private static long whole(Map<String, String> all, String key) {
    try {
      long v = Long.parseLong(all.get(key));
      if (v < 0) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          key + " = '" + all.get(key) + "' is not a whole number >= 0", e);
    }
  }
}
