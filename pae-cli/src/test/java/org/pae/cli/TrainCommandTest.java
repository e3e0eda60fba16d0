package org.pae.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pae.core.allocate.Decision;
import org.pae.core.allocate.Reason;
import org.pae.core.allocate.Rule;
import org.pae.core.assembly.Assembly;
import org.pae.core.config.SettingsSource;
import org.pae.core.context.ContextCalendar;
import org.pae.core.forecast.Forecaster;
import org.pae.core.forecast.SeriesSpec;
import org.pae.core.loop.Plan;
import org.pae.core.model.Resource;
import org.pae.core.model.SeriesKey;
import org.pae.core.model.Workload;
import org.pae.core.model.WorkloadId;
import org.pae.core.model.WorkloadKind;
import org.pae.core.ports.HistoryStore;
import org.pae.ml.cf.CfFleet;
import org.pae.store.JdbcHistoryStore;

/**
 * {@code pae train}: the model it writes is the one a daemon configured with {@code forecast.model
 * = cf} and {@code forecast.cf.model = <out>} loads, and bad input is refused before anything is
 * written.
 */
class TrainCommandTest {
  /** A Monday. */
  private static final Instant START = Instant.parse("2026-01-05T00:00:00Z");

  private static final int STEPS = 14 * 288;

  @TempDir Path dir;

  private static SimulateCommandTest.Run run(String... args) {
    return SimulateCommandTest.run(args);
  }

  /**
   * Memory of {@code workloads} VMs over two weeks at five minutes: 100 × (i + 1) at night, three
   * times that from 09:00 to 17:00 UTC, every day; {@code scale} 0 makes it all zero.
   */
  private Path trace(int workloads, double scale) throws IOException {
    Path f = dir.resolve("trace-" + workloads + "-" + scale + ".csv");
    try (Writer w = Files.newBufferedWriter(f)) {
      w.write("timestamp,workload,resource,value\n");
      for (int t = 0; t < STEPS; t++) {
        long at = START.getEpochSecond() + 300L * t;
        int hour = (t / 12) % 24;
        for (int i = 0; i < workloads; i++) {
          double v = scale * 100 * (i + 1) * (hour >= 9 && hour < 17 ? 3 : 1);
          w.write(at + ",vm-" + i + ",memory," + v + "\n");
        }
      }
    }
    return f;
  }

  /** The median a daemon's cf forecaster gives after seeing vm-2 at 03:00 and 03:05 on a Monday. */
  private static double[] nightAndDay(Forecaster f) {
    Instant monday = START.plus(Duration.ofDays(28));
    f.observe(monday.plus(Duration.ofHours(3)), 300);
    f.observe(monday.plus(Duration.ofMinutes(185)), 300);
    return new double[] {
      f.quantile(Duration.ofHours(1), 0.5), f.quantile(Duration.ofHours(8), 0.5)
    };
  }

  @Test
  void theTrainedModelIsWhatTheDaemonLoads() throws IOException {
    Path out = dir.resolve("models/cf");
    SimulateCommandTest.Run r =
        run(
            "train",
            "--model",
            "cf",
            "--trace",
            "csv:" + trace(8, 1),
            "--out",
            out.toString(),
            "--set",
            "train.cf.resources=memory");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("cf trained: memory (8 workloads)").contains(out.toString());
    assertThat(r.err()).contains("train: 1 parts");
    try (Stream<Path> files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("memory.cf");
    }

    // As pae run assembles its forecaster: the settings, the registry, the one Assembly.
    Assembly assembly =
        RunCommand.assemble(
            SettingsSource.of(Map.of("forecast.model", "cf", "forecast.cf.model", out.toString())));
    assertThat(assembly.parts().learners()).containsExactly("cf");
    Forecaster daemon =
        assembly
            .forecasting(Optional.empty(), Optional.empty())
            .create(SeriesSpec.of(Workload.of("vm-2", WorkloadKind.VM), Resource.MEMORY));
    double[] seen = nightAndDay(daemon);
    // The profile it learnt: the night level at 04:05, three times that at 11:05.
    assertThat(seen[0]).isBetween(270.0, 330.0);
    assertThat(seen[1] / seen[0]).isBetween(2.7, 3.3);
    // Exactly what the saved file gives.
    Forecaster direct =
        new CfFleet(CfFleet.load(out), ContextCalendar.UTC)
            .create(SeriesSpec.of(Workload.of("vm-2", WorkloadKind.VM), Resource.MEMORY));
    assertThat(nightAndDay(direct)).containsExactly(seen);
  }

  /** forecast-eval finds the learned models on the class path and scores the model trained. */
  @Test
  void forecastEvalScoresTheTrainedModel() throws IOException {
    Path trace = trace(4, 1);
    Path out = dir.resolve("models/cf");
    SimulateCommandTest.Run trained =
        run(
            "train",
            "--model",
            "cf",
            "--trace",
            "csv:" + trace,
            "--out",
            out.toString(),
            "--set",
            "train.cf.resources=memory");
    assertThat(trained.exit()).as(trained.err()).isZero();
    Path scores = dir.resolve("scores.csv");
    SimulateCommandTest.Run r =
        run(
            "forecast-eval",
            "--trace",
            "csv:" + trace,
            "--models",
            "naive,cf",
            "--set",
            "forecast.cf.model=" + out,
            "--out",
            scores.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    Map<String, Double> mase = new java.util.HashMap<>();
    List<String> lines = Files.readAllLines(scores);
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      if (f[1].equals("memory") && f[2].equals("12")) {
        mase.put(f[0], Double.parseDouble(f[3]));
      }
    }
    // The profile it learnt foresees the 09:00 and 17:00 steps an hour ahead; naive cannot.
    assertThat(mase).containsOnlyKeys("naive", "cf");
    assertThat(mase.get("cf")).isLessThan(mase.get("naive"));
  }

