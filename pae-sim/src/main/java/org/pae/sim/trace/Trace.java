package org.pae.sim.trace;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A trace on disk, opened but not yet read: its format, its files and how malformed lines are
 * treated. {@link #workloads()} reads it lazily, workload by workload.
 *
 * @param format how to read it
 * @param root the file or folder named on the command line
 * @param files the files to read, in natural name order
 * @param issues strict or lenient, and the count of skipped lines
 */
public record Trace(TraceFormat format, Path root, List<Path> files, ParseIssues issues) {
  public Trace {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(root, "root");
    files = List.copyOf(files);
    Objects.requireNonNull(issues, "issues");
  }

  /** The workloads, lazily, in file order; close the stream when done with it early. */
  public Stream<WorkloadTrace> workloads() {
    return format.reader().read(root, files, issues);
  }

  /**
   * How many pieces the trace splits into for reading in parallel: one per made-up workload, one
   * per file (every format with files reads each file apart from the others: one workload a file,
   * or for {@code csv}, {@code azure} and {@code alibaba} the workloads of that file), and 1 (the
   * whole trace) for a Prometheus server or a Parquet table, which are read whole.
   */
  public int units() {
    if (format == TraceFormat.SYNTHETIC) {
      return SyntheticReader.Spec.parse(root.toString()).workloads();
    }
    return whole() ? 1 : files.size();
  }

  private boolean whole() {
    return format == TraceFormat.PROMETHEUS || format == TraceFormat.PARQUET;
  }

  /**
   * The workloads of units {@code from} (inclusive) to {@code to} (exclusive) of {@link #units},
   * lazily: reading the units of a trace one range after the other gives {@link #workloads} in the
   * same order.
   */
  public Stream<WorkloadTrace> workloads(int from, int to) {
    if (from < 0 || to > units() || from > to) {
      throw new IllegalArgumentException(
          "units " + from + " to " + to + " of a trace of " + units());
    }
    if (format == TraceFormat.SYNTHETIC) {
      return SyntheticReader.workloads(SyntheticReader.Spec.parse(root.toString()), from, to);
    }
    if (whole()) {
      return to > from ? workloads() : Stream.empty();
    }
    return format.reader().read(root, files.subList(from, to), issues);
  }

  /**
   * How many workloads to expect, when the format has one file per workload (an upper bound: short
   * ones are skipped) or makes them up.
   */
  public Optional<Integer> expectedWorkloads() {
    return format.expectedWorkloads(root, files);
  }

  /** The format's sampling step, when it has a fixed one. */
  public Optional<Duration> step() {
    return format.step();
  }
}
