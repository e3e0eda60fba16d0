package org.pae.sim.trace;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.pae.core.model.Resource;

/**
 * The Azure Public Dataset's {@code vm_cpu_readings} files: {@code timestamp,vm id,min cpu,max
 * cpu,avg cpu} (CPU in percent of the VM, timestamps in seconds, 5-minute steps, no header; a first
 * line starting with {@code timestamp} is taken as one). The workload's {@code cpu} usage is the
 * average, against the whole VM, 100 %.
 */
public final class AzureReader implements TraceReader {
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
          if (f.length != 5) {
            throw new IllegalArgumentException(
                "expected 'timestamp,vm id,min cpu,max cpu,avg cpu', found "
                    + f.length
                    + " fields");
          }
          String vm = f[1].trim();
          if (vm.isEmpty()) {
            throw new IllegalArgumentException("empty vm id");
          }
          double min = Times.number("min cpu", f[2]);
          double max = Times.number("max cpu", f[3]);
          double avg = Times.number("avg cpu", f[4]);
          if (min > avg || avg > max) {
            throw new IllegalArgumentException(
                "min " + min + " <= avg " + avg + " <= max " + max + " does not hold");
          }
          rows.add(vm, Resource.CPU, Times.parse(f[0]), avg, Double.NaN);
        });
    return rows.traces(r -> Unit.PERCENT, Map.of(Resource.CPU, 100.0));
  }
}
