package org.pae.live;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.pae.core.assembly.Assembly;
import org.pae.core.forecast.ForecasterRegistry;
import org.pae.core.model.Resource;
import org.pae.core.settings.Settings;
import org.pae.host.Cgroup;
import org.pae.host.CgroupHierarchy;
import org.pae.host.HostSettings;

/** What the live engine's tests share, here and (through pae-live's test jar) in pae-cli. */
public final class LiveFixtures {
  private LiveFixtures() {}

  /**
   * The live engine on this host's cgroup hierarchy with the defaults but a 5 s interval, no
   * network or cgroup observation, no warm-up, and {@code settings} over those.
   */
  static LiveEngine engine(
      Map<String, String> settings, boolean enforce, Path proc, Path data, Consumer<String> log) {
    Map<String, String> o = new HashMap<>();
    o.put("loop.interval", "5s");
    o.put("host.observe-cgroups", "false");
    o.put("host.network", "false");
    o.put("history.warm-up", "0s");
    o.putAll(settings);
    ForecasterRegistry registry = ForecasterRegistry.standard();
    Settings s = Settings.load(o, registry);
    HostSettings h = HostSettings.from(o, s.bounds().get(Resource.MEMORY).usageMargin());
    return new LiveEngine(
        new Assembly(s, registry),
        LiveEngine.Options.of(h, CgroupHierarchy.host(), proc, data, log).enforcing(enforce));
  }

  /**
   * A cgroup v2 directory {@code name} under {@code fs} laid out as the kernel's, no limit and no
   * process in it; the test writes its {@code memory.current}.
   */
  static Path fakeCgroup(Path fs, String name) throws IOException {
    Path cg = Files.createDirectories(fs.resolve(name));
    Files.writeString(cg.resolve("memory.stat"), "anon 0\nfile 0\ninactive_file 0\n");
    Files.writeString(cg.resolve("memory.max"), "max\n");
    Files.writeString(cg.resolve("memory.high"), "max\n");
    Files.writeString(cg.resolve("memory.events"), "oom_kill 0\n");
    Files.writeString(cg.resolve("cgroup.procs"), "");
    return cg;
  }

  /**
   * As {@link #engine(Map, boolean, Path, Path, Consumer)} on this host's {@code /proc}, managing
   * {@code cgroups} (paths below {@code k}'s root) and observing no processes.
   */
  public static LiveEngine engine(
      KernelCgroups k,
      Map<String, String> settings,
      boolean enforce,
      Path data,
      Consumer<String> log,
      String... cgroups) {
    Map<String, String> o = new HashMap<>();
    o.put("host.processes", "false");
    List<String> paths = new ArrayList<>();
    for (String c : cgroups) {
      paths.add(k.root + c);
    }
    o.put("host.cgroups", String.join(", ", paths));
    o.putAll(settings);
    return engine(o, enforce, Path.of("/proc"), data, log);
  }

  /** Removes a cgroup once a killed process has left it. */
  static void deleteWhenEmpty(Cgroup c) throws InterruptedException {
    for (int attempt = 0; attempt < 100 && c.exists(); attempt++) {
      try {
        c.delete();
      } catch (IOException e) {
        Thread.sleep(20);
      }
    }
  }
}
