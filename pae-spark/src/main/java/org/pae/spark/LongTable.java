package org.pae.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.apache.spark.Partitioner;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.pae.core.model.Resource;
import org.pae.sim.trace.Inputs;
import org.pae.sim.trace.Unit;
import org.pae.sim.trace.WorkloadTrace;
import scala.Tuple2;

/**
 * A trace as one long table, one row per workload and timestamp (docs/spark.md, "The parquet
 * format"): {@code workload} (string), {@code timestamp} (epoch seconds), and per resource {@code
 * cpu}, {@code memory}, {@code disk_io}, {@code network}, {@code gpu} the usage (NaN: not
 * measured), {@code <resource>_allocated} the recorded allocation and {@code <resource>_unit} the
 * unit ({@code mhz}, {@code kb}, {@code kb_per_s}, {@code percent}, {@code any}). A null usage or
 * allocation stands for a series the workload does not have, so it must be null in every row of
 * that workload or in none. The workloads are ordered by their ids in natural order ({@code 2}
 * before {@code 10}), as files are.
 */
final class LongTable {
  static final String WORKLOAD = "workload";
  static final String TIMESTAMP = "timestamp";
  static final String ALLOCATED = "_allocated";
  static final String UNIT = "_unit";

  /** Where a resource's three columns start in a {@linkplain #canonical canonical} row. */
  private static final int FIRST = 2;

  private LongTable() {}

  /** The usage column of {@code r}. */
  static String usage(Resource r) {
    return r.key();
  }

  /** The schema {@code pae convert} writes: every column of {@code resources}. */
  static StructType schema(List<Resource> resources) {
    StructType s =
        new StructType()
            .add(WORKLOAD, DataTypes.StringType, false)
            .add(TIMESTAMP, DataTypes.LongType, false);
    for (Resource r : resources) {
      s =
          s.add(usage(r), DataTypes.DoubleType, true)
              .add(usage(r) + ALLOCATED, DataTypes.DoubleType, true)
              .add(usage(r) + UNIT, DataTypes.StringType, true);
    }
    return s;
  }

  /**
   * The resources whose columns {@code table} has, after checking its columns' names and types.
   *
   * @param where the trace, as messages name it
   */
  static List<Resource> resources(StructType table, String where) {
    Map<String, DataType> types = new HashMap<>();
    for (StructField f : table.fields()) {
      types.put(f.name(), f.dataType());
    }
    List<String> allowed = new ArrayList<>(List.of(WORKLOAD, TIMESTAMP));
    EnumSet<Resource> rs = EnumSet.noneOf(Resource.class);
    for (Resource r : Resource.values()) {
      allowed.addAll(List.of(usage(r), usage(r) + ALLOCATED, usage(r) + UNIT));
      if (types.containsKey(usage(r))) {
        rs.add(r);
      } else if (types.containsKey(usage(r) + ALLOCATED) || types.containsKey(usage(r) + UNIT)) {
        throw new IllegalArgumentException(
            where + ": column " + usage(r) + ALLOCATED + " or " + UNIT + " without " + usage(r));
      }
    }
    for (String name : types.keySet()) {
      if (!allowed.contains(name)) {
        throw new IllegalArgumentException(
            where
                + ": unknown column '"
                + name
                + "'; a parquet trace has workload, timestamp and per resource (cpu, memory,"
                + " disk_io, network, gpu) R, R_allocated, R_unit (docs/spark.md)");
      }
    }
    need(types, WORKLOAD, where, "a string", t -> t.equals(DataTypes.StringType));
    need(
        types,
        TIMESTAMP,
        where,
        "an integer (epoch seconds) or a timestamp",
        t -> integral(t) || t.equals(DataTypes.TimestampType));
    if (rs.isEmpty()) {
      throw new IllegalArgumentException(
          where
              + " has no resource column: give at least one of cpu, memory, disk_io, network, gpu"
              + " (columns found: "
              + String.join(", ", types.keySet())
              + ")");
    }
    for (Resource r : rs) {
      need(types, usage(r), where, "a number", LongTable::numeric);
      optional(types, usage(r) + ALLOCATED, where, "a number", LongTable::numeric);
      optional(types, usage(r) + UNIT, where, "a string", t -> t.equals(DataTypes.StringType));
    }
    return List.copyOf(rs);
  }

