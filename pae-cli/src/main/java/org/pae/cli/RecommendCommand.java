package org.pae.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.pae.core.assembly.Assembly;
import org.pae.core.forecast.ForecasterRegistry;
import org.pae.core.model.Resource;
import org.pae.kubernetes.Container;
import org.pae.kubernetes.RecommendFormat;
import org.pae.kubernetes.Recommendation;
import org.pae.sim.policy.PolicyCatalog;
import org.pae.sim.replay.Change;
import org.pae.sim.replay.Replay;
import org.pae.sim.trace.ParseIssues;
import org.pae.sim.trace.Trace;
import org.pae.sim.trace.TraceFormat;
import org.pae.sim.trace.Unit;
import org.pae.sim.trace.WorkloadTrace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pae recommend}: PAE's current sizes for containers, as files for a GitOps workflow. */
@Command(
    name = "recommend",
    mixinStandardHelpOptions = true,
    description =
        "Replays a trace (typically prometheus:URL?memory=...&cpu=...&labels=namespace,pod,container)"
            + " through PAE's loop, as simulate does, and writes each container's memory and cpu"
            + " allocation in force at the trace's end: json or yaml (VerticalPodAutoscaler"
            + " status.recommendation shape, one file) or k8s (a VerticalPodAutoscaler manifest"
            + " per target whose minAllowed = maxAllowed = PAE's sizes). Workloads are"
            + " namespace/target/container. More: docs/vm-managers.md.")
final class RecommendCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--trace",
      required = true,
      paramLabel = "FORMAT:PATH",
      description =
          "The trace, in bytes and millicores: prometheus:URL?memory=PROMQL&cpu=PROMQL..., or"
              + " csv:FILE.")
  String trace;

  @Option(
      names = "--format",
      defaultValue = "yaml",
      description = "json, yaml or k8s (default ${DEFAULT-VALUE}).")
  String format;

  @Option(
      names = "--out",
      defaultValue = "recommendations",
      paramLabel = "DIR",
      description = "Where the files go (default ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--target-kind",
      defaultValue = "Deployment",
      description =
          "k8s: the kind the middle part of a workload names: Deployment, StatefulSet, DaemonSet"
              + " or ReplicaSet (default ${DEFAULT-VALUE}).")
  String targetKind;

  @Option(
      names = "--update-mode",
      defaultValue = "Off",
      description =
          "k8s: the manifests' updateMode: Off (recommend only), Initial, Recreate,"
              + " InPlaceOrRecreate or Auto (default ${DEFAULT-VALUE}).")
  String updateMode;

  @Option(
      names = "--interval",
      paramLabel = "DURATION",
      description = "The trace's sampling step (default: the format's, else the median).")
  String interval;

  @Option(
      names = "--settings",
      paramLabel = "FILE",
      description = "A settings file for PAE's policy (overrides pae-defaults.properties).")
  Path settingsFile;

  @Override
  public Integer call() throws IOException {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    try {
      RecommendFormat f = RecommendFormat.parse(format);
      List<Recommendation> recs = recommendations(stderr);
      for (Path p : f.write(recs, out, targetKind, updateMode)) {
        stdout.println("wrote " + p);
      }
      stdout.flush();
      return 0;
    } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
      stderr.println("pae recommend: " + e.getMessage());
      stderr.flush();
      return 2;
    }
  }

  /**
   * An allocation in the trace's unit as Kubernetes sizes it: memory in bytes (a trace in KB, as
   * Bitbrains, times 1024; a trace of unknown unit, as Prometheus and CSV, taken as bytes), cpu in
   * millicores (unknown unit taken as millicores). Empty where the unit gives no size: cpu in MHz
   * (the host's clock is not in the trace) or anything in percent.
   */
  static Optional<Double> kubernetesUnits(Resource r, Unit u, double allocation) {
    return switch (u) {
      case ANY -> Optional.of(allocation);
      case KB -> r == Resource.MEMORY ? Optional.of(allocation * 1024) : Optional.empty();
      case MHZ, KB_PER_S, PERCENT -> Optional.empty();
    };
  }

  /**
   * The last allocation change PAE made to each container's memory and cpu; a series PAE never
   * resized (still warming up) is left out and counted on stderr.
   */
  private List<Recommendation> recommendations(PrintWriter stderr) throws IOException {
    Trace t = TraceFormat.open(trace, ParseIssues.strict());
    ForecasterRegistry registry =
        ForecasterRegistry.discovered(RecommendCommand.class.getClassLoader());
    PolicyCatalog catalog = new PolicyCatalog(SettingsFile.read(settingsFile), registry);
    Assembly pae = catalog.assembly(Map.of());
    Set<Resource> resources = EnumSet.of(Resource.MEMORY, Resource.CPU);
    Replay replay =
        new Replay(
            catalog.parse("pae"),
            new Replay.Options(
                1,
                SimulateCommand.step(t, interval, false),
                resources,
                1,
                true,
                Set.of(),
                pae.forecasting(Optional.empty(), Optional.empty()),
                0.9));
    Map<String, Map<Resource, Double>> last = new LinkedHashMap<>();
    Map<String, Map<Resource, Unit>> units = new LinkedHashMap<>();
    int[] series = {0};
    try (Stream<WorkloadTrace> all = t.workloads()) {
      replay.run(
          all.peek(
              w -> {
                series[0] += (int) w.resources().stream().filter(resources::contains).count();
                w.series()
                    .forEach(
                        (r, x) ->
                            units
                                .computeIfAbsent(w.id(), k -> new LinkedHashMap<>())
                                .put(r, x.unit()));
              }),
          r -> {
            Map<Resource, Double> m =
                last.computeIfAbsent(r.workload(), k -> new LinkedHashMap<>());
            for (Change c : r.changes().getFirst()) {
              m.put(c.resource(), c.allocated());
            }
          },
          (workloads, steps) -> {});
    }
    List<Recommendation> out = new ArrayList<>();
    Map<Unit, Integer> unsized = new LinkedHashMap<>();
    last.forEach(
        (w, m) ->
            m.forEach(
                (r, a) -> {
                  Unit u = units.get(w).get(r);
                  Optional<Double> k = kubernetesUnits(r, u, a);
                  if (k.isPresent()) {
                    out.add(new Recommendation(Container.of(w), r, k.get()));
                  } else {
                    unsized.merge(u, 1, Integer::sum);
                  }
                }));
    unsized.forEach(
        (u, n) ->
            stderr.println(
                "pae recommend: "
                    + n
                    + " series left out: the trace records them in "
                    + u.name().toLowerCase(Locale.ROOT)
                    + ", which gives no Kubernetes size (memory is bytes, cpu millicores)"));
    int placed = out.size() + unsized.values().stream().mapToInt(Integer::intValue).sum();
    if (placed < series[0]) {
      stderr.println(
          "pae recommend: "
              + (series[0] - placed)
              + " of "
              + series[0]
              + " series left out: PAE has not resized them yet (a new series is held for its"
              + " warm-up, "
              + pae.parts().warmUp()
              + ")");
      stderr.flush();
    }
    return out;
  }
}
