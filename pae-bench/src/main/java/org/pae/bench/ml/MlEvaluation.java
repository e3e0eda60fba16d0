package org.pae.bench.ml;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.pae.core.allocate.ThresholdPolicy;
import org.pae.core.context.ContextCalendar;
import org.pae.core.forecast.Forecaster;
import org.pae.core.forecast.ForecasterFactory;
import org.pae.core.forecast.ForecasterRegistry;
import org.pae.core.forecast.Tiers;
import org.pae.core.model.Resource;
import org.pae.core.model.SeriesKey;
import org.pae.core.model.Workload;
import org.pae.core.model.WorkloadId;
import org.pae.core.model.WorkloadKind;
import org.pae.core.settings.Settings;
import org.pae.ml.UsageSeries;
import org.pae.ml.cf.CfConfig;
import org.pae.ml.cf.CfFleet;
import org.pae.ml.cf.CfModel;
import org.pae.ml.lstm.LstmConfig;
import org.pae.ml.lstm.LstmFleet;
import org.pae.ml.lstm.LstmNetwork;
import org.pae.sim.policy.PolicyCatalog;
import org.pae.sim.replay.PolicyVariant;
import org.pae.sim.replay.Replay;
import org.pae.sim.report.ReportFormat;
import org.pae.sim.trace.WorkloadTrace;

/**
 * The learned models' evaluation on the real Bitbrains trace (issue 5), as a runnable main:
 *
 * <pre>
 * java -Dai.djl.offline=true -cp pae-bench/target/benchmarks.jar org.pae.bench.ml.MlEvaluation \
 *     COMMAND [--data ../shared/data/bitbrains-rnd] [--models target/ml] [--month 2013-7] ...
 * </pre>
 *
 * Commands: {@code split} (the hidden VMs), {@code train} (CF and LSTM per resource on the 350
 * training VMs of a month, saved under --models), {@code coldstart} (first day of each hidden VM:
 * footprint and short_rate of PAE with and without CF against provisioned and vpa), {@code
 * accuracy} (BENCHMARKS §2 rolling origin on the hidden VMs; {@code --compare} keeps only the
 * models it names), {@code replay} (BENCHMARKS §1: vpa, autopilot, issue I's ensemble and the full
 * ensemble with the LSTM and CF), {@code speed} (LSTM inference per tick for N workloads in one
 * batch, a replay's preview per VM-month, training time per epoch on every VM of a month) and
 * {@code tiers} (which model the full ensemble chooses where the replay's policy asks: one step
 * ahead, at 1 − the risk budget).
 */
public final class MlEvaluation {
  private static final List<Resource> RESOURCES = List.of(Resource.CPU, Resource.MEMORY);
  private final Map<String, String> options;
  private final PrintStream out = System.out;

  private MlEvaluation(Map<String, String> options) {
    this.options = options;
  }