  private static void need(
      Map<String, DataType> types,
      String column,
      String where,
      String what,
      java.util.function.Predicate<DataType> ok) {
    if (!types.containsKey(column)) {
      throw new IllegalArgumentException(
          where
              + " has no column '"
              + column
              + "' (columns found: "
              + String.join(", ", types.keySet())
              + ")");
    }
    optional(types, column, where, what, ok);
  }

  private static void optional(
      Map<String, DataType> types,
      String column,
      String where,
      String what,
      java.util.function.Predicate<DataType> ok) {
    DataType t = types.get(column);
    if (t != null && !ok.test(t)) {
      throw new IllegalArgumentException(
          where + ": column " + column + " is " + t.simpleString() + ", not " + what);
    }
  }

  private static boolean integral(DataType t) {
    return t.equals(DataTypes.LongType)
        || t.equals(DataTypes.IntegerType)
        || t.equals(DataTypes.ShortType)
        || t.equals(DataTypes.ByteType);
  }

  private static boolean numeric(DataType t) {
    return integral(t)
        || t.equals(DataTypes.DoubleType)
        || t.equals(DataTypes.FloatType)
        || t instanceof DecimalType;
  }

  /**
   * The table with its columns in one order, typed: workload, timestamp (epoch seconds), then per
   * resource of {@code rs} its usage and allocation (doubles) and its unit (a string), null where
   * the table has no such column.
   */
  static Dataset<Row> canonical(Dataset<Row> table, List<Resource> rs) {
    Set<String> has = new LinkedHashSet<>(Arrays.asList(table.columns()));
    List<Column> cols = new ArrayList<>();
    cols.add(col(WORKLOAD));
    cols.add(col(TIMESTAMP).cast(DataTypes.LongType).as(TIMESTAMP));
    for (Resource r : rs) {
      cols.add(col(usage(r)).cast(DataTypes.DoubleType).as(usage(r)));
      String a = usage(r) + ALLOCATED;
      cols.add((has.contains(a) ? col(a) : lit(null)).cast(DataTypes.DoubleType).as(a));
      String u = usage(r) + UNIT;
      cols.add((has.contains(u) ? col(u) : lit(null)).cast(DataTypes.StringType).as(u));
    }
    return table.select(cols.toArray(Column[]::new));
  }

  /**
   * The workloads of a canonical table in natural order of their ids and the series each has, after
   * checking every workload's rows in two passes of plain counts (no aggregate that keeps objects
   * per group, which Spark runs many times slower): one row per workload and timestamp, then per
   * workload no null workload or timestamp, each series null in all of a workload's rows or in
   * none, one known unit per workload and resource.
   */
  static Fleet fleet(Dataset<Row> canonical, List<Resource> rs, String where) {
    List<Row> twice =
        canonical
            .filter(col(WORKLOAD).isNotNull().and(col(TIMESTAMP).isNotNull()))
            .groupBy(col(WORKLOAD), col(TIMESTAMP))
            .count()
            .filter(col("count").gt(1))
            .limit(1)
            .collectAsList();
    if (!twice.isEmpty()) {
      throw new IllegalArgumentException(
          where
              + ", workload "
              + twice.getFirst().getString(0)
              + ": "
              + twice.getFirst().getLong(2)
              + " rows at timestamp "
              + twice.getFirst().getLong(1)
              + ": one row per workload and timestamp");
    }
    List<Column> aggs = new ArrayList<>();
    aggs.add(count(col(TIMESTAMP)));
    for (Resource r : rs) {
      aggs.add(count(col(usage(r))));
      aggs.add(count(col(usage(r) + ALLOCATED)));
      aggs.add(count(col(usage(r) + UNIT)));
      aggs.add(min(col(usage(r) + UNIT)));
      aggs.add(max(col(usage(r) + UNIT)));
    }
    List<Row> perWorkload =
        canonical
            .groupBy(col(WORKLOAD))
            .agg(count(lit(1)), aggs.toArray(Column[]::new))
            .collectAsList();
    Map<String, Shape> shapes = new HashMap<>();
    for (Row w : perWorkload) {
      long rows = w.getLong(1);
      if (w.isNullAt(0)) {
        throw new IllegalArgumentException(
            where + ": " + rows + " row(s) have no workload (null in column workload)");
      }
      String id = w.getString(0);
      String of = where + ", workload " + id + ": ";
      if (w.getLong(2) < rows) {
        throw new IllegalArgumentException(
            of + "column timestamp is null in " + (rows - w.getLong(2)) + " of " + rows + " rows");
      }
      shapes.put(id, shape(w, rs, rows, of));
    }
    if (shapes.isEmpty()) {
      throw new IllegalArgumentException(where + " holds no rows");
    }
    List<String> ids = new ArrayList<>(shapes.keySet());
    ids.sort(Comparator.comparing((String s) -> s, Inputs::natural).thenComparing(s -> s));
    return new Fleet(rs, ids, ids.stream().map(shapes::get).toList());
  }

