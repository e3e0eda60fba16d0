package org.pae.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.pae.core.anomaly.AnomalyDetectorFactory;
import org.pae.core.anomaly.AnomalyRegistry;
import org.pae.core.forecast.ForecasterFactory;
import org.pae.core.forecast.ForecasterRegistry;
import org.pae.sim.nab.NabCorpus;
import org.pae.sim.nab.NabEvaluation;
import org.pae.sim.nab.NabProfile;
import org.pae.sim.nab.NabScorer;
import org.pae.sim.nab.NabSeries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pae anomaly-eval}: the Numenta Anomaly Benchmark (BENCHMARKS.md §4). */
@Command(
    name = "anomaly-eval",
    mixinStandardHelpOptions = true,
    description =
        "Runs an anomaly detector over every file of the Numenta Anomaly Benchmark, values in order"
            + " (one parameter set for all files, no labels read), writes NAB's results layout"
            + " OUT/<name>/<category>/<name>_<file>.csv, scores it as NAB's scorer does and prints"
            + " the standard, reward_low_FP_rate and reward_low_FN_rate scores beside the"
            + " published ones.")
final class AnomalyEvalCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--nab",
      required = true,
      paramLabel = "DIR",
      description = "A copy of NAB: data/, labels/, config/, results/final_results.json.")
  Path nab;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Results go here.")
  Path out;

  @Option(
      names = "--detector",
      defaultValue = AnomalyRegistry.SURPRISE,
      description = "The registered detector (default ${DEFAULT-VALUE}).")
  String detector;

  @Option(
      names = "--forecaster",
      defaultValue = "ensemble",
      description = "The registered forecaster it reads (default ${DEFAULT-VALUE}).")
  String forecaster;

  @Option(
      names = "--name",
      defaultValue = "pae",
      description = "The detector's name in the results layout (default ${DEFAULT-VALUE}).")
  String name;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description =
          "Parameters: anomaly.DETECTOR.KEY=VALUE or forecast.MODEL.KEY=VALUE, e.g."
              + " anomaly.surprise.horizons=1,12; repeat it for several.")
  List<String> set;

  @Option(names = "--threads", defaultValue = "2", description = "Files at once.")
  int threads;

  @Override
  public Integer call() throws InterruptedException {
    if (!NabCorpus.present(nab)) {
      throw new IllegalArgumentException(
          "no NAB copy at " + nab + " (expected labels/combined_windows.json below it)");
    }
    Map<String, Map<String, String>> anomaly = new HashMap<>();
    anomaly.put(AnomalyRegistry.SURPRISE, new HashMap<>(NabEvaluation.SURPRISE));
    Map<String, Map<String, String>> forecast = new HashMap<>();
    for (String kv : set == null ? List.<String>of() : set) {
      int eq = kv.indexOf('=');
      String[] key = eq > 0 ? kv.substring(0, eq).trim().split("\\.") : new String[0];
      Map<String, Map<String, String>> section =
          key.length != 3
              ? null
              : key[0].equals("anomaly") ? anomaly : key[0].equals("forecast") ? forecast : null;
      if (section == null) {
        throw new IllegalArgumentException(
            "--set takes anomaly.DETECTOR.KEY=VALUE or forecast.MODEL.KEY=VALUE; got '" + kv + "'");
      }
      section
          .computeIfAbsent(key[1], m -> new HashMap<>())
          .put(key[2], kv.substring(eq + 1).trim());
    }
    ForecasterFactory forecasts =
        ForecasterRegistry.standard()
            .factory(forecaster, forecast.getOrDefault(forecaster, Map.of()));
    AnomalyDetectorFactory detectors =
        AnomalyRegistry.standard()
            .factory(detector, anomaly.getOrDefault(detector, Map.of()), forecasts);
    NabCorpus corpus = NabCorpus.open(nab);
    List<NabSeries> series = new ArrayList<>();
    for (String f : corpus.files()) {
      series.add(corpus.series(f));
    }
    long start = System.nanoTime();
    List<double[]> scores = NabEvaluation.run(series, detectors, name, out, threads);
    double seconds = (System.nanoTime() - start) / 1e9;
    Map<String, Map<String, Double>> published = corpus.published();
    PrintWriter w = spec.commandLine().getOut();
    w.printf(
        "%s over %d NAB files (%d rows) in %.1f s; results in %s%n",
        name,
        series.size(),
        series.stream().mapToInt(NabSeries::size).sum(),
        seconds,
        out.resolve(name));
    w.printf("%-22s", "detector");
    for (NabProfile p : corpus.profiles()) {
      w.printf(" %20s", p.name());
    }
    w.println();
    w.printf("%-22s", name);
    for (NabProfile p : corpus.profiles()) {
      NabScorer.Result r = NabScorer.score(series, scores, p);
      w.printf(" %20s", String.format("%.2f (t=%.4f)", r.normalised(), r.threshold()));
    }
    w.println();
    published.entrySet().stream()
        .sorted((a, b) -> Double.compare(standard(b.getValue()), standard(a.getValue())))
        .forEach(
            e -> {
              w.printf("%-22s", e.getKey());
              for (NabProfile p : corpus.profiles()) {
                Double v = e.getValue().get(p.name());
                w.printf(" %20s", v == null ? "-" : String.format("%.2f", v));
              }
              w.println();
            });
    w.flush();
    return 0;
  }

  private static double standard(Map<String, Double> scores) {
    return scores.getOrDefault("standard", Double.NEGATIVE_INFINITY);
  }
}
