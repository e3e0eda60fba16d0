package org.pae.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.IntConsumer;
import java.util.stream.Stream;
import org.pae.core.model.Resource;
import org.pae.core.registry.Registry;
import org.pae.core.settings.Settings;
import org.pae.sim.forecast.EvalEngine;
import org.pae.sim.forecast.EvalPlan;
import org.pae.sim.forecast.ForecastEval;
import org.pae.sim.trace.ParseIssues;
import org.pae.sim.trace.Trace;
import org.pae.sim.trace.TraceFormat;
import org.pae.sim.trace.WorkloadTrace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pae forecast-eval}: forecast accuracy by rolling origin (BENCHMARKS.md §2). */
@Command(
    name = "forecast-eval",
    mixinStandardHelpOptions = true,
    description =
        "Forecast accuracy by rolling origin: after a history period, every hour, each model"
            + " forecasts 1, 12 and 288 steps ahead at quantiles 0.5, 0.9, 0.99. Writes CSV"
            + " model,resource,horizon,mase,pinball50,pinball90,pinball99,cov50,cov90,cov99.")
final class ForecastEvalCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--trace",
      required = true,
      paramLabel = "FORMAT:PATH",
      description =
          "The trace, e.g. bitbrains:../shared/data/bitbrains-rnd/2013-7, synthetic:N for N"
              + " made-up workloads, or prometheus:URL?memory=PROMQL[&cpu=PROMQL]... for a"
              + " fleet's past in Prometheus (docs/vm-managers.md).")
  String trace;

  @Option(names = "--limit", paramLabel = "N", description = "Only the first N workloads.")
  Integer limit;

  @Option(
      names = "--models",
      split = ",",
      defaultValue = "naive,seasonal-naive,arima,ets,ensemble",
      description = "Registered models to evaluate (default ${DEFAULT-VALUE}).")
  List<String> models;

  @Option(
      names = "--resources",
      split = ",",
      defaultValue = "cpu,memory",
      description = "Resources (default ${DEFAULT-VALUE}).")
  List<String> resources;

  @Option(
      names = "--history",
      description = "The history period (default 12h for planetlab, else 7d).")
  String history;

  @Option(
      names = "--every",
      defaultValue = "1h",
      description = "Spacing of forecast origins (default ${DEFAULT-VALUE}).")
  String every;

  @Option(
      names = "--interval",
      description = "The trace's sampling step (default: the format's, else 5m).")
  String interval;

  @Option(
      names = "--set",
      split = ",",
      paramLabel = "forecast.MODEL.KEY=VALUE",
      description = "Model parameters, e.g. forecast.arima.max-p=3.")
  List<String> set;

  @Option(names = "--threads", defaultValue = "1", description = "Workloads at once.")
  int threads;

  @Option(
      names = "--engine",
      defaultValue = EvalEngine.LOCAL,
      paramLabel = "NAME",
      description =
          "Where the workloads are scored: local (this machine's threads, the default) or spark"
              + " (Spark tasks partitioned by workload; needs pae-spark.jar and Spark on the class"
              + " path, see docs/spark.md).")
  String engine;

  @Option(names = "--out", description = "Write the CSV here instead of standard output.")
  Path out;

  @Option(
      names = "--series-out",
      paramLabel = "FILE",
      description =
          "Also write the evaluated series, as read and cleaned, as CSV"
              + " workload,resource,timestamp,usage (timestamp in seconds): the input of"
              + " tools/statsmodels_eval.py, so that the outside peer sees the same splits.")
  Path seriesOut;

  @Option(
      names = "--slots-out",
      paramLabel = "FILE",
      description =
          "Also write the coverage per five-minute slot of the hour the target falls in, as CSV"
              + " model,resource,horizon,slot,forecasts,cov50,cov90,cov99. Hourly origins put"
              + " every 12- and 288-step target in one slot; with --every 5m every slot is"
              + " scored.")
  Path slotsOut;

  @Option(
      names = "--floors-out",
      paramLabel = "FILE",
      description =
          "Also write, per resource and horizon, the least coverage a calibrated forecaster that"
              + " never forecasts below 0 can reach on the scored actuals (an actual at 0 is at or"
              + " below every such forecast), as CSV"
              + " resource,horizon,forecasts,zero_share,floor50,floor90,floor99.")
  Path floorsOut;

  @Override
  public Integer call() throws IOException, InterruptedException {
    Trace t = TraceFormat.open(trace, ParseIssues.strict());
    Duration step =
        interval != null
            ? Settings.duration("--interval", interval)
            : t.step().orElse(Duration.ofMinutes(5));
    Duration hist =
        history != null
            ? Settings.duration("--history", history)
            : t.format() == TraceFormat.PLANETLAB ? Duration.ofHours(12) : Duration.ofDays(7);
    Set<Resource> rs = EnumSet.noneOf(Resource.class);
    resources.forEach(r -> rs.add(Resource.parse(r)));
    double[] levels = {0.5, 0.9, 0.99};
    EvalEngine evalEngine =
        Engines.find(
            Registry.discovered(ForecastEvalCommand.class.getClassLoader()),
            EvalEngine.KIND,
            engine);
    if (seriesOut != null && !EvalEngine.LOCAL.equals(engine)) {
      throw new IllegalArgumentException(
          "--series-out writes every series from this machine: use it with --engine local");
    }
    if (limit != null && limit < 1) {
      throw new IllegalArgumentException("--limit takes N >= 1 workloads; got " + limit);
    }
    EvalPlan plan =
        new EvalPlan(
            trace,
            limit == null ? 0 : limit,
            overrides(),
            new ForecastEval.Options(
                models,
                new int[] {1, 12, 288},
                levels,
                hist,
                Settings.duration("--every", every),
                rs,
                threads),
            step);
    ForecastEval eval = plan.evaluation();
    int expected = t.expectedWorkloads().orElse(0);
    Progress progress =
        Progress.onStderr(
            spec.commandLine().getErr(),
            "forecast-eval",
            "workloads",
            limit == null ? expected : Math.min(limit, expected > 0 ? expected : limit));
    int[] evaluated = {0};
    IntConsumer done =
        n -> {
          evaluated[0] = n;
          progress.update(n);
        };
    if (seriesOut != null) {
      try (Stream<WorkloadTrace> all = t.workloads();
          Writer series = Files.newBufferedWriter(seriesOut)) {
        series.write("workload,resource,timestamp,usage\n");
        eval.run(plan.limited(all).peek(w -> writeSeries(w, rs, series)), done);
      }
    } else {
      evalEngine.run(plan, eval, done);
    }
    progress.finish(evaluated[0]);
    List<ForecastEval.Row> rows = eval.rows();
    if (slotsOut != null) {
      try (Writer w = Files.newBufferedWriter(slotsOut)) {
        ForecastEval.writeSlotsCsv(eval.slotRows(), levels, w);
      }
    }
    if (floorsOut != null) {
      try (Writer w = Files.newBufferedWriter(floorsOut)) {
        ForecastEval.writeFloorsCsv(eval.floorRows(), levels, w);
      }
    }
    if (out != null) {
      try (Writer w = Files.newBufferedWriter(out)) {
        ForecastEval.writeCsv(rows, levels, w);
      }
    } else {
      PrintWriter w = spec.commandLine().getOut();
      ForecastEval.writeCsv(rows, levels, w);
      w.flush();
    }
    return 0;
  }

  private static void writeSeries(WorkloadTrace w, Set<Resource> rs, Writer out) {
    try {
      for (Resource r : w.resources()) {
        if (!rs.contains(r)) {
          continue;
        }
        double[] u = w.series(r).usage();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < u.length; i++) {
          b.append(w.id())
              .append(',')
              .append(r.key())
              .append(',')
              .append(w.times()[i])
              .append(',')
              .append(u[i])
              .append('\n');
        }
        out.write(b.toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the series: " + e.getMessage(), e);
    }
  }

  /** The models' parameters of {@code --set}, as settings keys over the defaults. */
  private Map<String, String> overrides() {
    Map<String, String> o = new HashMap<>();
    if (set == null) {
      return o;
    }
    for (String kv : set) {
      int eq = kv.indexOf('=');
      String[] key = eq > 0 ? kv.substring(0, eq).trim().split("\\.") : new String[0];
      if (key.length != 3 || !key[0].equals("forecast")) {
        throw new IllegalArgumentException(
            "--set takes forecast.MODEL.KEY=VALUE, e.g. forecast.arima.max-p=3; got '" + kv + "'");
      }
      o.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
    }
    return o;
  }
}