  /** A column set in {@code set} of a workload's {@code rows} rows only: null in the others. */
  private static IllegalArgumentException partlyNull(
      String of, String column, long set, long rows, String why) {
    return new IllegalArgumentException(
        of + "column " + column + " is null in " + (rows - set) + " of " + rows + " rows" + why);
  }

  private static Shape shape(Row w, List<Resource> rs, long rows, String of) {
    Unit[] units = new Unit[rs.size()];
    boolean[] recorded = new boolean[rs.size()];
    for (int i = 0; i < rs.size(); i++) {
      String r = usage(rs.get(i));
      int at = 3 + 5 * i;
      long used = w.getLong(at);
      long allocated = w.getLong(at + 1);
      long unit = w.getLong(at + 2);
      String least = w.getString(at + 3);
      String most = w.getString(at + 4);
      String hint = "; null stands for a series the workload has not, in all its rows";
      if (used != 0 && used != rows) {
        throw partlyNull(of, r, used, rows, hint + " (write NaN for a sample not measured)");
      }
      if (allocated != 0 && allocated != rows) {
        throw partlyNull(
            of, r + ALLOCATED, allocated, rows, hint + " (its allocation not recorded)");
      }
      if (used == 0) {
        if (allocated != 0) {
          throw new IllegalArgumentException(
              of + "column " + r + ALLOCATED + " is set where " + r + " is null");
        }
        continue;
      }
      if (least != null && !least.equals(most)) {
        throw new IllegalArgumentException(
            of
                + "column "
                + r
                + UNIT
                + " holds "
                + least
                + " and "
                + most
                + ": one unit per workload and resource");
      }
      if (unit != 0 && unit != rows) {
        throw partlyNull(of, r + UNIT, unit, rows, "");
      }
      units[i] = least == null ? Unit.ANY : unit(least, of + "column " + r + UNIT);
      recorded[i] = allocated == rows;
    }
    boolean any = false;
    for (Unit u : units) {
      any |= u != null;
    }
    if (!any) {
      throw new IllegalArgumentException(of + "every resource column is null: no series");
    }
    return new Shape(units, recorded);
  }

