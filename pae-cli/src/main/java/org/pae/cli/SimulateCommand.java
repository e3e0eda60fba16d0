package org.pae.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
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
import org.pae.core.settings.Settings;
import org.pae.sim.policy.PolicyCatalog;
import org.pae.sim.replay.PolicyVariant;
import org.pae.sim.replay.Replay;
import org.pae.sim.replay.ReplayEngine;
import org.pae.sim.replay.ReplayPlan;
import org.pae.sim.replay.Trajectory;
import org.pae.sim.report.DecisionExport;
import org.pae.sim.report.ReportFormat;
import org.pae.sim.report.SvgPlots;
import org.pae.sim.report.Verdict;
import org.pae.sim.trace.Inputs;
import org.pae.sim.trace.ParseIssues;
import org.pae.sim.trace.Trace;
import org.pae.sim.trace.TraceFormat;
import org.pae.sim.trace.WorkloadTrace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pae simulate}: replays a recorded trace through the control loop beside baselines. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description =
        "Replays a recorded trace through PAE's control loop, step by step on the trace's own clock,"
            + " beside the baselines (provisioned, reactive, vpa, autopilot, perfect), and reports"
            + " footprint, rel_slack, short_rate, short_vol and chg_day per policy and resource"
            + " (defined below).",
    footer = {
      "",
      "Figures, per policy and resource, over all workloads together (per step: u the usage,"
          + " a the allocation in effect, p the provisioned allocation):",
      "  footprint   sum(a) / sum(p): the share of the recorded allocation the policy needs"
          + " (provisioned = 1; lower is cheaper)",
      "  rel_slack   sum(max(a - u, 0)) / sum(a): the share of the allocation left unused",
      "  short_rate  the share of workload-steps with u > a: how often usage exceeded the"
          + " allocation (out-of-memory risk, CPU throttling)",
      "  short_vol   sum(max(u - a, 0)) / sum(u): how deep the shortfalls were, as a share of"
          + " all usage",
      "  chg_day     allocation changes per workload-day",
      "",
      "Each verdict line under the table compares a pae row with the baseline of the lowest"
          + " footprint among those (perfect excepted) whose short_rate is at most 1.1 times"
          + " pae's; where none is, with the safest. More: docs/replay.md."
    })