  @Test
  void trainsOnAStoreAsTheDaemonKeepsIt() throws IOException {
    Path data = dir.resolve("data");
    Instant now = Instant.now().truncatedTo(ChronoUnit.HOURS);
    HistoryStore store =
        JdbcHistoryStore.open(
            data.resolve("history.duckdb").toString(),
            new HistoryStore.Retention(
                Duration.ofHours(6), Duration.ofMinutes(1), Duration.ofDays(28)));
    int hours = 24 * 10;
    for (int i = 0; i < 5; i++) {
      store.describe(Workload.of("w" + i, WorkloadKind.VM));
    }
    for (int t = 0; t < hours; t++) {
      Instant at = now.minus(Duration.ofHours(hours - t));
      List<Decision> decisions = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        double used = 10 * (i + 1) * (1 + at.atZone(java.time.ZoneOffset.UTC).getHour() / 24.0);
        decisions.add(
            new Decision.Hold(
                new SeriesKey(WorkloadId.of("w" + i), Resource.CPU),
                2 * used,
                new Reason(Rule.WITHIN_BAND, OptionalDouble.of(used), Optional.empty(), Set.of())));
      }
      store.record(new Plan(at, decisions));
    }
    store.retain(now);
    store.close();

    Path out = dir.resolve("cf");
    SimulateCommandTest.Run r =
        run(
            "train",
            "--model",
            "cf",
            "--store",
            data.toString(),
            "--history",
            "28d",
            "--out",
            out.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("cf trained: cpu (5 workloads)");
    assertThat(CfFleet.load(out).get(Resource.CPU).workloads()).isEqualTo(5);
    assertThat(CfFleet.load(out)).doesNotContainKey(Resource.MEMORY);
  }

  @Test
  void refusesAnUnknownModel() throws IOException {
    Path out = dir.resolve("out");
    SimulateCommandTest.Run r =
        run("train", "--model", "nope", "--trace", "csv:" + trace(2, 1), "--out", out + "");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("nope").contains("cf");
    assertThat(out).doesNotExist();
  }

  @Test
  void refusesAnEmptyTrace() throws IOException {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    Path out = dir.resolve("out");
    SimulateCommandTest.Run r =
        run("train", "--model", "cf", "--trace", "bitbrains:" + empty, "--out", out + "");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("holds no trace files");
    assertThat(out).doesNotExist();
  }

  @Test
  void aFailedTrainingLeavesTheSavedModelUntouched() throws IOException {
    Path out = dir.resolve("models/cf");
    String[] good = {
      "train",
      "--model",
      "cf",
      "--trace",
      "csv:" + trace(4, 1),
      "--out",
      out + "",
      "--set",
      "train.cf.resources=memory"
    };
    assertThat(run(good).exit()).isZero();
    byte[] saved = Files.readAllBytes(out.resolve("memory.cf"));

    SimulateCommandTest.Run idle =
        run("train", "--model", "cf", "--trace", "csv:" + trace(4, 0), "--out", out + "");
    assertThat(idle.exit()).isEqualTo(2);
    assertThat(idle.err()).contains("no series with any usage");
    SimulateCommandTest.Run typo =
        run(
            Stream.concat(Arrays.stream(good), Stream.of("--set", "train.cf.rnk=3"))
                .toArray(String[]::new));
    assertThat(typo.exit()).isEqualTo(2);
    assertThat(typo.err()).contains("unknown setting 'train.cf.rnk'").contains("train.cf.rank");
    SimulateCommandTest.Run bad =
        run(
            Stream.concat(Arrays.stream(good), Stream.of("--set", "train.cf.rank=0"))
                .toArray(String[]::new));
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("train.cf.rank");

    assertThat(Files.readAllBytes(out.resolve("memory.cf"))).isEqualTo(saved);
    try (Stream<Path> beside = Files.list(out.getParent())) {
      assertThat(beside.map(p -> p.getFileName().toString())).containsExactly("cf");
    }
  }

  @Test
  void refusesAnOutThatCannotBeAFolder() throws IOException {
    Path file = Files.writeString(dir.resolve("model.txt"), "not a model");
    Path csv = trace(2, 1);
    for (Path out : List.of(file, file.resolve("cf"))) {
      SimulateCommandTest.Run r =
          run("train", "--model", "cf", "--trace", "csv:" + csv, "--out", out + "");
      assertThat(r.exit()).isEqualTo(2);
      assertThat(r.err()).contains("--out");
    }
    assertThat(Files.readString(file)).isEqualTo("not a model");
  }

  @Test
  void refusesAMissingStoreWithoutCreatingOne() {
    Path data = dir.resolve("nothing-here");
    SimulateCommandTest.Run r =
        run("train", "--model", "cf", "--store", data.toString(), "--out", dir.resolve("o") + "");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("no history store at");
    assertThat(data).doesNotExist();
  }

  @Test
  void theSparkEngineMissingSaysHowToAddIt() throws IOException {
    SimulateCommandTest.Run r =
        run(
            "train",
            "--model",
            "cf",
            "--engine",
            "spark",
            "--trace",
            "csv:" + trace(2, 1),
            "--out",
            dir.resolve("o") + "");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("pae-spark.jar");
  }
}