  private static Unit unit(String name, String where) {
    try {
      return Unit.valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          where + ": unknown unit '" + name + "'; units: mhz, kb, kb_per_s, percent, any", e);
    }
  }

  /** The name a unit is written under. */
  static String unitName(Unit u) {
    return u.name().toLowerCase(Locale.ROOT);
  }

  /**
   * The series a workload has, by the position of its resource in the table's list: its unit (null:
   * no such series) and whether its allocation is recorded (else the static peak of its usage).
   */
  record Shape(Unit[] units, boolean[] recorded) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** A table's workloads: their ids in natural order and the series each has. */
  static final class Fleet implements Serializable {
    private static final long serialVersionUID = 1L;
    private final List<Resource> resources;
    private final List<String> ids;
    private final List<Shape> shapes;
    private transient volatile Map<String, Integer> ordinals;

    Fleet(List<Resource> resources, List<String> ids, List<Shape> shapes) {
      this.resources = List.copyOf(resources);
      this.ids = List.copyOf(ids);
      this.shapes = List.copyOf(shapes);
    }

    int size() {
      return ids.size();
    }

    List<String> ids() {
      return ids;
    }

    /**
     * The position of workload {@code id} in the trace's order. The index is built once per copy
     * (the tasks of an executor share one); two tasks that both find it missing build equal ones.
     */
    int ordinal(String id) {
      Map<String, Integer> index = ordinals;
      if (index == null) {
        index = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
          index.put(ids.get(i), i);
        }
        ordinals = index;
      }
      return index.get(id);
    }

    /** A canonical row as it travels: per resource its usage and allocation, NaN for null. */
    double[] values(Row row) {
      double[] v = new double[2 * resources.size()];
      for (int i = 0; i < resources.size(); i++) {
        int at = FIRST + 3 * i;
        v[2 * i] = row.isNullAt(at) ? Double.NaN : row.getDouble(at);
        v[2 * i + 1] = row.isNullAt(at + 1) ? Double.NaN : row.getDouble(at + 1);
      }
      return v;
    }

    /** Where a canonical row goes: its workload's ordinal and its time. */
    Key key(Row row) {
      return new Key(ordinal(row.getString(0)), row.getLong(1));
    }

    /**
     * The workloads of {@code rows}, sorted by workload and time, lazily: one {@link WorkloadTrace}
     * per run of rows of one workload.
     */
    Iterator<WorkloadTrace> workloads(Iterator<Tuple2<Key, double[]>> rows) {
      return new Iterator<>() {
        private Tuple2<Key, double[]> next = rows.hasNext() ? rows.next() : null;

        @Override
        public boolean hasNext() {
          return next != null;
        }

        @Override
        public WorkloadTrace next() {
          if (next == null) {
            throw new NoSuchElementException();
          }
          int workload = next._1().workload();
          List<Tuple2<Key, double[]>> run = new ArrayList<>();
          while (next != null && next._1().workload() == workload) {
            run.add(next);
            next = rows.hasNext() ? rows.next() : null;
          }
          return build(workload, run);
        }
      };
    }

    private WorkloadTrace build(int workload, List<Tuple2<Key, double[]>> run) {
      long[] times = new long[run.size()];
      for (int s = 0; s < times.length; s++) {
        times[s] = run.get(s)._1().time();
      }
      Shape shape = shapes.get(workload);
      Map<Resource, WorkloadTrace.Series> series = new java.util.EnumMap<>(Resource.class);
      for (int i = 0; i < resources.size(); i++) {
        Unit unit = shape.units()[i];
        if (unit == null) {
          continue;
        }
        double[] usage = new double[times.length];
        double[] allocation = new double[times.length];
        for (int s = 0; s < times.length; s++) {
          usage[s] = run.get(s)._2()[2 * i];
          allocation[s] = run.get(s)._2()[2 * i + 1];
        }
        series.put(
            resources.get(i),
            shape.recorded()[i]
                ? WorkloadTrace.Series.recorded(unit, usage, allocation)
                : WorkloadTrace.Series.staticPeak(unit, usage));
      }
      return new WorkloadTrace(ids.get(workload), times, series);
    }
  }

  /** Where a row goes in the shuffle: its workload's ordinal, then its time. */
  record Key(int workload, long time) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** Rows in trace order: by workload, then by time. */
  static final class Order implements Comparator<Key>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public int compare(Key a, Key b) {
      int c = Integer.compare(a.workload(), b.workload());
      return c != 0 ? c : Long.compare(a.time(), b.time());
    }
  }

  /**
   * Rows to tasks by workload: partition {@code p} takes the workloads from {@code starts[p]} to
   * {@code starts[p + 1]}, a contiguous range of the trace's order.
   */
  static final class Ranges extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int[] starts;

    Ranges(List<Parts.Range> ranges) {
      starts = new int[ranges.size() + 1];
      for (int p = 0; p < ranges.size(); p++) {
        starts[p] = ranges.get(p).from();
      }
      starts[ranges.size()] = ranges.getLast().to();
    }

    @Override
    public int numPartitions() {
      return starts.length - 1;
    }

    @Override
    public int getPartition(Object key) {
      int w = ((Key) key).workload();
      int lo = 0;
      int hi = starts.length - 1; // the last range that starts at or before w (empty ones skipped)
      while (lo < hi) {
        int mid = (lo + hi + 1) >>> 1;
        if (starts[mid] <= w) {
          lo = mid;
        } else {
          hi = mid - 1;
        }
      }
      return Math.min(lo, starts.length - 2);
    }

    /** Whether {@code workload} falls in one of the ranges. */
    boolean holds(int workload) {
      return workload >= starts[0] && workload < starts[starts.length - 1];
    }
  }
}
