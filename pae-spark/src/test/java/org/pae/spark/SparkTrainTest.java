package org.pae.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pae train --engine spark} makes the same model as {@code --engine local}: the saved files
 * are equal byte for byte, whatever the parts the history is cut into (the profiles are collected
 * in part order, the factorisation is the same code on the driver, the spread's quantiles are exact
 * order statistics).
 */
class SparkTrainTest extends LocalSpark {
  private static final String FLEET = "synthetic:30:seed=11:days=8";

  @TempDir Path dir;

  /** {@code pae train --model cf --trace TRACE --out OUT} and the further arguments. */
  private Run train(String trace, Path out, String... more) {
    List<String> args =
        new ArrayList<>(List.of("train", "--model", "cf", "--trace", trace, "--out", out + ""));
    args.addAll(List.of(more));
    return run(args);
  }

  private Path train(String engine, int perPart, String name) {
    Path out = dir.resolve(name);
    Run r =
        train(
            FLEET,
            out,
            "--engine",
            engine,
            "--threads",
            "2",
            "--set",
            "train.workloads-per-part=" + perPart);
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("cpu (30 workloads)").contains("memory (30 workloads)");
    assertThat(r.err()).contains("train: " + Math.ceilDiv(30, perPart) + " parts");
    return out;
  }

  @Test
  void sparkTrainsTheSameModelAsLocal() throws IOException {
    Path local = train("local", 7, "local");
    Path spark = train("spark", 7, "spark");
    Path otherParts = train("spark", 4, "spark-4");
    for (String f : List.of("cpu.cf", "memory.cf")) {
      byte[] expected = Files.readAllBytes(local.resolve(f));
      assertThat(Files.readAllBytes(spark.resolve(f))).as(f).isEqualTo(expected);
      assertThat(Files.readAllBytes(otherParts.resolve(f))).as(f).isEqualTo(expected);
    }
  }

  @Test
  void aBadTraceIsRefusedWithItsOwnMessage() throws IOException {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    Run r = train("bitbrains:" + empty, dir.resolve("o"), "--engine", "spark");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("holds no trace files");
    assertThat(dir.resolve("o")).doesNotExist();
  }

  @Test
  void aParquetTraceIsRefusedOnSparkSayingWhatToDo() throws IOException {
    Path table = Files.createDirectories(dir.resolve("table"));
    Run r = train("parquet:" + table, dir.resolve("o"), "--engine", "spark");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("does not read parquet traces yet").contains("--engine local");
    assertThat(dir.resolve("o")).doesNotExist();
  }

  @Test
  void aParquetTraceTrainsLocallyToTheModelOfTheTraceItCameFrom() throws IOException {
    Path table = dir.resolve("fleet.parquet");
    Run converted =
        run(List.of("convert", "--trace", FLEET, "--to", "parquet", "--out", table.toString()));
    assertThat(converted.exit()).as(converted.err()).isZero();
    Path fromTrace = train("local", 7, "from-trace");
    Path out = dir.resolve("from-parquet");
    Run r = train("parquet:" + table, out, "--set", "train.workloads-per-part=7");
    assertThat(r.exit()).as(r.err()).isZero();
    for (String f : List.of("cpu.cf", "memory.cf")) {
      assertThat(Files.readAllBytes(out.resolve(f)))
          .as(f)
          .isEqualTo(Files.readAllBytes(fromTrace.resolve(f)));
    }
  }
}
