package org.pae.sim.trace;

import java.nio.file.Path;
import java.util.Set;
import org.pae.core.model.Resource;
import org.pae.core.registry.Kind;

/**
 * Writes a trace in another format ({@code pae convert}): a module registers one per format it
 * writes (pae-spark's {@code parquet}), found by name so that the command needs no dependency on
 * it.
 */
@FunctionalInterface
public interface TraceWriter {
  /** The kind of the writers' entries. */
  Kind<TraceWriter> KIND = new Kind<>("trace writer");

  /**
   * Writes every workload of {@code trace} to {@code out}, which must not exist yet.
   *
   * @param trace {@code FORMAT:PATH} as {@link TraceFormat#open} takes it
   * @param lenient whether malformed lines are skipped and counted (else refused)
   * @param resources the resources to write, the others dropped; empty: those of the trace's first
   *     workload, and a workload with another is refused
   * @return how much was written
   */
  Written write(String trace, boolean lenient, Set<Resource> resources, Path out);

  /**
   * What a writer wrote.
   *
   * @param workloads how many workloads
   * @param rows how many rows (one per workload and timestamp)
   * @param resources the resources, as columns
   * @param issues the malformed lines skipped and the workloads too short to keep
   */
  record Written(long workloads, long rows, Set<Resource> resources, ParseIssues issues) {}
}