final class SimulateCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--trace",
      required = true,
      paramLabel = "FORMAT:PATH",
      description =
          "The trace: a file or folder, FORMAT one of bitbrains, planetlab, nab, csv, azure,"
              + " alibaba; gzip and xz are detected from the content. Or synthetic:N[:seed=S][:days=D]:"
              + " N made-up workloads (daily cycles, bursts, growth), no data needed. Or"
              + " prometheus:URL?memory=PROMQL[&cpu=PROMQL][&labels=instance][&span=7d][&step=5m]"
              + "[&end=TIME]: a fleet's past read from Prometheus (docs/vm-managers.md).")
  String trace;

  @Option(
      names = "--policies",
      defaultValue = "provisioned,reactive,vpa,autopilot,perfect,pae",
      paramLabel = "LIST",
      description =
          "Policies, comma-separated, each NAME[:KEY=V1[,V2...]]... (a list of values is a sweep:"
              + " one report row per value), e.g. vpa:margin=0.1,0.15 or"
              + " pae:risk-budget=0.001,0.01. Default: ${DEFAULT-VALUE}.")
  String policies;

  @Option(
      names = "--report",
      defaultValue = "table",
      paramLabel = "FORMAT",
      description = "table, csv or markdown (default ${DEFAULT-VALUE}).")
  String report;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "Writes report.csv, report.md, frontier.svg and one SVG per plotted workload there.")
  Path out;

  @Option(
      names = "--export-decisions",
      paramLabel = "FILE",
      description =
          "Writes every allocation change as CSV vm,timestamp,resource,allocated (one file per"
              + " policy when several: FILE-<policy>.csv).")
  Path exportDecisions;

  @Option(
      names = "--plot-vms",
      split = ",",
      paramLabel = "ID",
      description =
          "Workloads to plot under --out (default: the first three of a one-file-per-workload"
              + " trace).")
  List<String> plotVms;

  @Option(
      names = "--plot-days",
      defaultValue = "3",
      paramLabel = "DAYS",
      description =
          "Each workload plot shows the trace's last DAYS days (default ${DEFAULT-VALUE}).")
  int plotDays;

  @Option(names = "--limit", paramLabel = "N", description = "Replay only the first N workloads.")
  Integer limit;

  @Option(
      names = "--lenient",
      description = "Skip malformed lines and report how many, instead of stopping at the first.")
  boolean lenient;

  @Option(
      names = "--resources",
      split = ",",
      paramLabel = "R",
      description = "Resources to replay (default: every one the trace has).")
  List<String> resources;

  @Option(
      names = "--actuation-delay",
      defaultValue = "1",
      paramLabel = "STEPS",
      description =
          "Steps between a decision and its effect (default ${DEFAULT-VALUE}: decided at t, in"
              + " effect from t+1).")
  int actuationDelay;

  @Option(
      names = "--interval",
      paramLabel = "DURATION",
      description =
          "The trace's sampling step (default: the format's, else the first workload's median).")
  String interval;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Worker threads (default: the machine's processors).")
  Integer threads;

  @Option(
      names = "--settings",
      paramLabel = "FILE",
      description = "A settings file for the pae policy (overrides pae-defaults.properties).")
  Path settingsFile;

  @Option(
      names = "--engine",
      defaultValue = ReplayEngine.LOCAL,
      paramLabel = "NAME",
      description =
          "Where the replay runs: local (this machine's threads, the default) or spark (Spark"
              + " tasks partitioned by workload; needs pae-spark.jar and Spark on the class path,"
              + " see docs/spark.md).")
  String engine;

  @Override
  public Integer call() throws IOException {
    try {
      return simulate();
    } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
      PrintWriter err = spec.commandLine().getErr();
      err.println();
      err.println("pae simulate: " + e.getMessage());
      err.flush();
      return 2;
    }
  }

  private int simulate() throws IOException {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    ParseIssues issues = lenient ? ParseIssues.lenient() : ParseIssues.strict();
    Trace t = TraceFormat.open(trace, issues);
    ForecasterRegistry registry =
        ForecasterRegistry.discovered(SimulateCommand.class.getClassLoader());
    Map<String, String> settings = SettingsFile.read(settingsFile);
    PolicyCatalog catalog = new PolicyCatalog(settings, registry);
    List<PolicyVariant> variants = catalog.parse(policies);
    ReplayEngine replayEngine = Engines.find(registry.registry(), ReplayEngine.KIND, engine);
    if (limit != null && limit < 1) {
      throw new IllegalArgumentException("--limit takes N >= 1 workloads; got " + limit);
    }
    ReportFormat format = ReportFormat.parse(report);
    Duration step = step(t);
    Assembly pae = catalog.assembly(Map.of());
    Set<String> plotted = new LinkedHashSet<>();
    if (plotVms != null) {
      plotted.addAll(plotVms);
    } else if (out != null && t.format().filePerWorkload()) {
      t.files().stream().limit(3).map(Inputs::baseName).forEach(plotted::add);
    } else if (out != null && t.format() == TraceFormat.SYNTHETIC) {
      plotted.addAll(TraceFormat.syntheticIds(3));
    }
    ReplayPlan plan =
        new ReplayPlan(
            trace,
            lenient,
            limit == null ? 0 : limit,
            settings,
            policies,
            actuationDelay,
            step,
            resourceSet(),
            threads != null ? threads : Runtime.getRuntime().availableProcessors(),
            exportDecisions != null,
            out != null ? plotted : Set.of(),
            0.9);
    Replay replay = plan.replay(registry);
    List<String> labels = variants.stream().map(PolicyVariant::label).toList();
    List<Trajectory> trajectories = new ArrayList<>();
    Optional<Integer> expected = t.expectedWorkloads();
    int total = limit == null ? expected.orElse(-1) : Math.min(limit, expected.orElse(limit));
    // In the local fleet order every workload finishes at the end; elsewhere they finish in turn.
    ReplayProgress progress =
        new ReplayProgress(stderr, total, replay.fleetOrder() && ReplayEngine.LOCAL.equals(engine));
    Replay.Summary summary;
    try (DecisionExport export =
        exportDecisions == null ? null : new DecisionExport(exportDecisions, labels)) {
      summary =
          replayEngine.run(
              plan,
              issues,
              r -> {
                if (export != null) {
                  export.write(r);
                }
                r.trajectory().ifPresent(trajectories::add);
              },
              progress);
      if (summary.workloads() == 0) {
        throw new IllegalArgumentException(noWorkload(t, issues));
      }
      progress.finish(summary.workloads());
      if (export != null) {
        stderr.println(
            "decisions: "
                + String.join(", ", export.paths().stream().map(Path::toString).toList()));
      }
    }
    stdout.print(format.render(summary.figures()));
    List<String> verdict = Verdict.lines(summary.figures());
    PrintWriter verdictTo = format == ReportFormat.CSV ? stderr : stdout;
    if (!verdict.isEmpty()) {
      verdictTo.println();
      verdict.forEach(verdictTo::println);
    }
    stdout.printf(
        Locale.ROOT,
        "%d workloads, %d steps, step %ss, actuation delay %d; %d workload(s) skipped with %d"
            + " rows or fewer after cleaning%s%n",
        summary.workloads(),
        summary.steps(),
        step.toSeconds(),
        actuationDelay,
        issues.shortWorkloads(),
        org.pae.sim.trace.BitbrainsReader.MIN_ROWS_EXCLUSIVE,
        lenient ? "; " + issues.skipped() + " malformed line(s) skipped (--lenient)" : "");
    issues.examples().forEach(e -> stderr.println("skipped: " + e));
    stdout.flush();
    if (out != null) {
      writeOut(summary, trajectories, pae.settings());
      stderr.println(
          "wrote "
              + out.resolve("report.csv")
              + ", "
              + out.resolve("frontier.svg")
              + " and "
              + trajectories.size()
              + " workload plot(s)");
    }
    return 0;
  }

  private void writeOut(Replay.Summary summary, List<Trajectory> trajectories, Settings pae)
      throws IOException {
    Files.createDirectories(out);
    Files.writeString(out.resolve("report.csv"), ReportFormat.CSV.render(summary.figures()));
    List<String> verdict = Verdict.lines(summary.figures());
    Files.writeString(
        out.resolve("report.md"),
        ReportFormat.MARKDOWN.render(summary.figures())
            + (verdict.isEmpty() ? "" : "\n" + String.join("\n", verdict) + "\n"));
    SvgPlots.write(
        out.resolve("frontier.svg"),
        SvgPlots.frontier(
            summary.figures(),
            "Footprint against short_rate — "
                + trace
                + " ("
                + summary.workloads()
                + " workloads)"));
    String band = pae.forecastModel() + " forecast, q0.1–q0.9 one step ahead";
    for (Trajectory tr : trajectories) {
      String name = tr.workload().replaceAll("[^A-Za-z0-9._-]", "_");
      SvgPlots.write(
          out.resolve("workloads").resolve(name + ".svg"),
          SvgPlots.trajectory(tr.last(Duration.ofDays(plotDays)), band));
    }
  }

  private Set<Resource> resourceSet() {
    if (resources == null || resources.isEmpty()) {
      return EnumSet.allOf(Resource.class);
    }
    EnumSet<Resource> s = EnumSet.noneOf(Resource.class);
    resources.forEach(r -> s.add(Resource.parse(r)));
    return s;
  }

  private Duration step(Trace t) {
    return step(t, interval, lenient);
  }

  /**
   * The trace's sampling step: {@code interval} when given, else the format's, else the median
   * spacing of the first workload with two steps.
   */
  static Duration step(Trace t, String interval, boolean lenient) {
    if (interval != null) {
      return Settings.duration("--interval", interval);
    }
    Optional<Duration> fixed = t.step();
    if (fixed.isPresent()) {
      return fixed.get();
    }
    // a look at the first workload, counting its malformed lines apart from the run's own count
    Trace peek = t.format().open(t.root(), lenient ? ParseIssues.lenient() : ParseIssues.strict());
    try (Stream<WorkloadTrace> s = peek.workloads()) {
      boolean[] any = {false};
      WorkloadTrace first =
          s.peek(w -> any[0] = true)
              .filter(w -> w.steps() > 1)
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          any[0]
                              ? t.format().key()
                                  + ":"
                                  + t.root()
                                  + " has no workload with two steps to take the sampling step"
                                  + " from; give --interval"
                              : noWorkload(peek, peek.issues())));
      long[] diffs = new long[first.steps() - 1];
      for (int i = 0; i < diffs.length; i++) {
        diffs[i] = first.times()[i + 1] - first.times()[i];
      }
      Arrays.sort(diffs);
      return Duration.ofSeconds(diffs[diffs.length / 2]);
    }
  }

  /** Why a trace gave nothing to replay, naming it and what was dropped of it. */
  private static String noWorkload(Trace t, ParseIssues issues) {
    String why =
        issues.shortWorkloads() > 0
            ? issues.shortWorkloads()
                + " workload(s) had "
                + org.pae.sim.trace.BitbrainsReader.MIN_ROWS_EXCLUSIVE
                + " rows or fewer after cleaning"
            : issues.skipped() > 0
                ? issues.skipped() + " malformed line(s) or file(s) skipped (--lenient)"
                : "they hold no " + t.format().key() + " rows";
    return "no workload to replay in "
        + t.format().key()
        + ":"
        + t.root()
        + " ("
        + t.files().size()
        + " file(s) read): "
        + why;
  }

  /**
   * The replay's progress on stderr: workloads done, or in the fleet order (where all finish
   * together) the workloads read and then the workload-steps replayed.
   */
  private static final class ReplayProgress implements Replay.Progress {
    private final PrintWriter err;
    private final Progress shown;
    private final boolean fleet;
    private Progress stepping;
    private int read;
    private long steps;

    ReplayProgress(PrintWriter err, int total, boolean fleet) {
      this.err = err;
      this.fleet = fleet;
      this.shown =
          Progress.onStderr(
              err, fleet ? "simulate (reading)" : "simulate", "workloads", Math.max(0, total));
    }

    @Override
    public void done(int workloads, long steps) {
      if (!fleet) {
        shown.update(workloads);
      }
    }

    @Override
    public void read(int workloads) {
      read = workloads;
      shown.update(workloads);
    }

    @Override
    public void stepped(long done, long total) {
      steps = total;
      if (stepping == null) {
        shown.finish(read);
        stepping = Progress.onStderr(err, "simulate", "steps", total);
      }
      stepping.update(done);
    }

    void finish(int workloads) {
      if (!fleet) {
        shown.finish(workloads);
      } else if (stepping == null) {
        shown.finish(read);
      } else {
        stepping.finish(steps);
      }
    }
  }
}
