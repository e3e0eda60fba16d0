package org.pae.sim.trace;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.pae.core.model.SeriesKey;
import org.pae.core.model.Workload;
import org.pae.core.model.WorkloadKind;
import org.pae.core.ports.past.HistoryParts;
import org.pae.core.ports.past.TrainingHistory;

/**
 * A trace as history to train on, cut into parts of {@code workloadsPerPart} units (files, or
 * made-up workloads: {@link Trace#units}), each read whole when opened, wherever that is (a Spark
 * task opens the trace itself from this value). Each workload is a VM of the default account (a
 * trace names nothing else of it); its usage is read over the part's whole time span, the mean of
 * its samples in each bucket, negative readings as 0.
 *
 * @param spec the trace, {@code FORMAT:PATH} as {@link TraceFormat#open(String, ParseIssues)} takes
 *     it
 * @param workloadsPerPart units per part
 */
public record TraceParts(String spec, int workloadsPerPart) implements HistoryParts {
  private static final long serialVersionUID = 1L;

  public TraceParts {
    if (workloadsPerPart < 1) {
      throw new IllegalArgumentException(
          "train.workloads-per-part takes N >= 1; got " + workloadsPerPart);
    }
  }

  private Trace trace() {
    return TraceFormat.open(spec, ParseIssues.strict());
  }

  @Override
  public int parts() {
    return Math.ceilDiv(trace().units(), workloadsPerPart);
  }

  @Override
  public Part open(int index) {
    Trace t = trace();
    int from = index * workloadsPerPart;
    int to = Math.min(t.units(), from + workloadsPerPart);
    Map<Workload, WorkloadTrace> read = new LinkedHashMap<>();
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    try (Stream<WorkloadTrace> workloads = t.workloads(from, to)) {
      for (WorkloadTrace w : (Iterable<WorkloadTrace>) workloads::iterator) {
        if (w.steps() == 0) {
          continue;
        }
        read.put(Workload.of(w.id(), WorkloadKind.VM), w);
        first = Math.min(first, w.times()[0]);
        last = Math.max(last, w.times()[w.steps() - 1]);
      }
    }
    Instant start = read.isEmpty() ? Instant.EPOCH : Instant.ofEpochSecond(first);
    Instant until = read.isEmpty() ? Instant.EPOCH : Instant.ofEpochSecond(last + 1);
    return new Part(new Held(read), start, until, () -> {});
  }

  /** The workloads of one part, in memory. */
  private record Held(Map<Workload, WorkloadTrace> traces) implements TrainingHistory {
    @Override
    public List<Workload> workloads() {
      return new ArrayList<>(traces.keySet());
    }

    @Override
    public double[] usage(SeriesKey series, Instant from, Instant to, Duration step) {
      long stepMillis = step.toMillis();
      long fromMillis = from.toEpochMilli();
      int n = (int) Math.ceilDiv(to.toEpochMilli() - fromMillis, stepMillis);
      double[] sum = new double[n];
      int[] count = new int[n];
      WorkloadTrace w = traces.get(Workload.of(series.workload().value(), WorkloadKind.VM));
      if (w != null && w.resources().contains(series.resource())) {
        double[] u = w.series(series.resource()).usage();
        for (int i = 0; i < u.length; i++) {
          long b = Math.floorDiv(w.times()[i] * 1000 - fromMillis, stepMillis);
          if (b >= 0 && b < n && !Double.isNaN(u[i])) {
            sum[(int) b] += Math.max(0, u[i]);
            count[(int) b]++;
          }
        }
      }
      double[] out = new double[n];
      Arrays.fill(out, Double.NaN);
      for (int b = 0; b < n; b++) {
        if (count[b] > 0) {
          out[b] = sum[b] / count[b];
        }
      }
      return out;
    }
  }
}
