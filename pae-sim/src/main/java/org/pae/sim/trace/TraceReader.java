package org.pae.sim.trace;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.pae.core.registry.Kind;

/** Reads one trace format. */
@FunctionalInterface
public interface TraceReader {
  /**
   * The kind of the readers a module registers for a format this one cannot read itself ({@link
   * TraceFormat#PARQUET}).
   */
  Kind<TraceReader> KIND = new Kind<>("trace reader");

  /**
   * The workloads in {@code files} (all under {@code root}), lazily: a file is opened when the
   * stream reaches it and closed before its workloads are handed on, so nothing stays open between
   * elements and a consumer that stops early reads no further.
   */
  Stream<WorkloadTrace> read(Path root, List<Path> files, ParseIssues issues);
}
