package org.pae.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pae.core.model.Resource;
import org.pae.sim.trace.ParseIssues;
import org.pae.sim.trace.TraceFormat;
import org.pae.sim.trace.WorkloadTrace;

/**
 * The {@code parquet} trace format: a trace converted by {@code pae convert --to parquet} and
 * replayed or scored from Parquet with {@code --engine spark} gives exactly what the same trace
 * read from its files gives — the report, the decisions export, the plots, the forecast scores —
 * and a table that breaks the schema is refused saying what is wrong.
 */
class ParquetTraceTest extends LocalSpark {
  private static final String BASELINES = "provisioned,reactive,vpa,autopilot";
  @TempDir Path dir;
  private int runs;

  /** Everything one simulate run printed and wrote, its trace's name replaced by TRACE. */
  private Map<String, String> simulate(String engine, String trace, String policies, String... more)
      throws IOException {
    Path out = dir.resolve("out-" + engine + "-" + runs++);
    Map<String, String> files = new TreeMap<>();
    files.put("stdout", succeed("simulate", engine, trace, reportingTo(out, policies, more)));
    try (Stream<Path> all = Files.walk(out)) {
      for (Path p : all.filter(Files::isRegularFile).toList()) {
        files.put(out.relativize(p).toString(), Files.readString(p).replace(trace, "TRACE"));
      }
    }
    return files;
  }

  private Path convert(String trace, String... more) {
    Path out = dir.resolve("pq-" + runs++);
    List<String> args =
        new ArrayList<>(List.of("convert", "--trace", trace, "--out", out.toString()));
    args.addAll(List.of(more));
    Run r = run(args);
    assertThat(r.exit()).as(r.err()).isZero();
    return out;
  }

  /** A seeded synthetic fleet written as long CSV files, one per workload, every value exact. */
  private Path csvFleet(String synthetic) throws IOException {
    Path folder = Files.createDirectories(dir.resolve("csv"));
    try (Stream<WorkloadTrace> ws = TraceFormat.open(synthetic, ParseIssues.strict()).workloads()) {
      for (WorkloadTrace w : ws.toList()) {
        StringBuilder b = new StringBuilder("timestamp,workload,resource,value,allocated\n");
        for (int s = 0; s < w.steps(); s++) {
          for (Resource r : w.resources()) {
            WorkloadTrace.Series series = w.series(r);
            b.append(w.times()[s]).append(',').append(w.id()).append(',').append(r.key());
            b.append(',').append(series.usage()[s]).append(',').append(series.allocation()[s]);
            b.append('\n');
          }
        }
        Files.writeString(folder.resolve(w.id() + ".csv"), b);
      }
    }
    return folder;
  }

  @Test
  void aFleetFromParquetReplaysExactlyAsFromItsFiles() throws IOException {
    String csv = "csv:" + csvFleet("synthetic:6:seed=3:days=3");
    String parquet = "parquet:" + convert(csv);
    String[] plot = {"--plot-vms", "syn-001"};
    workloadsPerTask(100);
    Map<String, String> files = simulate("local", csv, BASELINES + ",pae", plot);
    assertThat(simulate("spark", parquet, BASELINES + ",pae", plot)).isEqualTo(files);
    assertThat(files.get("stdout")).contains("pae,memory,", "6 workloads");
    assertThat(files).containsKeys("report/workloads/syn-001.svg", "decisions-pae.csv");
    workloadsPerTask(2);
    assertThat(simulate("spark", parquet, BASELINES, plot))
        .isEqualTo(simulate("local", csv, BASELINES, plot));
  }

  @Test
  void aConvertedTraceKeepsItsUnitsAndRecordedAllocations() throws IOException {
    String synthetic = "synthetic:5:seed=2:days=2";
    String parquet = "parquet:" + convert(synthetic);
    workloadsPerTask(2);
    String[] plot = {"--plot-vms", "syn-000"};
    Map<String, String> local = simulate("local", synthetic, BASELINES, plot);
    assertThat(simulate("spark", parquet, BASELINES, plot)).isEqualTo(local);
    assertThat(simulate("local", parquet, BASELINES, plot)).isEqualTo(local);
  }

  /** Tasks that pool pae's price read their shares from Parquet as from made-up workloads. */
  @Test
  void replicasThatPoolThePriceReadParquetAsTheyReadFiles() throws IOException {
    String synthetic = "synthetic:6:seed=7:days=2";
    String parquet = "parquet:" + convert(synthetic);
    workloadsPerTask(3);
    String[] hourly = {"--interval", "1h", "--plot-vms", "syn-004"};
    assertThat(simulate("spark", parquet, "provisioned,pae", hourly))
        .isEqualTo(simulate("spark", synthetic, "provisioned,pae", hourly));
  }

  @Test
  void forecastEvalScoresParquetExactlyAsTheFiles() throws IOException {
    String synthetic = "synthetic:4:seed=4:days=3";
    String parquet = "parquet:" + convert(synthetic);
    workloadsPerTask(2);
    assertThat(evaluate("spark", parquet)).isEqualTo(evaluate("local", synthetic));
  }

  private String evaluate(String engine, String trace) {
    Run r =
        run(
            List.of(
                "forecast-eval",
                "--engine",
                engine,
                "--trace",
                trace,
                "--models",
                "naive,seasonal-naive",
                "--history",
                "1d"));
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("seasonal-naive,memory,12,");
    return r.out();
  }

