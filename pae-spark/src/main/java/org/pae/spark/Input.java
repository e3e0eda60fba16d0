package org.pae.spark;

import java.io.Serializable;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.pae.core.model.Resource;
import org.pae.sim.trace.ParseIssues;
import org.pae.sim.trace.Trace;
import org.pae.sim.trace.TraceFormat;
import org.pae.sim.trace.WorkloadTrace;
import scala.Tuple2;

/**
 * Where a Spark run's workloads come from, cut into units numbered in trace order: a trace's files
 * (or made-up workloads), which each task opens itself, or a {@link LongTable} (a Parquet trace),
 * whose rows Spark moves to the task of their workload.
 */
sealed interface Input extends Serializable {
  /** How many units: files, made-up workloads, or a table's workloads. */
  int units();

  /**
   * One partition per range, holding one {@link Slice}: the workloads of that range, for a task to
   * replay or score.
   */
  JavaRDD<Slice> slices(JavaSparkContext sc, List<Parts.Range> ranges);

  /** The input of {@code trace} (opened on the driver), named on the command line {@code spec}. */
  static Input of(JavaSparkContext sc, Trace trace, String spec) {
    return trace.format() == TraceFormat.PARQUET
        ? Table.read(sc, trace.root().toString())
        : new Files(spec, trace.units());
  }

  /**
   * The workloads of one range, in trace order, as a task meets them: {@code reader} opens them,
   * counting what reading meets in the issues given.
   */
  record Slice(Parts.Range range, Function<ParseIssues, Stream<WorkloadTrace>> reader) {
    Stream<WorkloadTrace> workloads(ParseIssues issues) {
      return reader.apply(issues);
    }
  }

  /** A trace's files: each task opens the units of its range. */
  record Files(String trace, int units) implements Input {
    private static final long serialVersionUID = 1L;

    @Override
    public JavaRDD<Slice> slices(JavaSparkContext sc, List<Parts.Range> ranges) {
      String spec = trace;
      return sc.parallelize(ranges, ranges.size())
          .map(
              r ->
                  new Slice(
                      r, issues -> TraceFormat.open(spec, issues).workloads(r.from(), r.to())));
    }
  }

  /**
   * A long table read by Spark SQL, checked once on the driver ({@link LongTable#fleet}); each run
   * moves every row to the task of its workload's range, sorted by workload and time.
   */
  final class Table implements Input {
    private static final long serialVersionUID = 1L;
    private final transient Dataset<Row> rows;
    private final Broadcast<LongTable.Fleet> fleet;
    private final int units;

    private Table(Dataset<Row> rows, Broadcast<LongTable.Fleet> fleet, int units) {
      this.rows = rows;
      this.fleet = fleet;
      this.units = units;
    }

    /** The Parquet trace at {@code path} (a file or a folder of them). */
    static Table read(JavaSparkContext sc, String path) {
      Dataset<Row> parquet = SparkSession.builder().getOrCreate().read().parquet(path);
      String where = "parquet trace " + path;
      List<Resource> rs = LongTable.resources(parquet.schema(), where);
      Dataset<Row> canonical = LongTable.canonical(parquet, rs);
      LongTable.Fleet f = LongTable.fleet(canonical, rs, where);
      return new Table(canonical, sc.broadcast(f), f.size());
    }

    @Override
    public int units() {
      return units;
    }

    @Override
    public JavaRDD<Slice> slices(JavaSparkContext sc, List<Parts.Range> ranges) {
      Broadcast<LongTable.Fleet> f = fleet;
      return sorted(ranges)
          .mapPartitionsWithIndex(
              (p, rows) -> {
                Iterator<WorkloadTrace> w = f.value().workloads(rows);
                Slice s = new Slice(ranges.get(p), issues -> stream(w));
                return List.of(s).iterator();
              },
              true);
    }

    /**
     * The rows of the workloads of {@code ranges}, partition {@code p} holding those of range
     * {@code p}, sorted by workload and time.
     */
    JavaPairRDD<LongTable.Key, double[]> sorted(List<Parts.Range> ranges) {
      Broadcast<LongTable.Fleet> f = fleet;
      LongTable.Ranges to = new LongTable.Ranges(ranges);
      return rows.javaRDD()
          .flatMapToPair(
              row -> {
                LongTable.Key k = f.value().key(row);
                return to.holds(k.workload())
                    ? List.of(new Tuple2<>(k, f.value().values(row))).iterator()
                    : Collections.emptyIterator();
              })
          .repartitionAndSortWithinPartitions(to, new LongTable.Order());
    }

    /** The workloads of rows sorted as {@link #sorted} sorts them, lazily. */
    Iterator<WorkloadTrace> workloads(Iterator<Tuple2<LongTable.Key, double[]>> rows) {
      return fleet.value().workloads(rows);
    }

    /** An iterator's workloads as a stream. */
    static Stream<WorkloadTrace> stream(Iterator<WorkloadTrace> w) {
      return StreamSupport.stream(Spliterators.spliteratorUnknownSize(w, 0), false);
    }
  }
}
