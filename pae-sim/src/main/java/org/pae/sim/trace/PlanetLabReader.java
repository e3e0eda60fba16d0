package org.pae.sim.trace;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.pae.core.model.Resource;

/**
 * PlanetLab (CoMon, as shipped with CloudSim): one file per VM-day, one integer CPU % per line at
 * 5-minute steps. The day is the parent folder's name ({@code 20110303}, UTC midnight; epoch 0 when
 * the folder is not named by a date). The workload is {@code <folder>/<file>}; its CPU allocation
 * is the whole VM, 100 %.
 */
public final class PlanetLabReader implements TraceReader {
  static final long STEP_SECONDS = 300;
  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

  @Override
  public Stream<WorkloadTrace> read(Path root, List<Path> files, ParseIssues issues) {
    return files.stream().map(f -> read(f, issues)).filter(w -> w.steps() > 0);
  }

  static WorkloadTrace read(Path file, ParseIssues issues) {
    double[] values = new double[300];
    int[] n = {0};
    LineReader.lines(
        file,
        issues,
        (number, line) -> {
          double v = Times.number("CPU %", line);
          if (n[0] == values.length) {
            throw new IllegalArgumentException("more than " + values.length + " samples");
          }
          values[n[0]++] = v;
        });
    Path parent = file.getParent();
    String day = parent == null ? "" : parent.getFileName().toString();
    long start;
    try {
      start = LocalDate.parse(day, DAY).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      start = 0;
    }
    long[] t = new long[n[0]];
    for (int i = 0; i < t.length; i++) {
      t[i] = start + i * STEP_SECONDS;
    }
    double[] usage = Arrays.copyOf(values, n[0]);
    double[] full = new double[n[0]];
    Arrays.fill(full, 100);
    String id = day.isEmpty() ? file.getFileName().toString() : day + "/" + file.getFileName();
    return new WorkloadTrace(
        id, t, Map.of(Resource.CPU, WorkloadTrace.Series.recorded(Unit.PERCENT, usage, full)));
  }
}
