package org.pae.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.pae.core.allocate.ThresholdPolicy;
import org.pae.core.context.ContextCalendar;
import org.pae.core.context.ContextualFactory;
import org.pae.core.forecast.ForecasterFactory;
import org.pae.core.forecast.ForecasterRegistry;
import org.pae.core.loop.ControlLoop;
import org.pae.core.loop.Engine;
import org.pae.core.loop.Steering;
import org.pae.core.model.WorkloadId;
import org.pae.core.settings.Settings;
import org.pae.host.ProcessSource;
import org.pae.host.Recommender;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pae run}: the engine on this host, recommend-only. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description =
        "Runs the engine on this host: observes its processes through /proc every interval,"
            + " forecasts each one's memory, CPU and disk I/O, and shows the top ones with usage, forecast"
            + " and the allocation PAE recommends (recommend-only: nothing on the host is changed).")
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
      names = "--top",
      defaultValue = "15",
      description = "How many processes to show (default ${DEFAULT-VALUE}).")
  int top;

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
    ForecasterRegistry registry = ForecasterRegistry.discovered(RunCommand.class.getClassLoader());
    Map<String, String> overrides = overrides();
    Settings settings = Settings.load(overrides, registry);
    ForecasterFactory models =
        ContextualFactory.of(settings.forecasterFactory(registry), ContextCalendar.load(overrides));
    Recommender recommender = new Recommender();
    ProcessSource source = new ProcessSource(proc, recommender::allocation);
    ControlLoop loop =
        new ControlLoop(
            new ThresholdPolicy("pae", models),
            Steering.uniform(settings.policies(), Map.of()),
            settings.interval());
    Engine engine = new Engine(source, loop, recommender);
    ProcessTable table = new ProcessTable(top);
    InstantSource clock = InstantSource.system();
    Set<WorkloadId> before = new HashSet<>();
    Instant next = clock.instant();
    for (long i = 0; iterations == 0 || i < iterations; i++) {
      Instant now = clock.instant();
      Engine.Tick tick = engine.tick(now);
      Set<WorkloadId> live = new HashSet<>();
      tick.plan().decisions().forEach(d -> live.add(d.series().workload()));
      before.removeAll(live);
      before.forEach(loop::forget);
      before = live;
      recommender.retainOnly(tick.plan());
      out.print(table.render(now, settings.interval(), tick.plan(), source));
      out.flush();
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
    return 0;
  }

  private Map<String, String> overrides() throws IOException {
    Map<String, String> o = new HashMap<>();
    if (settingsFile != null) {
      if (!Files.isRegularFile(settingsFile)) {
        throw new IllegalArgumentException("settings file " + settingsFile + " does not exist");
      }
      try (InputStream in = Files.newInputStream(settingsFile)) {
        o.putAll(Settings.read(in));
      }
    }
    if (interval != null) {
      o.put("loop.interval", interval);
    }
    return o;
  }
}
