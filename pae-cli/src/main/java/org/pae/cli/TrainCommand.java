package org.pae.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.pae.core.config.SettingsSource;
import org.pae.core.config.Values;
import org.pae.core.forecast.Trainer;
import org.pae.core.ports.HistoryStore;
import org.pae.core.ports.past.HistoryParts;
import org.pae.core.registry.Kind;
import org.pae.core.registry.Registry;
import org.pae.sim.trace.TraceFormat;
import org.pae.sim.trace.TraceParts;
import org.pae.store.StoreException;
import org.pae.store.StoreParts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pae train}: a learned model trained from scratch on a trace or a history store and saved
 * where the daemons load it ({@code forecast.<model>.model = DIR}). The trainers come from pae-ml
 * (this machine) and pae-spark ({@code --engine spark}), found in the registry at run time.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description =
        "Trains a learned model (cf) on a trace or a history store and saves it in --out, where"
            + " forecast.<model>.model = DIR loads it; a model already there is replaced only once"
            + " the new one is complete. Needs pae-ml's jar on the class path (and pae-spark's"
            + " with Spark's for --engine spark: docs/spark.md).")
final class TrainCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "NAME",
      description = "The model to train: cf (collaborative filtering).")
  String model;

  @Option(
      names = "--trace",
      paramLabel = "FORMAT:PATH",
      description =
          "Train on a trace, e.g. bitbrains:../shared/data/bitbrains-rnd/2013-7 or synthetic:N"
              + " (the formats simulate reads); with --format, just the PATH.")
  String trace;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "The format of --trace PATH (bitbrains, planetlab, csv, ...).")
  String format;

  @Option(
      names = "--store",
      paramLabel = "DIR|FILE|URL",
      description =
          "Train on a history store: pae run's data folder (its history.duckdb), a DuckDB file, or"
              + " a jdbc:postgresql:// (or postgresql://) URL as history.location takes it. The"
              + " store must not be open in a running pae run (DuckDB has one writer).")
  String store;

  @Option(
      names = "--history",
      paramLabel = "DURATION",
      description =
          "With --store: train on the last DURATION (e.g. 28d); default: the whole history the"
              + " store keeps (history.downsampled-retention).")
  String history;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Where the model goes: the folder forecast.<model>.model names.")
  Path out;

  @Option(
      names = "--settings",
      paramLabel = "FILE",
      description =
          "A settings file: its train.* keys set the model (pae-defaults.properties); with"
              + " --store its history.* keys the store's retention. Other keys are left to the"
              + " commands that read them.")
  Path settingsFile;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "A setting over the file's, e.g. train.cf.rank=8; repeat it for several.")
  List<String> set;

  @Option(
      names = "--engine",
      defaultValue = Trainer.LOCAL,
      paramLabel = "NAME",
      description =
          "Where it trains: local (this machine's threads, the default) or spark (Spark tasks"
              + " partitioned by workload; needs pae-spark.jar and Spark on the class path, see"
              + " docs/spark.md). Both give the same model.")
  String engine;

  @Option(
      names = "--threads",
      defaultValue = "1",
      description = "Parts read at once (local), or local[N] for a Spark session without a master.")
  int threads;

  @Override
  public Integer call() throws IOException {
    Map<String, String> keys = SettingsFile.read(settingsFile);
    keys.putAll(sets());
    Map<String, String> trainKeys = new HashMap<>();
    keys.forEach(
        (k, v) -> {
          if (k.trim().startsWith("train.")) {
            trainKeys.put(k, v);
          }
        });
    SettingsSource settings = SettingsSource.of(trainKeys);
    Trainer.Training training = trainer().prepare(settings);
    int perPart =
        (int) Values.whole("train.workloads-per-part", settings.get("train.workloads-per-part"), 1);
    settings.refuseUnread();
    HistoryParts parts = parts(SettingsSource.of(keys), perPart);
    checkOut();
    int total = parts.parts();
    PrintWriter err = spec.commandLine().getErr();
    Progress progress = Progress.onStderr(err, "train", "parts", total);
    int[] done = {0};
    String summary;
    try {
      summary =
          training.run(
              new Trainer.Request(
                  parts,
                  out.toString(),
                  threads,
                  n -> {
                    done[0] = n;
                    progress.update(n);
                  }));
    } catch (StoreException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    progress.finish(done[0]);
    PrintWriter w = spec.commandLine().getOut();
    w.println(summary);
    w.flush();
    return 0;
  }

  /** The trainer of {@code --model} on {@code --engine}; refused saying what is missing. */
  private Trainer trainer() {
    Registry registry = Registry.discovered(TrainCommand.class.getClassLoader());
    Kind<Trainer> kind = Trainer.on(engine);
    if (registry.names(kind).isEmpty()) {
      if (Engines.SPARK.equals(engine)) {
        throw Engines.notOnClassPath("the spark engine", "train --engine spark");
      }
      if (Trainer.LOCAL.equals(engine)) {
        throw new IllegalArgumentException(
            "no trainer on the class path: the learned models come with pae-ml's jar, which"
                + " ./pae train puts there (or java -cp \"pae.jar:pae-ml.jar:...\" org.pae.cli.Main"
                + " train ..., docs/forecasting.md)");
      }
      throw new IllegalArgumentException(
          "unknown engine '" + engine + "'; known: " + Trainer.LOCAL + ", " + Engines.SPARK);
    }
    return registry.get(kind, model);
  }

  /** The history to train on: the trace or the store. */
  private HistoryParts parts(SettingsSource settings, int perPart) {
    if ((trace == null) == (store == null)) {
      throw new IllegalArgumentException("give the history to train on: --trace or --store");
    }
    if (trace != null) {
      if (history != null) {
        throw new IllegalArgumentException(
            "--history is for --store; a trace is read whole (cut it first to train on less)");
      }
      String spec = format == null ? trace : format + ":" + trace;
      if (Engines.SPARK.equals(engine) && spec.startsWith(TraceFormat.PARQUET.key() + ":")) {
        throw new IllegalArgumentException(
            "train --engine spark does not read parquet traces yet (its tasks would each start a"
                + " Spark session): train with --engine local, or on the trace the table was"
                + " converted from");
      }
      TraceParts t = new TraceParts(spec, perPart);
      t.parts();
      return t;
    }
    if (format != null) {
      throw new IllegalArgumentException("--format is for --trace");
    }
    HistoryStore.Retention retention =
        new HistoryStore.Retention(
            settings.duration("history.raw-retention"),
            settings.duration("history.step"),
            settings.duration("history.downsampled-retention"));
    Duration span =
        history == null ? retention.downsampled() : Values.duration("--history", history);
    return StoreParts.of(location(store), retention, Instant.now(), span);
  }

  /**
   * The store's location as the history store opens it: a URL as given ({@code postgresql://} made
   * {@code jdbc:postgresql://}), a data folder's {@code history.duckdb}, or a DuckDB file, which
   * must exist (opening a missing one would create it).
   */
  static String location(String store) {
    if (store.startsWith("jdbc:postgresql:")) {
      return store;
    }
    if (store.startsWith("postgresql://")) {
      return "jdbc:" + store;
    }
    Path p = Path.of(store);
    Path file = Files.isDirectory(p) ? p.resolve("history.duckdb") : p;
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "no history store at "
              + store
              + (Files.isDirectory(p) ? " (no history.duckdb in it)" : "")
              + ": give pae run's data folder, its history.duckdb, or a jdbc:postgresql:// URL");
    }
    return file.toString();
  }

  /**
   * Refuses an {@code --out} the model cannot be saved in, before anything is trained: an existing
   * file, or a folder (or the closest existing one above it) that cannot be written.
   */
  private void checkOut() {
    Path target = out.toAbsolutePath();
    if (Files.exists(target) && !Files.isDirectory(target)) {
      throw new IllegalArgumentException("--out " + out + " is a file, not a folder");
    }
    Path existing = target.getParent();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
      throw new IllegalArgumentException(
          "--out " + out + ": cannot write in " + (existing == null ? target : existing));
    }
  }

  private Map<String, String> sets() {
    Map<String, String> o = new HashMap<>();
    if (set == null) {
      return o;
    }
    for (String kv : set) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "--set takes KEY=VALUE, e.g. train.cf.rank=8; got '" + kv + "'");
      }
      o.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
    }
    return o;
  }
}
