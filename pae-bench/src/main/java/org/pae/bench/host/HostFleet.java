package org.pae.bench.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.pae.core.assembly.Assembly;
import org.pae.core.engine.Engine;
import org.pae.core.forecast.ForecasterRegistry;
import org.pae.core.loop.ControlLoop;
import org.pae.core.model.Resource;
import org.pae.core.model.Workload;
import org.pae.core.model.WorkloadId;
import org.pae.core.model.WorkloadKind;
import org.pae.core.settings.Settings;
import org.pae.host.Cgroup;
import org.pae.host.CgroupActuator;
import org.pae.host.CgroupHierarchy;
import org.pae.host.CgroupSource;
import org.pae.host.CompositeSource;

/**
 * {@code n} real cgroups under a fresh root of this host's hierarchy, each with a 64 MiB memory
 * limit, and the engine the daemon runs over them with {@code --enforce} on memory and CPU: the
 * cgroup source, the control loop as the default settings assemble it for {@code pae run}, the
 * cgroup actuator. Needs root and writable cgroups; {@link #close} removes every cgroup it made.
 */
final class HostFleet implements AutoCloseable {
  final CgroupHierarchy hierarchy = CgroupHierarchy.host();
  final String root =
      "/pae-bench-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
  final Engine engine;

  HostFleet(int n) throws IOException {
    Map<WorkloadId, Cgroup> cgroups = new LinkedHashMap<>();
    List<CgroupSource.Managed> managed = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Cgroup c = hierarchy.cgroup(String.format("%s/w%04d", root, i));
      c.create();
      c.setLimit(Resource.MEMORY, 64 << 20);
      Workload w = Workload.of(c.path(), WorkloadKind.CONTAINER);
      cgroups.put(w.id(), c);
      managed.add(new CgroupSource.Managed(w, c));
    }
    double cpus = Runtime.getRuntime().availableProcessors() * 1000.0;
    CgroupSource source =
        new CgroupSource(
            managed,
            Path.of("/proc"),
            (key, limit, usage) -> Double.isInfinite(limit) ? cpus : limit,
            m -> {});
    CgroupActuator actuator =
        new CgroupActuator(
            cgroups,
            new CgroupActuator.Options(
                EnumSet.of(Resource.MEMORY, Resource.CPU),
                3,
                Duration.ofMillis(20),
                0.05,
                16 << 20),
            source::invalidate);
    ForecasterRegistry registry = ForecasterRegistry.standard();
    Assembly assembly = new Assembly(Settings.load(registry), registry);
    Duration interval = assembly.settings().interval();
    ControlLoop loop =
        assembly.loop(
            assembly.policy(
                "pae", assembly.forecasting(Optional.empty(), Optional.empty()), interval),
            assembly.steering(),
            interval,
            Settings.CGROUPS);
    engine = new Engine(new CompositeSource(Map.of("cgroups", source), m -> {}), loop, actuator);
  }

  @Override
  public void close() throws IOException {
    for (Path mount : hierarchy.v1().values().stream().distinct().toList()) {
      Path top = mount.resolve(root.substring(1));
      if (Files.isDirectory(top)) {
        try (var walk = Files.walk(top)) {
          for (Path d :
              walk.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(d);
          }
        }
      }
    }
  }
}
