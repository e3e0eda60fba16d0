package org.pae.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pae forecast-eval --engine spark} in local[2], its workloads cut into several tasks,
 * writes the figures, the coverage per slot and the coverage floors of {@code --engine local} on
 * one thread, byte for byte: every workload's scores are added on the driver in trace order.
 */
class SparkForecastEvalTest extends LocalSpark {
  @TempDir Path dir;

  /** The three CSV files one run writes, concatenated, and its standard output. */
  String evaluate(String engine, String trace, String... more) throws IOException {
    Path out = Files.createDirectories(dir.resolve(engine));
    List<String> args =
        new ArrayList<>(
            List.of(
                "--models",
                "naive,seasonal-naive,ewma",
                "--out",
                out.resolve("eval.csv").toString(),
                "--slots-out",
                out.resolve("slots.csv").toString(),
                "--floors-out",
                out.resolve("floors.csv").toString()));
    args.addAll(List.of(more));
    return succeed("forecast-eval", engine, trace, args)
        + Files.readString(out.resolve("eval.csv"))
        + Files.readString(out.resolve("slots.csv"))
        + Files.readString(out.resolve("floors.csv"));
  }

  @Test
  void syntheticWorkloadsInSeveralTasksScoreExactlyAsLocally() throws IOException {
    workloadsPerTask(2);
    String trace = "synthetic:5:seed=4:days=3";
    String local = evaluate("local", trace, "--history", "1d");
    assertThat(evaluate("spark", trace, "--history", "1d"))
        .isEqualTo(local)
        .contains("seasonal-naive,cpu,12,");
  }

  @Test
  void bitbrainsVmsInSeveralTasksScoreExactlyAsLocally() throws IOException {
    Path month =
        Path.of(System.getProperty("pae.data.dir", "../../shared/data"), "bitbrains-rnd", "2013-7");
    assumeTrue(
        Files.isDirectory(month),
        "skipped: the Bitbrains trace is not at " + month + " (../shared/data, see its README)");
    workloadsPerTask(2);
    String trace = "bitbrains:" + month;
    String local = evaluate("local", trace, "--limit", "4");
    assertThat(evaluate("spark", trace, "--limit", "4"))
        .isEqualTo(local)
        .contains("naive,memory,288,");
  }

  @Test
  void seriesOutIsRefusedOnSpark() {
    Run r =
        run(
            List.of(
                "forecast-eval",
                "--engine",
                "spark",
                "--trace",
                "synthetic:2",
                "--series-out",
                dir.resolve("s.csv").toString()));
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--series-out").contains("--engine local");
  }
}