  public static void main(String[] args) throws IOException {
    if (args.length == 0) {
      System.err.println(
          "usage: MlEvaluation split|train|coldstart|accuracy|replay|speed|tiers [--data DIR] [--models"
              + " DIR] [--month 2013-7] [--trained-on 2013-7] [--epochs N] [--stride N] [--only"
              + " cf|lstm] [--lstm cpu|memory] [--limit N] [--variants pae,full] [--baselines"
              + " vpa,autopilot|none] [--compare"
              + " lstm,cf,...] [--memory-budgets"
              + " 0.001,0.01] [--allocation threshold|choice] [--report-every N] [--workloads N]"
              + " [--preview-vms N]");
      System.exit(2);
    }
    Map<String, String> o = new HashMap<>();
    for (int i = 1; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --option value, got " + args[i]);
      }
      o.put(args[i].substring(2), args[i + 1]);
    }
    MlEvaluation e = new MlEvaluation(o);
    switch (args[0]) {
      case "split" -> e.split();
      case "train" -> e.train();
      case "coldstart" -> e.coldStart();
      case "accuracy" -> e.accuracy();
      case "replay" -> e.replay();
      case "speed" -> e.speed();
      case "tiers" -> e.tiers();
      default -> throw new IllegalArgumentException("unknown command " + args[0]);
    }
  }

  private Path data() {
    return Path.of(options.getOrDefault("data", "../shared/data/bitbrains-rnd"));
  }

  private Path models() {
    return Path.of(options.getOrDefault("models", "target/ml"));
  }

  private String month() {
    return options.getOrDefault("month", "2013-7");
  }

  private int integer(String key, int dflt) {
    return Integer.parseInt(options.getOrDefault(key, Integer.toString(dflt)));
  }

  private Month load(String month) {
    long t0 = System.nanoTime();
    Month m = Month.load(data(), month);
    System.err.printf(
        Locale.ROOT, "loaded %s: %d VMs in %.1f s%n", month, m.vms().size(), secs(t0));
    return m;
  }

  private static double secs(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  private void split() {
    Month m = load(month());
    out.println("hidden VMs (" + Month.HIDDEN + "): " + String.join(" ", m.hidden()));
  }

  private void train() throws IOException {
    Month m = load(month());
    List<WorkloadTrace> training = m.training();
    int epochs = integer("epochs", 3);
    Map<Resource, CfModel> cf = new EnumMap<>(Resource.class);
    String only = options.getOrDefault("only", "cf,lstm");
    for (Resource r : RESOURCES) {
      List<UsageSeries> series = Month.grid(training, r);
      long t0 = System.nanoTime();
      cf.put(r, CfModel.train(series, ContextCalendar.UTC, CfConfig.standard(1)));
      out.printf(
          Locale.ROOT,
          "cf %s: %d VMs, robust sigma of log residuals %.3f, %.2f s%n",
          r.key(),
          cf.get(r).workloads(),
          cf.get(r).sigma(),
          secs(t0));
      if (!only.contains("lstm") || !options.getOrDefault("lstm", "cpu,memory").contains(r.key())) {
        continue;
      }
      LstmConfig config =
          LstmConfig.fiveMinutes(epochs, 1).training(epochs, integer("stride", 6), 1);
      try (LstmNetwork net =
          LstmNetwork.train(
              series,
              ContextCalendar.UTC,
              config,
              e ->
                  out.printf(
                      Locale.ROOT,
                      "lstm %s epoch %d: pinball %.4f, %.1f s%n",
                      r.key(),
                      e.index(),
                      e.loss(),
                      e.time().toMillis() / 1000.0))) {
        net.save(models().resolve("lstm-" + r.key()));
      }
    }
    if (only.contains("cf")) {
      CfFleet.save(cf, models().resolve("cf"));
    }
    out.println("saved under " + models().toAbsolutePath());
  }

  private Map<Resource, CfModel> cfModels() throws IOException {
    return CfFleet.load(models().resolve("cf"));
  }

  private PerResource lstm() throws IOException {
    return lstm(LstmFleet::serving);
  }

  private PerResource lstm(BiFunction<LstmNetwork, ContextCalendar, LstmFleet> fleet)
      throws IOException {
    Map<Resource, ForecasterFactory> m = new EnumMap<>(Resource.class);
    for (Resource r : RESOURCES) {
      m.put(
          r,
          fleet.apply(LstmNetwork.load(models().resolve("lstm-" + r.key())), ContextCalendar.UTC));
    }
    return new PerResource(m);
  }

  /** A registry holding the learned models as built here, beside the standard ones. */
  private static ForecasterRegistry registry(ForecasterFactory cf, ForecasterFactory lstm) {
    ForecasterRegistry r = ForecasterRegistry.standard();
    r.register(CfFleet.NAME, p -> cf);
    if (lstm != null) {
      r.register(LstmFleet.NAME, p -> lstm);
    }
    return r;
  }

  private static PolicyVariant pae(String label, ForecasterFactory models) {
    Settings s = Settings.load(ForecasterRegistry.standard());
    ThresholdPolicy.Setup threshold = (ThresholdPolicy.Setup) s.policies().get("threshold");
    return new PolicyVariant(
        label,
        view -> new ThresholdPolicy(label, models, threshold.resources(), false),
        s.bounds());
  }

  /** The CF models of {@code --models}, with the side features of {@code workloads}. */
  private CfFleet cf(List<WorkloadTrace> workloads) throws IOException {
    Map<WorkloadId, Set<String>> features = Month.featureMap(workloads);
    return new CfFleet(cfModels(), ContextCalendar.UTC, id -> features.getOrDefault(id, Set.of()));
  }

  private void coldStart() throws IOException {
    Month m = load(month());
    List<WorkloadTrace> held = m.held();
    CfFleet cf = cf(held);
    PerResource lstm = lstm();
    ForecasterRegistry r = registry(cf, lstm);
    ForecasterFactory tiers = Tiers.factory(r, Map.of("models", "cf,ensemble"));
    ForecasterFactory full = Tiers.factory(r, Map.of("models", "cf,ensemble,lstm"));
    PolicyCatalog catalog = new PolicyCatalog(Map.of(), ForecasterRegistry.standard());
    List<PolicyVariant> variants = new ArrayList<>(catalog.parse("provisioned,vpa"));
    variants.add(pae("pae", r.factory("ensemble", Map.of())));
    variants.add(pae("pae-cf", cf));
    variants.add(pae("pae-tiers", tiers));
    variants.add(pae("pae-full", full));
    List<WorkloadTrace> firstDays = held.stream().map(w -> Month.first(w, 86_400)).toList();
    Replay replay =
        new Replay(
            variants,
            Replay.Options.of(Month.STEP, Set.copyOf(RESOURCES), r.factory("ensemble", Map.of()))
                .previewing(List.of(lstm)));
    Replay.Summary s = replay.run(firstDays.stream(), x -> {}, (n, steps) -> {});
    out.println(
        "cold start: the first day of each of the "
            + s.workloads()
            + " hidden VMs of "
            + m.name()
            + " ("
            + s.steps()
            + " VM-steps); CF trained on the other 350 VMs of "
            + options.getOrDefault("trained-on", "2013-7"));
    out.print(ReportFormat.TABLE.render(s.figures()));
    for (Resource res : RESOURCES) {
      List<Double> priorRatio = new ArrayList<>();
      List<Double> provisionedRatio = new ArrayList<>();
      for (WorkloadTrace w : firstDays) {
        double mean =
            Arrays.stream(w.series(res).usage()).filter(v -> !Double.isNaN(v)).average().orElse(0);
        if (!(mean > 0)) {
          continue;
        }
        CfModel.Prior p = cf.prior(Workload.of(w.id(), WorkloadKind.VM), res).orElseThrow();
        priorRatio.add(Math.abs(Math.log(p.level() / mean)));
        provisionedRatio.add(Math.abs(Math.log(w.series(res).allocation()[0] / mean)));
      }
      out.printf(
          Locale.ROOT,
          "%s: median |log(start / first-day mean usage)|: CF prior %.2f (×%.1f), provisioned %.2f"
              + " (×%.1f) over %d VMs%n",
          res.key(),
          median(priorRatio),
          Math.exp(median(priorRatio)),
          median(provisionedRatio),
          Math.exp(median(provisionedRatio)),
          priorRatio.size());
    }
  }

  private static double median(List<Double> v) {
    List<Double> s = new ArrayList<>(v);
    s.sort(null);
    return s.isEmpty() ? Double.NaN : s.get(s.size() / 2);
  }

  private void accuracy() throws IOException {
    Month m = load(month());
    List<WorkloadTrace> held = m.held();
    int limit = integer("limit", held.size());
    held = held.subList(0, Math.min(limit, held.size()));
    CfFleet cf = cf(held);
    ForecasterFactory lstm = lstm();
    ForecasterFactory rawLstm = lstm(LstmFleet::uncalibrated);
    ForecasterRegistry r = registry(cf, lstm);
    for (Resource res : RESOURCES) {
      Map<String, ForecasterFactory> models = new LinkedHashMap<>();
      models.put("naive", r.factory("naive", Map.of()));
      models.put("seasonal-naive", r.factory("seasonal-naive", Map.of()));
      models.put("ensemble (issue I)", r.factory("ensemble", Map.of()));
      models.put("lstm", lstm);
      models.put("lstm (uncalibrated)", rawLstm);
      models.put("cf", cf);
      models.put("tiers", Tiers.factory(r, Map.of("models", "ensemble,lstm,cf")));
      String only = options.get("compare");
      if (only != null) {
        models.keySet().retainAll(List.of(only.split(",")));
      }
      long t0 = System.nanoTime();
      Map<String, Accuracy.Score[]> scores = Accuracy.run(Month.grid(held, res), res, models);
      Accuracy.print(
          out,
          String.format(
              Locale.ROOT,
              "%s %s, %d hidden VMs, rolling origin hourly after 7 days (%.0f s)",
              m.name(),
              res.key(),
              held.size(),
              secs(t0)),
          scores);
    }
  }

  /**
   * BENCHMARKS §1 on every VM of a month (or the first --limit): vpa and autopilot (--baselines),
   * issue I's ensemble ({@code pae}) and the full ensemble ({@code full}: tiers of issue I's
   * ensemble, the LSTM and CF), each of PAE's at memory risk budgets 0.1 % and 1 % (CPU 2 %), with
   * the policy {@code pae simulate} uses, but issue I's ensemble refitted weekly ({@code
   * forecast.ensemble.refit-every=2016}, where {@code pae simulate} refits daily), each refit a
   * full fit ({@code reselect-every=1}), as when the learned models' figures were measured. The
   * LSTM sees each VM's series ahead ({@link org.pae.core.forecast.SeriesPreview}) and batches its
   * causal windows over time (only when the full ensemble is replayed: under a fleet-wide policy
   * every policy replays the whole fleet on its own, previews included). CF's known profiles are
   * used only when trained on an earlier month; otherwise every VM starts from its features.
   */
  private void replay() throws IOException {
    Month m = load(month());
    CfFleet cf = cf(m.vms());
    String trainedOn = options.getOrDefault("trained-on", "2013-7");
    boolean earlier = YearMonth.parse(pad(trainedOn)).isBefore(YearMonth.parse(pad(m.name())));
    PerResource lstm = lstm();
    ForecasterRegistry r = registry(earlier ? cf : cf.asNew(), lstm);
    PolicyCatalog catalog = new PolicyCatalog(Map.of(), r);
    String baselines = options.getOrDefault("baselines", "vpa,autopilot");
    List<PolicyVariant> variants =
        new ArrayList<>(baselines.equals("none") ? List.of() : catalog.parse(baselines));
    String budgets = options.getOrDefault("memory-budgets", "0.001,0.01");
    List<String> kinds = List.of(options.getOrDefault("variants", "pae,full").split(","));
    for (String kind : kinds) {
      for (String b : budgets.split(",")) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("policy.memory.risk-budget", b);
        p.put("allocate.policy", options.getOrDefault("allocation", "threshold"));
        if (kind.equals("full")) {
          p.put("model", "tiers");
          p.put("forecast.tiers.models", "ensemble,lstm,cf");
          p.put("forecast.tiers.ensemble.refit-every", "2016");
          p.put("forecast.tiers.ensemble.reselect-every", "1");
        } else if (kind.equals("pae")) {
          p.put("forecast.ensemble.refit-every", "2016");
          p.put("forecast.ensemble.reselect-every", "1");
        } else {
          throw new IllegalArgumentException("--variants takes pae and/or full, not " + kind);
        }
        PolicyVariant v = catalog.variant("pae", p);
        variants.add(new PolicyVariant(kind + "[memory " + b + "]", v.policy(), v.bounds()));
      }
    }
    int threads = integer("threads", 1);
    if (threads != 1) {
      throw new IllegalArgumentException(
          "the LSTM's previews are not shared across threads: run the replay with --threads 1");
    }
    Replay replay =
        new Replay(
            variants,
            Replay.Options.of(Month.STEP, Set.copyOf(RESOURCES), r.factory("ensemble", Map.of()))
                .previewing(kinds.contains("full") ? List.of(lstm) : List.of()));
    long t0 = System.nanoTime();
    List<WorkloadTrace> vms = m.vms();
    int limit = integer("limit", vms.size());
    int every = integer("report-every", 100);
    Replay.Totals sofar = new Replay.Totals(variants.stream().map(PolicyVariant::label).toList());
    Replay.Summary s =
        replay.run(
            vms.subList(0, Math.min(limit, vms.size())).stream(),
            sofar::add,
            (n, steps) -> {
              if (n % 25 == 0) {
                System.err.printf(Locale.ROOT, "%d VMs, %.0f s%n", n, secs(t0));
              }
              if (n % every == 0) {
                System.err.printf(
                    Locale.ROOT,
                    "after the first %d VMs (%.0f s):%n%s",
                    n,
                    secs(t0),
                    ReportFormat.TABLE.render(sofar.figures()));
              }
            });
    double seconds = secs(t0);
    out.printf(
        Locale.ROOT,
        "replay %s: %d VMs, %d steps, %.0f s (%.1f s per VM, %d policies); models trained on the"
            + " 350 training VMs of %s; CF %s; LSTM: %d samples answered from previews, %d live"
            + " batches%n",
        m.name(),
        s.workloads(),
        s.steps(),
        seconds,
        seconds / s.workloads(),
        variants.size(),
        trainedOn,
        earlier ? "known VMs from their profile" : "every VM started from its features",
        lstm.previewed(),
        lstm.batches());
    out.print(ReportFormat.TABLE.render(s.figures()));
  }

  /**
   * Which member of the full ensemble (tiers of issue I's ensemble, the LSTM and CF) answers what
   * PAE's policy asks each step: the quantile at 1 − the default risk budget (memory 0.999, CPU
   * 0.98) one step ahead, on the hidden VMs of the month: the share of steps per member.
   */
  private void tiers() throws IOException {
    Month m = load(month());
    List<WorkloadTrace> held = m.held();
    CfFleet cf = cf(held);
    PerResource lstm = lstm();
    ForecasterRegistry r = registry(cf.asNew(), lstm);
    ForecasterFactory full = Tiers.factory(r, Map.of("models", "ensemble,lstm,cf"));
    ThresholdPolicy.Setup threshold =
        (ThresholdPolicy.Setup)
            Settings.load(ForecasterRegistry.standard()).policies().get("threshold");
    for (Resource res : RESOURCES) {
      double q = threshold.resources().get(res).quantile();
      Map<String, Long> chosen = new java.util.TreeMap<>();
      long steps = 0;
      for (UsageSeries u : Month.grid(held, res)) {
        SeriesKey key = new SeriesKey(u.workload(), res);
        Instant[] at = new Instant[u.values().length];
        Arrays.setAll(at, u::time);
        lstm.preview(key, at, u.values());
        Tiers f = (Tiers) full.create(key);
        for (int i = 0; i < u.values().length; i++) {
          if (Double.isNaN(u.values()[i])) {
            continue;
          }
          f.observe(at[i], u.values()[i]);
          f.track(Month.STEP, q);
          chosen.merge(f.chosen(Month.STEP), 1L, Long::sum);
          steps++;
        }
        lstm.forget(key);
      }
      StringBuilder line = new StringBuilder();
      for (Map.Entry<String, Long> e : chosen.entrySet()) {
        line.append(
            String.format(Locale.ROOT, " %s %.1f %%", e.getKey(), 100.0 * e.getValue() / steps));
      }
      out.printf(
          Locale.ROOT,
          "%s %s, %d hidden VMs, q %.3f at 5 min, chosen over %d steps:%s%n",
          m.name(),
          res.key(),
          held.size(),
          q,
          steps,
          line);
    }
  }

  /** {@code 2013-7} as {@code 2013-07}. */
  private static String pad(String month) {
    int dash = month.indexOf('-');
    return dash == month.length() - 2
        ? month.substring(0, dash + 1) + "0" + month.substring(dash + 1)
        : month;
  }

  private void speed() throws IOException {
    Month m = load(month());
    int workloads = integer("workloads", 10_000);
    List<UsageSeries> cpu = Month.grid(m.vms(), Resource.CPU);
    try (LstmNetwork net = LstmNetwork.load(models().resolve("lstm-cpu"))) {
      LstmFleet fleet = LstmFleet.serving(net, ContextCalendar.UTC);
      List<Forecaster> series = new ArrayList<>(workloads);
      for (int i = 0; i < workloads; i++) {
        series.add(fleet.create(new SeriesKey(WorkloadId.of("w" + i), Resource.CPU)));
      }
      int window = net.config().window();
      int ticks = integer("ticks", 20);
      long[] times = new long[ticks];
      for (int t = 0; t < window + ticks; t++) {
        long t0 = System.nanoTime();
        for (int i = 0; i < workloads; i++) {
          UsageSeries u = cpu.get(i % cpu.size());
          double v = u.values()[(t + i) % u.values().length];
          series.get(i).observe(u.time(t), Double.isNaN(v) ? 0 : v);
        }
        for (Forecaster f : series) {
          f.track(Duration.ofHours(1), 0.99);
          f.quantile(Duration.ofHours(1), 0.99);
        }
        if (t >= window) {
          times[t - window] = System.nanoTime() - t0;
        }
      }
      Arrays.sort(times);
      out.printf(
          Locale.ROOT,
          "lstm inference: %d workloads per tick in one batch (%d batches): median %.1f ms per"
              + " tick (%.1f µs per workload), fastest %.1f ms, slowest %.1f ms over %d ticks%n",
          workloads,
          fleet.batches(),
          times[ticks / 2] / 1e6,
          times[ticks / 2] / 1e3 / workloads,
          times[0] / 1e6,
          times[ticks - 1] / 1e6,
          ticks);
      int vms = Math.min(integer("preview-vms", 20), cpu.size());
      long windows = 0;
      long t0 = System.nanoTime();
      for (UsageSeries u : cpu.subList(0, vms)) {
        Instant[] at = new Instant[u.values().length];
        Arrays.setAll(at, u::time);
        SeriesKey key = new SeriesKey(u.workload(), Resource.CPU);
        fleet.preview(key, at, u.values());
        fleet.forget(key);
        windows += Arrays.stream(u.values()).filter(v -> !Double.isNaN(v)).count();
      }
      double s = secs(t0);
      out.printf(
          Locale.ROOT,
          "lstm preview (a replay's causal windows of one VM in batches of %d): %d VMs × 1 month,"
              + " %d windows in %.1f s: %.2f s per VM-month, %.1f µs per window%n",
          LstmFleet.PREVIEW_BATCH,
          vms,
          windows,
          s,
          s / vms,
          s * 1e6 / windows);
    }
    if (integer("epochs", 1) == 0) {
      return;
    }
    int epochs = integer("epochs", 1);
    LstmConfig config = LstmConfig.fiveMinutes(epochs, 1).training(epochs, integer("stride", 6), 1);
    try (LstmNetwork n =
        LstmNetwork.train(
            cpu,
            ContextCalendar.UTC,
            config,
            e ->
                out.printf(
                    Locale.ROOT,
                    "lstm training on all %d VMs × 1 month (%s, window %d, stride %d, batch %d):"
                        + " epoch %d %.1f s, pinball %.4f%n",
                    cpu.size(),
                    m.name(),
                    config.window(),
                    config.stride(),
                    config.batchSize(),
                    e.index(),
                    e.time().toMillis() / 1000.0,
                    e.loss()))) {
      out.println("trained " + n.config());
    }
  }
}
