package org.pae.sim.trace;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.pae.core.model.Resource;

/**
 * Numenta Anomaly Benchmark series: {@code timestamp,value} with a header, timestamps as {@code
 * yyyy-MM-dd HH:mm:ss} (UTC). Each file is one workload named by its path below the trace root
 * without the extension ({@code realAWSCloudwatch/ec2_cpu_utilization_24ae8d}); the value is read
 * as its {@code cpu} usage, in its own unit, against its static peak.
 */
public final class NabReader implements TraceReader {
  @Override
  public Stream<WorkloadTrace> read(Path root, List<Path> files, ParseIssues issues) {
    return files.stream()
        .filter(
            f -> {
              if (f.getFileName().toString().contains(".csv")) {
                return true;
              }
              issues.malformedFile(
                  f, "not a NAB series: NAB series are timestamp,value files named *.csv");
              return false;
            })
        .flatMap(f -> read(root, f, issues));
  }

  private static Stream<WorkloadTrace> read(Path root, Path file, ParseIssues issues) {
    String rel =
        root.equals(file) ? file.getFileName().toString() : root.relativize(file).toString();
    String id = rel.substring(0, rel.indexOf(".csv"));
    LongRows rows = new LongRows();
    LineReader.lines(
        file,
        issues,
        (number, line) -> {
          if (number == 1 && line.startsWith("timestamp")) {
            return;
          }
          String[] f = line.split(",", -1);
          if (f.length != 2) {
            throw new IllegalArgumentException(
                "expected 'timestamp,value', found " + f.length + " fields");
          }
          rows.add(id, Resource.CPU, Times.parse(f[0]), Times.number("value", f[1]), Double.NaN);
        });
    return rows.traces(r -> Unit.ANY, Map.of());
  }
}
