package org.pae.sim.trace;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.pae.core.model.Resource;

/**
 * The Bitbrains GWA-T-12 per-VM files, cleaned exactly as BENCHMARKS §1 says: sort by timestamp
 * (epoch seconds, despite the header's "[ms]"), keep the last row of each repeated timestamp, drop
 * rows whose provisioned CPU or memory is 0, skip a VM with 12 rows or fewer after that.
 *
 * <p>Fields are separated by {@code ;} and a tab. Resources: {@code cpu} = CPU usage [MHz] against
 * CPU capacity provisioned; {@code memory} = memory usage [KB] against memory capacity provisioned;
 * {@code disk_io} = read + write [KB/s] and {@code network} = received + transmitted [KB/s], which
 * have no recorded allocation (their allocation is the VM's static peak).
 */
public final class BitbrainsReader implements TraceReader {
  /** A VM needs more rows than this after cleaning. */
  public static final int MIN_ROWS_EXCLUSIVE = 12;

  private static final int FIELDS = 11;

  /** One parsed row. */
  record Row(
      long time,
      double cpuProvisioned,
      double cpuUsage,
      double memoryProvisioned,
      double memoryUsage,
      double disk,
      double network) {}

  @Override
  public Stream<WorkloadTrace> read(Path root, List<Path> files, ParseIssues issues) {
    return files.stream().map(f -> read(f, issues)).flatMap(Optional::stream);
  }

  /** One VM's file; empty when the VM has too few rows after cleaning. */
  public static Optional<WorkloadTrace> read(Path file, ParseIssues issues) {
    List<Row> rows = new ArrayList<>(9000);
    try (BufferedReader in = Inputs.open(file)) {
      String line;
      long n = 0;
      while ((line = in.readLine()) != null) {
        n++;
        if (line.isBlank() || (n == 1 && line.startsWith("Timestamp"))) {
          continue;
        }
        try {
          rows.add(parse(line));
        } catch (IllegalArgumentException e) {
          issues.malformed(file, n, e.getMessage());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    List<Row> kept = clean(rows);
    if (kept.size() <= MIN_ROWS_EXCLUSIVE) {
      issues.shortWorkload();
      return Optional.empty();
    }
    return Optional.of(toTrace(Inputs.baseName(file), kept));
  }

  static Row parse(String line) {
    String[] f = line.split(";", -1);
    if (f.length != FIELDS) {
      throw new IllegalArgumentException(
          "expected " + FIELDS + " fields separated by ';', found " + f.length);
    }
    long t;
    try {
      t = Times.parse(f[0]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Timestamp: " + e.getMessage());
    }
    return new Row(
        t,
        Times.number("CPU capacity provisioned", f[2]),
        Times.number("CPU usage", f[3]),
        Times.number("Memory capacity provisioned", f[5]),
        Times.number("Memory usage", f[6]),
        Times.number("Disk read throughput", f[7]) + Times.number("Disk write throughput", f[8]),
        Times.number("Network received throughput", f[9])
            + Times.number("Network transmitted throughput", f[10]));
  }

  /**
   * BENCHMARKS §1 cleaning: sort by timestamp (stable), keep the last row of each repeated
   * timestamp, then drop rows with 0 provisioned CPU or memory.
   */
  static List<Row> clean(List<Row> rows) {
    List<Row> sorted = new ArrayList<>(rows);
    sorted.sort(Comparator.comparingLong(Row::time));
    List<Row> out = new ArrayList<>(sorted.size());
    for (int i = 0; i < sorted.size(); i++) {
      Row r = sorted.get(i);
      boolean lastOfItsTime = i + 1 == sorted.size() || sorted.get(i + 1).time() != r.time();
      if (lastOfItsTime && r.cpuProvisioned() > 0 && r.memoryProvisioned() > 0) {
        out.add(r);
      }
    }
    return out;
  }

  private static WorkloadTrace toTrace(String id, List<Row> rows) {
    int n = rows.size();
    long[] t = new long[n];
    double[] cpuU = new double[n];
    double[] cpuP = new double[n];
    double[] memU = new double[n];
    double[] memP = new double[n];
    double[] disk = new double[n];
    double[] net = new double[n];
    for (int i = 0; i < n; i++) {
      Row r = rows.get(i);
      t[i] = r.time();
      cpuU[i] = r.cpuUsage();
      cpuP[i] = r.cpuProvisioned();
      memU[i] = r.memoryUsage();
      memP[i] = r.memoryProvisioned();
      disk[i] = r.disk();
      net[i] = r.network();
    }
    Map<Resource, WorkloadTrace.Series> s = new EnumMap<>(Resource.class);
    s.put(Resource.CPU, WorkloadTrace.Series.recorded(Unit.MHZ, cpuU, cpuP));
    s.put(Resource.MEMORY, WorkloadTrace.Series.recorded(Unit.KB, memU, memP));
    s.put(Resource.DISK_IO, WorkloadTrace.Series.staticPeak(Unit.KB_PER_S, disk));
    s.put(Resource.NETWORK, WorkloadTrace.Series.staticPeak(Unit.KB_PER_S, net));
    return new WorkloadTrace(id, t, s);
  }
}
