package org.pae.sim.trace;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.pae.core.model.Resource;

/**
 * Alibaba cluster-trace-v2018 usage files, no header, told apart by their field count:
 *
 * <ul>
 *   <li>{@code machine_usage}: {@code machine_id,time_stamp,cpu_util_percent,mem_util_percent,
 *       mem_gps,mkpi,net_in,net_out,disk_io_percent} (9 fields);
 *   <li>{@code container_usage}: {@code container_id,machine_id,time_stamp,cpu_util_percent,
 *       mem_util_percent,cpi,mem_gps,mpki,net_in,net_out,disk_io_percent} (11 fields).
 * </ul>
 *
 * CPU and memory are percentages of the machine (or container) and are judged against 100 %;
 * network is {@code net_in + net_out} and disk is {@code disk_io_percent}, both against their
 * static peak. An empty field is a missing sample (the loop holds there), not an error.
 */
public final class AlibabaReader implements TraceReader {
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
          String[] f = line.split(",", -1);
          int o;
          if (f.length == 9) {
            o = 0;
          } else if (f.length == 11) {
            o = 1;
          } else {
            throw new IllegalArgumentException(
                "expected 9 fields (machine_usage) or 11 (container_usage), found " + f.length);
          }
          String id = f[0].trim();
          if (id.isEmpty()) {
            throw new IllegalArgumentException("empty machine or container id");
          }
          long t = Times.parse(f[1 + o]);
          int netIn = o == 0 ? 6 : 8;
          rows.add(id, Resource.CPU, t, optional("cpu_util_percent", f[2 + o]), Double.NaN);
          rows.add(id, Resource.MEMORY, t, optional("mem_util_percent", f[3 + o]), Double.NaN);
          double in = optional("net_in", f[netIn]);
          double out = optional("net_out", f[netIn + 1]);
          rows.add(id, Resource.NETWORK, t, in + out, Double.NaN);
          rows.add(id, Resource.DISK_IO, t, optional("disk_io_percent", f[netIn + 2]), Double.NaN);
        });
    return rows.traces(
        r -> r == Resource.NETWORK ? Unit.ANY : Unit.PERCENT,
        Map.of(Resource.CPU, 100.0, Resource.MEMORY, 100.0));
  }

  private static double optional(String field, String text) {
    return text.isBlank() ? Double.NaN : Times.number(field, text);
  }
}
