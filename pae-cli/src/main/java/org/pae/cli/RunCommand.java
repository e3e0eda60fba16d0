package org.pae.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.pae.core.assembly.Assembly;
import org.pae.core.config.SettingsSource;
import org.pae.core.fleet.FleetMember;
import org.pae.core.fleet.FleetSettings;
import org.pae.core.fleet.FleetStore;
import org.pae.core.fleet.FleetUnavailable;
import org.pae.core.forecast.ForecasterRegistry;
import org.pae.core.model.Resource;
import org.pae.core.model.WorkloadId;
import org.pae.core.ports.Adapter;
import org.pae.core.registry.Entry;
import org.pae.core.registry.Registry;
import org.pae.core.settings.Settings;
import org.pae.core.tier.TierPolicyFactory;
import org.pae.host.CgroupHierarchy;
import org.pae.host.CgroupSource;
import org.pae.host.HostSettings;
import org.pae.host.tier.StorageSettings;
import org.pae.live.LiveEngine;
import org.pae.server.api.ApiServer;
import org.pae.server.state.Snapshot;
import org.pae.store.Credentials;
import org.pae.store.StoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pae run}: the live engine on this host. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description =
        "Runs the engine on this host: every interval it observes the cgroups the settings name"
            + " (host.cgroups), the host's other cgroups, its processes and network interfaces,"
            + " forecasts each one's memory, CPU, disk I/O and network, and decides allocations."
            + " Recommend-only by default; with --enforce it writes the managed cgroups' limits."
            + " Every tick goes to the history (an embedded DuckDB file in --data-dir).")
