package org.pae.sim.trace;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.pae.core.model.Resource;

/**
 * The generic long format, so users can bring their own traces: {@code
 * timestamp,workload,resource,value[,allocated]}, one row per time, workload and resource, an
 * optional header line starting with {@code timestamp}. Timestamps are epoch seconds or ISO-8601;
 * resources are {@code cpu}, {@code memory}, {@code disk_io}, {@code network}, {@code gpu}; values
 * are in the user's own unit. Where a resource has an {@code allocated} column it is the recorded
 * allocation (carried forward across rows that omit it); otherwise the allocation is the workload's
 * static peak.
 */
public final class CsvReader implements TraceReader {
  @Override
  public Stream<WorkloadTrace> read(Path root, List<Path> files, ParseIssues issues) {
    return files.stream().flatMap(f -> read(f, issues));
  }

  private static Stream<WorkloadTrace> read(Path file, ParseIssues issues) {
    LongRows rows = new LongRows();
    LineReader.lines(
        file,
        issues,
        (number, line) -> {
          if (number == 1 && line.startsWith("timestamp")) {
            return;
          }
          String[] f = line.split(",", -1);
          if (f.length != 4 && f.length != 5) {
            throw new IllegalArgumentException(
                "expected 'timestamp,workload,resource,value[,allocated]', found "
                    + f.length
                    + " fields");
          }
          String workload = f[1].trim();
          if (workload.isEmpty()) {
            throw new IllegalArgumentException("empty workload");
          }
          double allocated =
              f.length == 5 && !f[4].isBlank() ? Times.number("allocated", f[4]) : Double.NaN;
          rows.add(
              workload,
              Resource.parse(f[2]),
              Times.parse(f[0]),
              Times.number("value", f[3]),
              allocated);
        });
    return rows.traces(r -> Unit.ANY, Map.of());
  }
}
