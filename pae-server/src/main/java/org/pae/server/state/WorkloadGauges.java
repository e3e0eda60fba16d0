package org.pae.server.state;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import org.pae.core.model.Resource;
import org.pae.core.model.WorkloadKind;

/**
 * Per-workload gauges for Prometheus, read from the engine's latest {@link Snapshot} at each scrape
 * (nothing is kept between scrapes, so a workload that is gone is gone from the next scrape). Each
 * series carries {@code workload} (its id), {@code name} ({@link WorkloadView#name()}), {@code
 * kind}, {@code resource} and {@code unit} (the resource's: bytes, millicores, bytes/s, percent).
 *
 * <p>The label sets are bounded: at most {@code max} workloads are exported, the cgroups, VMs and
 * devices first, then the processes, each by memory allocated (largest first), so that the same
 * workloads stay exported from one scrape to the next; {@code pae_workloads} and {@code
 * pae_workloads_exported} say how many there are and how many are shown.
 */
public final class WorkloadGauges implements MultiCollector {
  private static final double[] QUANTILES = {0.05, 0.5, 0.95, 0.99};

  private final Supplier<Snapshot> snapshot;
  private final int max;

  /**
   * @param snapshot the engine's latest state
   * @param max how many workloads are exported at most ({@code metrics.max-workloads})
   */
  public WorkloadGauges(Supplier<Snapshot> snapshot, int max) {
    this.snapshot = Objects.requireNonNull(snapshot, "snapshot");
    if (max < 0) {
      throw new IllegalArgumentException("metrics.max-workloads must be >= 0: " + max);
    }
    this.max = max;
  }

  /** The workloads exported from {@code s}, in order: at most {@code max}. */
  List<WorkloadView> exported(Snapshot s) {
    return s.workloads().values().stream()
        .sorted(
            Comparator.comparing((WorkloadView v) -> v.workload().kind() == WorkloadKind.PROCESS)
                .thenComparing(
                    Comparator.comparingDouble(WorkloadGauges::memoryAllocated).reversed())
                .thenComparing(v -> v.workload().id().value()))
        .limit(max)
        .toList();
  }

  private static double memoryAllocated(WorkloadView v) {
    SeriesView m = v.series().get(Resource.MEMORY);
    return m == null || !Double.isFinite(m.allocation()) ? 0 : m.allocation();
  }

  @Override
  public MetricSnapshots collect() {
    Snapshot s = snapshot.get();
    List<WorkloadView> shown = exported(s);
    GaugeSnapshot.Builder usage =
        gauge("pae_workload_usage", "What the workload used at the latest tick.");
    GaugeSnapshot.Builder allocation =
        gauge(
            "pae_workload_allocation",
            "The allocation in force at the latest tick (what the actuator last set, or,"
                + " recommend-only, PAE's last recommendation).");
    GaugeSnapshot.Builder recommendation =
        gauge("pae_workload_recommendation", "PAE's allocation after the latest tick's decision.");
    GaugeSnapshot.Builder forecast =
        gauge(
            "pae_workload_forecast",
            "The forecast one interval ahead, by quantile (shown, not acted on, while warming up).");
    GaugeSnapshot.Builder risk =
        gauge(
            "pae_workload_risk",
            "Forecast probability that usage exceeds the allocation one interval ahead.");
    GaugeSnapshot.Builder warmUp =
        gauge(
            "pae_workload_warm_up_seconds",
            "Seconds until PAE decides for a series that is warming up (absent once it decides).");
    for (WorkloadView v : shown) {
      String id = v.workload().id().value();
      String kind = v.workload().kind().name().toLowerCase(Locale.ROOT);
      for (SeriesView sv : v.series().values()) {
        Resource r = sv.resource();
        String[] names = {"workload", "name", "kind", "resource", "unit"};
        String[] values = {id, v.name(), kind, r.key(), r.unit()};
        Labels labels = Labels.of(names, values);
        if (sv.usage().isPresent()) {
          point(usage, labels, sv.usage().getAsDouble());
        }
        point(allocation, labels, sv.inForce());
        point(recommendation, labels, sv.allocation());
        point(risk, labels, sv.risk());
        sv.warmUpLeft().ifPresent(l -> point(warmUp, labels, l.toMillis() / 1000.0));
        sv.forecast()
            .ifPresent(
                f -> {
                  for (double q : QUANTILES) {
                    point(
                        forecast,
                        labels.add("quantile", Double.toString(q)),
                        f.value(s.interval(), q));
                  }
                });
      }
    }
    List<MetricSnapshot> out = new ArrayList<>();
    for (GaugeSnapshot.Builder b :
        List.of(usage, allocation, recommendation, forecast, risk, warmUp)) {
      out.add(b.build());
    }
    out.add(
        gauge("pae_workloads", "Workloads the engine saw at the latest tick.")
            .dataPoint(GaugeDataPointSnapshot.builder().value(s.workloads().size()).build())
            .build());
    out.add(
        gauge(
                "pae_workloads_exported",
                "Workloads with per-workload gauges here (at most metrics.max-workloads).")
            .dataPoint(GaugeDataPointSnapshot.builder().value(shown.size()).build())
            .build());
    return new MetricSnapshots(out);
  }

  private static GaugeSnapshot.Builder gauge(String name, String help) {
    return GaugeSnapshot.builder().name(name).help(help);
  }

  private static void point(GaugeSnapshot.Builder gauge, Labels labels, double value) {
    if (Double.isFinite(value)) {
      gauge.dataPoint(GaugeDataPointSnapshot.builder().labels(labels).value(value).build());
    }
  }
}
