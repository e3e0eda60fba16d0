package org.pae.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;
import org.pae.core.model.Resource;
import org.pae.sim.trace.ParseIssues;
import org.pae.sim.trace.Trace;
import org.pae.sim.trace.TraceFormat;
import org.pae.sim.trace.TraceReader;
import org.pae.sim.trace.TraceWriter;
import org.pae.sim.trace.WorkloadTrace;

/**
 * The {@code parquet} trace format's reader and writer, through Spark SQL's own Parquet support:
 * the reader streams a table's workloads to this JVM in trace order (for {@code --engine local},
 * and for the look at the first workload that tells a trace's step); the writer is {@code pae
 * convert --to parquet}, each Spark task reading a range of the trace's files.
 */
final class ParquetFormat {
  /** The format's name, as the trace format, the reader and the writer. */
  static final String NAME = "parquet";

  private ParquetFormat() {}

  /**
   * The workloads of the Parquet trace at {@code root}, lazily: the first one alone (all a look at
   * the trace's step needs moves one workload's rows), then the others one task's range at a time.
   */
  static Stream<WorkloadTrace> read(Path root) {
    JavaSparkContext sc = Sessions.context(Runtime.getRuntime().availableProcessors());
    Input.Table table = Input.Table.read(sc, root.toString());
    int size = Sessions.workloadsPerTask(sc);
    return Stream.of(Parts.ranges(0, 1, 1), Parts.ranges(1, table.units(), size))
        .filter(ranges -> !ranges.isEmpty())
        .flatMap(
            ranges -> Input.Table.stream(table.workloads(table.sorted(ranges).toLocalIterator())));
  }

  static final TraceReader READER = (root, files, issues) -> read(root);

  /** {@code pae convert --to parquet}: see {@link TraceWriter#write}. */
  static TraceWriter.Written write(
      String spec, boolean lenient, Set<Resource> resources, Path out) {
    if (Files.exists(out)) {
      throw new IllegalArgumentException(
          out + " exists: give a new folder (nothing is written over an existing one)");
    }
    ParseIssues issues = lenient ? ParseIssues.lenient() : ParseIssues.strict();
    Trace trace = TraceFormat.open(spec, issues);
    if (trace.format() == TraceFormat.PARQUET) {
      throw new IllegalArgumentException(spec + " is a parquet trace already");
    }
    JavaSparkContext sc = Sessions.context(Runtime.getRuntime().availableProcessors());
    boolean chosen = !resources.isEmpty();
    List<Resource> rs = new ArrayList<>(chosen ? EnumSet.copyOf(resources) : first(trace));
    LongAccumulator workloads = sc.sc().longAccumulator("workloads");
    LongAccumulator rows = sc.sc().longAccumulator("rows");
    CollectionAccumulator<ParseIssues> met = sc.sc().collectionAccumulator("issues");
    List<Parts.Range> ranges = Parts.ranges(0, trace.units(), Sessions.workloadsPerTask(sc));
    JavaRDD<Row> table =
        new Input.Files(spec, trace.units())
            .slices(sc, ranges)
            .flatMap(
                slice -> {
                  // counted when the task ends, after its rows are written
                  ParseIssues mine = lenient ? ParseIssues.lenient() : ParseIssues.strict();
                  met.add(mine);
                  return slice
                      .workloads(mine)
                      .peek(
                          w -> {
                            workloads.add(1);
                            rows.add(w.steps());
                          })
                      .flatMap(w -> rows(w, rs, chosen))
                      .iterator();
                });
    try {
      SparkSession.builder()
          .getOrCreate()
          .createDataFrame(table, LongTable.schema(rs))
          .write()
          .option("compression", "zstd")
          .parquet(out.toString());
    } catch (Exception e) { // a bad line or workload, thrown by a task: its own error
      throw Parts.failed(e);
    }
    met.value().forEach(issues::add);
    return new TraceWriter.Written(workloads.value(), rows.value(), EnumSet.copyOf(rs), issues);
  }

  static final TraceWriter WRITER = ParquetFormat::write;

  /** The resources of the trace's first workload. */
  private static Set<Resource> first(Trace trace) {
    try (Stream<WorkloadTrace> w = trace.workloads()) {
      return EnumSet.copyOf(
          w.findFirst()
              .orElseThrow(
                  () -> new IllegalArgumentException(trace.root() + " holds no workload to write"))
              .resources());
    }
  }

  /** One row per step of {@code w}, with the columns of {@code rs}. */
  private static Stream<Row> rows(WorkloadTrace w, List<Resource> rs, boolean chosen) {
    if (!chosen && !rs.containsAll(w.resources())) {
      throw new IllegalArgumentException(
          "workload "
              + w.id()
              + " has "
              + w.resources()
              + " where the first workload has "
              + rs
              + ": give --resources to choose the columns (the others are dropped)");
    }
    List<Row> out = new ArrayList<>(w.steps());
    for (int s = 0; s < w.steps(); s++) {
      Object[] v = new Object[2 + 3 * rs.size()];
      v[0] = w.id();
      v[1] = w.times()[s];
      for (int i = 0; i < rs.size(); i++) {
        if (w.resources().contains(rs.get(i))) {
          WorkloadTrace.Series series = w.series(rs.get(i));
          v[2 + 3 * i] = series.usage()[s];
          v[3 + 3 * i] = series.recorded() ? series.allocation()[s] : null;
          v[4 + 3 * i] = LongTable.unitName(series.unit());
        }
      }
      out.add(RowFactory.create(v));
    }
    return out.stream();
  }
}
