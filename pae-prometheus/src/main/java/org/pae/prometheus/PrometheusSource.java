package org.pae.prometheus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.pae.core.loop.ControlLoop;
import org.pae.core.model.Observation;
import org.pae.core.model.Resource;
import org.pae.core.model.SeriesKey;
import org.pae.core.model.Workload;
import org.pae.core.model.WorkloadId;
import org.pae.core.ports.MetricSource;
import org.pae.prometheus.PrometheusClient.PrometheusException;

/**
 * Usage read from Prometheus: per resource, one PromQL expression evaluated with an instant query
 * every tick, each resulting series mapped to a workload by its labels (the values of {@code
 * prometheus.workload-labels}, joined by {@code /}: {@code shop/web-1/app} for {@code
 * namespace,pod,container}). Series that map to the same workload are added up; a series without
 * every label, or whose value is not a finite number >= 0, is left out. Prometheus tells usage, not
 * what is in force: the allocation observed is the usage (PAE recommends).
 *
 * <p>When a query fails, every series it gave last time is missing (the loop holds them and says
 * so), reported once until it answers again. {@link #backfill} warms a loop's forecasters from the
 * same queries over a past range.
 */
public final class PrometheusSource implements MetricSource {
  private final PrometheusClient client;
  private final PrometheusSettings settings;
  private final Consumer<String> warnings;
  private final Map<Resource, Map<WorkloadId, Workload>> lastSeen = new EnumMap<>(Resource.class);
  private final Map<Resource, String> failing = new EnumMap<>(Resource.class);

  public PrometheusSource(
      PrometheusClient client, PrometheusSettings settings, Consumer<String> warnings) {
    this.client = Objects.requireNonNull(client, "client");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.warnings = Objects.requireNonNull(warnings, "warnings");
  }

  @Override
  public List<Observation> observe(Instant now) {
    List<Observation> out = new ArrayList<>();
    for (Map.Entry<Resource, String> q : settings.queries().entrySet()) {
      Resource r = q.getKey();
      try {
        Map<Workload, Double> usage = new LinkedHashMap<>();
        for (PrometheusClient.Sample s : client.query(q.getValue(), now)) {
          workload(s.labels())
              .filter(w -> Double.isFinite(s.value()) && s.value() >= 0)
              .ifPresent(w -> usage.merge(w, s.value(), Double::sum));
        }
        Map<WorkloadId, Workload> seen = new HashMap<>();
        usage.forEach(
            (w, v) -> {
              out.add(Observation.of(w, r, v, v));
              seen.put(w.id(), w);
            });
        lastSeen.put(r, seen);
        if (failing.remove(r) != null) {
          warnings.accept("Prometheus answers the " + r.key() + " query again");
        }
      } catch (PrometheusException e) {
        if (failing.put(r, e.getMessage()) == null) {
          warnings.accept(
              e.getMessage() + "; holding every " + r.key() + " series until it answers");
        }
        for (Workload w : lastSeen.getOrDefault(r, Map.of()).values()) {
          out.add(Observation.missing(w, r, 0));
        }
      }
    }
    return out;
  }

  /**
   * Feeds {@code loop} the usage of the range {@code [now - span, now)} on the loop's grid ({@code
   * step}, the loop's interval: the online models take the first interval between samples as
   * theirs), so that its forecasters are warm at the first tick. Returns how many samples it
   * replayed.
   *
   * @throws PrometheusException when a range query fails (nothing is half-replayed: the queries all
   *     run before the replay)
   */
  public long backfill(ControlLoop loop, Instant now, Duration span, Duration step)
      throws PrometheusException {
    TreeMap<Long, List<Observation>> byTime = new TreeMap<>();
    long samples = 0;
    for (var byResource : range(now.minus(span), now, step).entrySet()) {
      Resource r = byResource.getKey();
      for (var byWorkload : byResource.getValue().entrySet()) {
        Workload w = byWorkload.getKey();
        for (var v : byWorkload.getValue().entrySet()) {
          byTime
              .computeIfAbsent(v.getKey(), t -> new ArrayList<>())
              .add(Observation.of(w, r, v.getValue(), v.getValue()));
          samples++;
        }
      }
    }
    byTime.forEach((t, obs) -> loop.replay(Instant.ofEpochMilli(t), obs));
    // Each series' last sample, rehearsed at its time: the first tick then decides from it all.
    Map<SeriesKey, Long> last = new HashMap<>();
    byTime.forEach((t, obs) -> obs.forEach(o -> last.put(o.key(), t)));
    byTime.forEach(
        (t, obs) ->
            loop.rehearse(
                Instant.ofEpochMilli(t),
                obs.stream().filter(o -> last.get(o.key()).equals(t)).toList()));
    return samples;
  }

  /**
   * Every query over {@code [from, to)} every {@code step} ({@code query_range}): per resource and
   * workload, the usage by epoch millisecond, the series of one workload added up, values that are
   * not finite numbers >= 0 left out.
   *
   * @throws PrometheusException when a range query fails
   */
  public Map<Resource, Map<Workload, TreeMap<Long, Double>>> range(
      Instant from, Instant to, Duration step) throws PrometheusException {
    Map<Resource, Map<Workload, TreeMap<Long, Double>>> out = new EnumMap<>(Resource.class);
    Instant end = to.minus(step);
    for (Map.Entry<Resource, String> q : settings.queries().entrySet()) {
      Map<Workload, TreeMap<Long, Double>> byWorkload = new LinkedHashMap<>();
      for (PrometheusClient.Series s : client.queryRange(q.getValue(), from, end, step)) {
        Optional<Workload> w = workload(s.labels());
        if (w.isEmpty()) {
          continue;
        }
        TreeMap<Long, Double> values = byWorkload.computeIfAbsent(w.get(), k -> new TreeMap<>());
        for (int i = 0; i < s.values().length; i++) {
          double v = s.values()[i];
          if (Double.isFinite(v) && v >= 0) {
            values.merge(s.epochMillis()[i], v, Double::sum);
          }
        }
      }
      out.put(q.getKey(), byWorkload);
    }
    return out;
  }

  private Optional<Workload> workload(Map<String, String> labels) {
    List<String> parts = new ArrayList<>(settings.workloadLabels().size());
    for (String l : settings.workloadLabels()) {
      String v = labels.get(l);
      if (v == null || v.isEmpty()) {
        return Optional.empty();
      }
      parts.add(v);
    }
    return Optional.of(Workload.of(String.join("/", parts), settings.workloadKind()));
  }
}
