package org.pae.server.metrics;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pae.core.allocate.Decision;
import org.pae.core.anomaly.Anomaly;
import org.pae.core.anomaly.AnomalyKind;
import org.pae.core.loop.Plan;
import org.pae.core.model.Resource;
import org.pae.core.ports.Actuation;
import org.pae.core.tier.Tier;
import org.pae.core.tier.TierStatus;

/**
 * What {@code /metrics} exposes of the engine, each metric declared once here. Labels are bounded
 * (decision kind and rule, actuation status, resource): never a workload id, never a principal.
 * Per-workload gauges, capped in number, come from {@code WorkloadGauges} through {@link
 * #register}.
 */
public final class EngineMetrics {
  private final PrometheusRegistry registry;
  private final Histogram tickDuration;
  private final Counter decisions;
  private final Counter actuations;
  private final Counter actuationFailures;
  private final Histogram forecastError;
  private final Gauge series;
  private final Gauge anomaliesOpen;
  private final Counter anomaliesClosed;
  private final Gauge tierFiles;
  private final Gauge tierCapacity;
  private final Counter tierRequests;
  private final Counter tierMoves;

  /** A private registry with the JVM's metrics and the engine's. */
  public EngineMetrics() {
    registry = new PrometheusRegistry();
    JvmMetrics.builder().register(registry);
    tickDuration =
        Histogram.builder()
            .name("pae_tick_duration_seconds")
            .help("Time to observe, decide and act in one tick of the control loop.")
            .classicUpperBounds(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
            .register(registry);
    decisions =
        Counter.builder()
            .name("pae_decisions_total")
            .help("Decisions of the control loop, by kind (hold, resize) and the rule that fired.")
            .labelNames("kind", "rule")
            .register(registry);
    actuations =
        Counter.builder()
            .name("pae_actuations_total")
            .help("Resizes handed to the actuator, by outcome (applied, recommended, failed).")
            .labelNames("status")
            .register(registry);
    actuationFailures =
        Counter.builder()
            .name("pae_actuation_failures_total")
            .help("Resizes the actuator could not apply.")
            .register(registry);
    forecastError =
        Histogram.builder()
            .name("pae_forecast_error_ratio")
            .help(
                "|usage - median forecast made one interval earlier| / max(usage, forecast), in"
                    + " [0, 1], per resource.")
            .labelNames("resource")
            .classicUpperBounds(0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1)
            .register(registry);
    series =
        Gauge.builder()
            .name("pae_series")
            .help("Series (workload and resource) decided at the latest tick.")
            .register(registry);
    tierFiles =
        Gauge.builder()
            .name("pae_tier_files")
            .help("Files on each storage tier (hot, warm, cold) after the latest epoch.")
            .labelNames("tier")
            .register(registry);
    tierCapacity =
        Gauge.builder()
            .name("pae_tier_capacity_files")
            .help("How many files the hot and the warm tier hold at most.")
            .labelNames("tier")
            .register(registry);
    tierRequests =
        Counter.builder()
            .name("pae_tier_requests_total")
            .help("File accesses seen, by the tier that served them.")
            .labelNames("tier")
            .register(registry);
    tierMoves =
        Counter.builder()
            .name("pae_tier_moves_total")
            .help("Moves between storage tiers, by outcome (moved, recommended, refused).")
            .labelNames("outcome")
            .register(registry);
    anomaliesOpen =
        Gauge.builder()
            .name("pae_anomalies_open")
            .help("Anomalies open at the latest tick, by kind (spike, level_shift, leak, ...).")
            .labelNames("kind")
            .register(registry);
    anomaliesClosed =
        Counter.builder()
            .name("pae_anomalies_closed_total")
            .help("Anomalies that have closed, by the kind they were when they closed.")
            .labelNames("kind")
            .register(registry);
    for (AnomalyKind k : AnomalyKind.values()) {
      anomaliesOpen.labelValues(k.key()).set(0);
      anomaliesClosed.labelValues(k.key());
    }
  }

  /** Records the end of a storage tiering epoch: occupancy, the accesses served, its moves. */
  public void tierEpoch(TierStatus s) {
    for (Tier t : Tier.values()) {
      tierFiles.labelValues(t.key()).set(s.files().getOrDefault(t, 0));
      tierRequests.labelValues(t.key()).inc(s.served().getOrDefault(t, 0L));
    }
    tierCapacity.labelValues(Tier.HOT.key()).set(s.capacities().hot());
    tierCapacity.labelValues(Tier.WARM.key()).set(s.capacities().warm());
    for (TierStatus.MoveRecord r : s.moves()) {
      if (r.time().equals(s.time())) {
        tierMoves.labelValues(r.outcome().name().toLowerCase(Locale.ROOT)).inc();
      }
    }
  }

  /** Records one tick: how long it took, its decisions and what the actuator made of them. */
  public void tick(Duration took, Plan plan, List<Actuation> outcomes) {
    tickDuration.observe(took.toNanos() / 1e9);
    for (Decision d : plan.decisions()) {
      String kind = d instanceof Decision.Resize ? "resize" : "hold";
      decisions.labelValues(kind, d.reason().rule().name().toLowerCase(Locale.ROOT)).inc();
    }
    for (Actuation a : outcomes) {
      actuations.labelValues(a.status().name().toLowerCase(Locale.ROOT)).inc();
      if (a.status() == Actuation.Status.FAILED) {
        actuationFailures.inc();
      }
    }
    series.set(plan.decisions().size());
    Map<AnomalyKind, Integer> open = new EnumMap<>(AnomalyKind.class);
    for (Anomaly a : plan.anomalies()) {
      if (a.open()) {
        open.merge(a.kind(), 1, Integer::sum);
      } else {
        anomaliesClosed.labelValues(a.kind().key()).inc();
      }
    }
    for (AnomalyKind k : AnomalyKind.values()) {
      anomaliesOpen.labelValues(k.key()).set(open.getOrDefault(k, 0));
    }
  }

  /** One forecast's error ratio, in [0, 1]. */
  public void forecastError(Resource r, double ratio) {
    forecastError.labelValues(r.key()).observe(ratio);
  }

  /** Adds metrics that are read when scraped (the workloads' gauges). */
  public void register(MultiCollector collector) {
    registry.register(collector);
  }

  /** Everything, in the Prometheus text format. */
  public byte[] scrape() {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream(16384);
      PrometheusTextFormatWriter.create().write(out, registry.scrape(), EscapingScheme.DEFAULT);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String contentType() {
    return PrometheusTextFormatWriter.CONTENT_TYPE;
  }
}
