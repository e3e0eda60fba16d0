package org.pae.bench.ml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.pae.core.model.AccountId;
import org.pae.core.model.Resource;
import org.pae.core.model.WorkloadId;
import org.pae.ml.Features;
import org.pae.ml.UsageSeries;
import org.pae.sim.trace.ParseIssues;
import org.pae.sim.trace.TraceFormat;
import org.pae.sim.trace.WorkloadTrace;

/**
 * One month of the Bitbrains trace, cleaned by pae-sim's reader, with the dev split of the learned
 * models' evaluation.
 *
 * <p>The split, written down: the VM names (the month's 400 file names without extensions) are
 * sorted by their number, shuffled with {@code new java.util.Random(20137)} ({@link
 * Collections#shuffle}), and the first {@value #HIDDEN} are hidden from all training. The same
 * names are hidden in every month (file N is the same VM in every month).
 */
record Month(String name, List<String> files, List<WorkloadTrace> vms) {
  static final int HIDDEN = 50;
  static final long SPLIT_SEED = 20137;
  static final Duration STEP = Duration.ofMinutes(5);
  static final int DAY = 288;

  static Month load(Path bitbrains, String month) {
    Path dir = bitbrains.resolve(month);
    try (Stream<WorkloadTrace> s =
        TraceFormat.open("bitbrains:" + dir, ParseIssues.lenient()).workloads()) {
      List<WorkloadTrace> vms = new ArrayList<>(s.toList());
      vms.sort(Comparator.comparingInt(w -> Integer.parseInt(w.id())));
      List<String> files;
      try (Stream<Path> f = Files.list(dir)) {
        files =
            f.map(p -> p.getFileName().toString())
                .filter(n -> n.endsWith(".csv.gz"))
                .map(n -> n.substring(0, n.length() - ".csv.gz".length()))
                .toList();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + dir, e);
      }
      return new Month(month, files, vms);
    }
  }

  /** The hidden VM names, by the rule above, from the names of all 400 files. */
  static Set<String> hidden(List<String> allNames) {
    List<String> names = new ArrayList<>(allNames);
    names.sort(Comparator.comparingInt(Integer::parseInt));
    Collections.shuffle(names, new Random(SPLIT_SEED));
    return new TreeSet<>(names.subList(0, HIDDEN));
  }

  Set<String> hidden() {
    return hidden(files);
  }

  List<WorkloadTrace> training() {
    Set<String> h = hidden();
    return vms.stream().filter(w -> !h.contains(w.id())).toList();
  }

  List<WorkloadTrace> held() {
    Set<String> h = hidden();
    return vms.stream().filter(w -> h.contains(w.id())).toList();
  }

  /**
   * The side features of a VM known when it is created: the size classes of its provisioned CPU and
   * memory at its first step (Bitbrains records no program code or owner).
   */
  static Set<String> features(WorkloadTrace w) {
    Set<String> f = new TreeSet<>();
    f.add("account:" + AccountId.DEFAULT.value());
    f.add(Features.sizeClass("cpu-mhz", w.series(Resource.CPU).allocation()[0]));
    f.add(Features.sizeClass("memory-kb", w.series(Resource.MEMORY).allocation()[0]));
    return f;
  }

  static Map<WorkloadId, Set<String>> featureMap(List<WorkloadTrace> vms) {
    Map<WorkloadId, Set<String>> m = new HashMap<>();
    vms.forEach(w -> m.put(WorkloadId.of(w.id()), features(w)));
    return m;
  }

  /** A VM's usage of one resource on the regular five-minute grid from its first sample. */
  static UsageSeries grid(WorkloadTrace w, Resource r) {
    long t0 = w.times()[0];
    long[] t = w.times();
    int n = (int) Math.round((t[t.length - 1] - t0) / (double) STEP.toSeconds()) + 1;
    double[] v = new double[n];
    Arrays.fill(v, Double.NaN);
    double[] u = w.series(r).usage();
    for (int i = 0; i < t.length; i++) {
      int k = (int) Math.round((t[i] - t0) / (double) STEP.toSeconds());
      if (k >= 0 && k < n && !Double.isNaN(u[i])) {
        v[k] = Math.max(0, u[i]);
      }
    }
    return new UsageSeries(
        WorkloadId.of(w.id()), AccountId.DEFAULT, features(w), Instant.ofEpochSecond(t0), STEP, v);
  }

  static List<UsageSeries> grid(List<WorkloadTrace> vms, Resource r) {
    return vms.stream().map(w -> grid(w, r)).toList();
  }

  /** The first {@code seconds} of a VM's trace. */
  static WorkloadTrace first(WorkloadTrace w, long seconds) {
    long end = w.times()[0] + seconds;
    int n = 0;
    while (n < w.times().length && w.times()[n] < end) {
      n++;
    }
    Map<Resource, WorkloadTrace.Series> s = new HashMap<>();
    for (Resource r : w.resources()) {
      WorkloadTrace.Series x = w.series(r);
      s.put(
          r,
          new WorkloadTrace.Series(
              x.unit(),
              Arrays.copyOf(x.usage(), n),
              Arrays.copyOf(x.allocation(), n),
              x.recorded()));
    }
    return new WorkloadTrace(w.id(), Arrays.copyOf(w.times(), n), s);
  }
}