  @Test
  void bitbrainsVmsFromParquetReplayExactlyAsFromTheirFiles() throws IOException {
    Path month =
        Path.of(System.getProperty("pae.data.dir", "../../shared/data"), "bitbrains-rnd", "2013-7");
    assumeTrue(
        Files.isDirectory(month),
        "skipped: the Bitbrains trace is not at " + month + " (../shared/data, see its README)");
    Path three = Files.createDirectories(dir.resolve("bitbrains"));
    for (String vm : List.of("1.csv.gz", "2.csv.gz", "10.csv.gz")) {
      Files.createSymbolicLink(three.resolve(vm), month.resolve(vm).toAbsolutePath());
    }
    String files = "bitbrains:" + three;
    String parquet = "parquet:" + convert(files);
    workloadsPerTask(2);
    String[] more = {"--plot-vms", "2"};
    Map<String, String> local = simulate("local", files, BASELINES, more);
    assertThat(simulate("spark", parquet, BASELINES, more)).isEqualTo(local);
    assertThat(local.get("stdout")).contains("disk_io", "3 workloads");
  }

  /** A table of cpu usage for two workloads, written with {@code schema} and {@code rows}. */
  private String table(StructType schema, List<Row> rows) {
    Path out = dir.resolve("table-" + runs++);
    SparkSession.builder()
        .getOrCreate()
        .createDataFrame(rows, schema)
        .write()
        .parquet(out.toString());
    return "parquet:" + out;
  }

  private static StructType cpu() {
    return new StructType()
        .add("workload", DataTypes.StringType)
        .add("timestamp", DataTypes.LongType)
        .add("cpu", DataTypes.DoubleType);
  }

  /** Rows of two workloads of 40 five-minute steps, in order. */
  private static List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    for (String w : List.of("a", "b")) {
      for (int s = 0; s < 40; s++) {
        rows.add(RowFactory.create(w, 1_700_000_000L + 300L * s, 100.0 + (s * 37 % 11)));
      }
    }
    return rows;
  }

  private Run refused(String trace) {
    Run r = run(List.of("simulate", "--engine", "spark", "--trace", trace, "--policies", "vpa"));
    assertThat(r.exit()).as(r.out()).isEqualTo(2);
    return r;
  }

  @Test
  void rowsInAnyOrderAreSortedByWorkloadAndTime() throws IOException {
    List<Row> shuffled = new ArrayList<>(rows());
    Collections.shuffle(shuffled, new Random(9));
    workloadsPerTask(1);
    assertThat(simulate("spark", table(cpu(), shuffled), "provisioned,vpa"))
        .isEqualTo(simulate("spark", table(cpu(), rows()), "provisioned,vpa"));
  }

  @Test
  void aTableThatBreaksTheSchemaIsRefusedSayingWhy() {
    StructType noTime = new StructType().add("workload", DataTypes.StringType).add("cpu", "double");
    assertThat(refused(table(noTime, List.of(RowFactory.create("a", 1.0)))).err())
        .contains("has no column 'timestamp'");
    StructType text = cpu().add("memory", DataTypes.StringType);
    assertThat(refused(table(text, List.of(RowFactory.create("a", 1L, 1.0, "x")))).err())
        .contains("column memory is string, not a number");
    StructType typo = cpu().add("cpu_alocated", DataTypes.DoubleType);
    assertThat(refused(table(typo, List.of(RowFactory.create("a", 1L, 1.0, 2.0)))).err())
        .contains("unknown column 'cpu_alocated'");
  }

  @Test
  void aRepeatedTimestampIsRefusedNamingIt() {
    List<Row> twice = new ArrayList<>(rows());
    twice.add(RowFactory.create("b", 1_700_000_600L, 5.0));
    assertThat(refused(table(cpu(), twice)).err())
        .contains("workload b: 2 rows at timestamp 1700000600: one row per workload and timestamp");
  }

  @Test
  void nullsAreRefusedExceptForASeriesAWorkloadHasNot() {
    List<Row> holes = new ArrayList<>(rows());
    holes.set(3, RowFactory.create("a", 1_700_000_900L, null));
    assertThat(refused(table(cpu(), holes)).err())
        .contains("workload a: column cpu is null in 1 of 40 rows")
        .contains("write NaN for a sample not measured");
    List<Row> noTime = new ArrayList<>(rows());
    noTime.set(50, RowFactory.create("b", null, 1.0));
    assertThat(refused(table(cpu(), noTime)).err()).contains("column timestamp is null in 1 of 40");
    List<Row> noWorkload = new ArrayList<>(rows());
    noWorkload.add(RowFactory.create(null, 1L, 1.0));
    assertThat(refused(table(cpu(), noWorkload)).err()).contains("1 row(s) have no workload");
  }

  @Test
  void convertWritesNothingOverAnExistingFolder() throws IOException {
    Path there = Files.createDirectories(dir.resolve("there"));
    Files.writeString(there.resolve("keep.txt"), "mine");
    Run r =
        run(
            List.of(
                "convert", "--trace", "synthetic:2", "--to", "parquet", "--out", there.toString()));
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("exists: give a new folder");
    assertThat(Files.readString(there.resolve("keep.txt"))).isEqualTo("mine");
  }
}