final class RunCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--settings",
      paramLabel = "FILE",
      description =
          "A settings file overriding pae-defaults.properties (unknown keys are refused).")
  Path settingsFile;

  @Option(
      names = "--interval",
      paramLabel = "DURATION",
      description = "How often to observe and decide (overrides loop.interval), e.g. 5s, 500ms.")
  String interval;

  @Option(
      names = "--enforce",
      description =
          "Write the managed cgroups' limits (host.cgroups, host.adopt-pids; resources in"
              + " host.enforce). Without it nothing on the host is changed.")
  boolean enforce;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Where the history goes (history.duckdb), default $XDG_DATA_HOME/pae or"
              + " ~/.local/share/pae.")
  Path dataDir;

  @Option(
      names = "--listen",
      paramLabel = "HOST:PORT",
      defaultValue = "127.0.0.1:8080",
      description =
          "Where to serve the API, /metrics and the dashboard (default ${DEFAULT-VALUE}); a port"
              + " alone listens on 127.0.0.1; off to serve nothing. A port in use stops pae run."
              + " The admin token is in <data-dir>/api-token; a one-time login link is printed.")
  String listen;

  @Option(
      names = "--top",
      defaultValue = "15",
      description =
          "How many workloads of each kind (cgroups and VMs, interfaces, processes) to show at"
              + " most (default ${DEFAULT-VALUE}).")
  int top;

  @Option(
      names = "--view",
      defaultValue = "auto",
      description =
          "How ticks are shown: screen (redrawn in place), lines (one per tick and per resize)"
              + " or auto: screen on a terminal, lines when piped (default ${DEFAULT-VALUE}).")
  String view;

  @Option(
      names = "--iterations",
      defaultValue = "0",
      description =
          "Stop after this many intervals; 0 runs until interrupted (default ${DEFAULT-VALUE}).")
  long iterations;

  @Option(
      names = "--proc",
      defaultValue = "/proc",
      description = "The procfs mount (default ${DEFAULT-VALUE}).")
  Path proc;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Assembly assembly;
    HostSettings host;
    StorageSettings storage;
    TierPolicyFactory tierPolicy;
    Path data = dataDir != null ? dataDir : defaultDataDir();
    Map<String, Adapter.Connector> adapters = new LinkedHashMap<>();
    FleetSettings fleetSettings;
    Registry named;
    try {
      SettingsSource source = SettingsSource.of(overrides());
      assembly = assemble(source);
      host = hostSettings(source, assembly);
      named = Registry.discovered(RunCommand.class.getClassLoader());
      for (Entry<Adapter> a : named.entries(Adapter.KIND)) {
        a.value().configure(source).ifPresent(c -> adapters.put(a.name(), c));
      }
      fleetSettings = FleetSettings.from(source);
      fleetSettings.check(assembly.settings().interval());
      storage = StorageSettings.from(source, data);
      tierPolicy = StorageTierLoop.policy(storage, named);
      source.refuseUnread();
    } catch (IllegalArgumentException e) {
      err.println("pae: refusing to start, bad settings: " + Credentials.redact(e.getMessage()));
      err.flush();
      return 2;
    }
    if (!List.of("auto", "screen", "lines").contains(view)) {
      err.println("pae: --view must be auto, screen or lines: " + view);
      err.flush();
      return 2;
    }
    if (!Files.isDirectory(proc)) {
      err.println("pae: refusing to start: --proc " + proc + " is not a procfs directory");
      err.flush();
      return 2;
    }
    Settings settings = assembly.settings();
    InstantSource clock = InstantSource.system();
    try {
      ApiListener.prepareDataDir(data, err);
    } catch (IOException e) {
      err.println("pae: refusing to start: cannot make the data directory " + data + ": " + e);
      err.flush();
      return 2;
    }
    List<Adapter.Attached> attached = new ArrayList<>();
    for (Map.Entry<String, Adapter.Connector> a : adapters.entrySet()) {
      try {
        attached.add(
            a.getValue()
                .connect(clock.instant(), m -> err.println("pae: " + Credentials.redact(m))));
      } catch (IllegalStateException e) {
        attached.forEach(Adapter.Attached::close);
        err.println(
            "pae: refusing to start, " + a.getKey() + ": " + Credentials.redact(e.getMessage()));
        err.flush();
        return 2;
      }
    }
    Optional<FleetMember> fleet;
    try {
      fleet = joinFleet(fleetSettings, named, err);
    } catch (IllegalArgumentException | FleetUnavailable e) {
      attached.forEach(Adapter.Attached::close);
      err.println("pae: refusing to start, fleet.store: " + Credentials.redact(e.getMessage()));
      err.flush();
      return 2;
    }
    LiveEngine daemon;
    try {
      daemon =
          new LiveEngine(
              assembly,
              LiveEngine.Options.of(
                      host,
                      CgroupHierarchy.host(),
                      proc,
                      data,
                      m -> {
                        err.println("pae: " + Credentials.redact(m));
                        err.flush();
                      })
                  .enforcing(enforce)
                  .attaching(attached)
                  .inFleet(fleet));
    } catch (IllegalArgumentException | IllegalStateException | StoreException e) {
      attached.forEach(Adapter.Attached::close);
      fleet.ifPresent(f -> f.store().close());
      // A StoreException here is most often another pae run holding the DuckDB file.
      err.println("pae: refusing to start: " + Credentials.redact(e.getMessage()));
      err.flush();
      return 2;
    }
    Optional<StorageTierLoop> tiers;
    try {
      tiers = StorageTierLoop.open(storage, tierPolicy, proc, err);
    } catch (IOException | RuntimeException e) {
      daemon.close();
      err.println("pae: refusing to start: cannot open the storage tiers: " + e);
      err.flush();
      return 2;
    }
    Optional<ApiServer> api;
    try {
      api =
          ApiListener.start(
              listen, daemon, data, clock, err, () -> tiers.flatMap(StorageTierLoop::status));
    } catch (IllegalArgumentException e) {
      daemon.close();
      err.println("pae: refusing to start: " + e.getMessage());
      return 2;
    }
    try (daemon) {
      long replayed = daemon.warmUp(clock.instant());
      if (replayed > 0) {
        err.println(
            "pae: warm start, replayed " + replayed + " past samples (history or backfill)");
      }
      List<WorkloadId> managed =
          daemon.managed().stream().map(CgroupSource.Managed::workload).map(m -> m.id()).toList();
      TerminalView table = new TerminalView(top, Set.copyOf(managed), enforce);
      boolean screen =
          view.equals("screen")
              || (view.equals("auto") && System.console() != null && System.console().isTerminal());
      Instant next = clock.instant();
      for (long i = 0; iterations == 0 || i < iterations; i++) {
        Instant now = clock.instant();
        try {
          daemon.tick(now);
          Snapshot s = daemon.state().snapshot();
          if (screen) {
            int[] size = terminalSize();
            out.print(table.screen(s, settings.interval(), size[1], size[0]));
          } else {
            out.print(table.lines(s, settings.interval(), i == 0));
          }
          out.flush();
          if (tiers.isPresent()) {
            tickTiers(tiers.get(), now, daemon, err);
          }
        } catch (RuntimeException e) {
          // Nothing was decided this interval: every allocation stays as it is.
          err.println(
              "pae: tick at "
                  + now
                  + " failed, holding everything: "
                  + Credentials.redact(e.toString()));
          err.flush();
        }
        next = next.plus(settings.interval());
        if (iterations == 0 || i + 1 < iterations) {
          Duration wait = Duration.between(clock.instant(), next);
          if (!wait.isNegative()) {
            Thread.sleep(wait);
          } else {
            next = clock.instant();
          }
        }
      }
    } finally {
      api.ifPresent(ApiServer::close);
    }
    return 0;
  }

  /**
   * PAE's engine from the settings {@code source} holds, with every model found on the class path:
   * the one assembly {@code simulate} makes from the same keys.
   */
  static Assembly assemble(SettingsSource source) {
    ForecasterRegistry registry = ForecasterRegistry.discovered(RunCommand.class.getClassLoader());
    Assembly assembly = new Assembly(Settings.load(source, registry), registry);
    assembly.parts();
    return assembly;
  }

  /** The live engine's own settings, read from the same source after the engine's. */
  static HostSettings hostSettings(SettingsSource source, Assembly assembly) {
    return HostSettings.from(source, assembly.bounds().get(Resource.MEMORY).usageMargin());
  }

  /**
   * This host in the fleet {@code fleet.store} names, connected through the fleet store of the
   * registry that takes its URL; empty when none is named. Refused when no store takes the URL, and
   * when the store cannot be reached: a host that never had a share has none to hold.
   */
  static Optional<FleetMember> joinFleet(FleetSettings settings, Registry named, PrintWriter err) {
    if (!settings.enabled()) {
      return Optional.empty();
    }
    String host = settings.host();
    if (host.isEmpty()) {
      try {
        host = java.net.InetAddress.getLocalHost().getHostName();
      } catch (java.net.UnknownHostException e) {
        throw new IllegalArgumentException(
            "this machine's host name is unknown (" + e.getMessage() + "); set fleet.host", e);
      }
    }
    for (Entry<FleetStore> e : named.entries(FleetStore.KIND)) {
      Optional<FleetStore.Connection> c = e.value().open(settings);
      if (c.isPresent()) {
        String name = host;
        err.println(
            "pae: host " + name + " of the fleet at " + Credentials.redact(settings.store()));
        err.flush();
        return Optional.of(
            new FleetMember(
                name,
                settings.lease(),
                settings.modelCheck(),
                c.get(),
                m -> {
                  err.println("pae: fleet: " + Credentials.redact(m));
                  err.flush();
                }));
      }
    }
    throw new IllegalArgumentException(
        "no fleet store takes "
            + Credentials.redact(settings.store())
            + " (known: "
            + String.join(", ", named.names(FleetStore.KIND))
            + ")");
  }

  /** A tick of the storage tiers; a failure is reported and leaves every file where it is. */
  private static void tickTiers(
      StorageTierLoop tiers, Instant now, LiveEngine daemon, PrintWriter err) {
    try {
      tiers.tick(now, daemon.state().metrics(), err);
    } catch (IOException | RuntimeException e) {
      err.println("pae: storage tiers at " + now + " failed, no file moved: " + e);
      err.flush();
    }
  }

  /**
   * The terminal's rows and columns, as {@code stty size} reads them from {@code /dev/tty} (so a
   * resized window is followed); {@code LINES} and {@code COLUMNS}, else 24 × 120, without one.
   */
  private static int[] terminalSize() {
    try {
      Process p =
          new ProcessBuilder("stty", "size")
              .redirectInput(new java.io.File("/dev/tty"))
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      String[] f =
          new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
              .trim()
              .split("\\s+");
      if (p.waitFor() == 0 && f.length == 2) {
        return new int[] {Integer.parseInt(f[0]), Integer.parseInt(f[1])};
      }
    } catch (IOException | NumberFormatException e) {
      // No terminal to ask: the environment's size, or the default.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return new int[] {env("LINES", 24), env("COLUMNS", 120)};
  }

  private static int env(String name, int fallback) {
    try {
      return Integer.parseInt(System.getenv().getOrDefault(name, Integer.toString(fallback)));
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  static Path defaultDataDir() {
    String xdg = System.getenv("XDG_DATA_HOME");
    return xdg != null && !xdg.isBlank()
        ? Path.of(xdg, "pae")
        : Path.of(System.getProperty("user.home"), ".local", "share", "pae");
  }

  private Map<String, String> overrides() throws IOException {
    Map<String, String> o = SettingsFile.read(settingsFile);
    if (interval != null) {
      o.put("loop.interval", interval);
    }
    return o;
  }
}
