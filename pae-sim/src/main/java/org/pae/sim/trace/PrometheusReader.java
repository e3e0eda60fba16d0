package org.pae.sim.trace;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.pae.core.config.SettingsSource;
import org.pae.core.config.Values;
import org.pae.core.model.Resource;
import org.pae.core.model.WorkloadKind;
import org.pae.prometheus.PrometheusClient;
import org.pae.prometheus.PrometheusClient.PrometheusException;
import org.pae.prometheus.PrometheusSettings;
import org.pae.prometheus.PrometheusSource;

/**
 * A fleet's past read from Prometheus with {@code query_range}: {@code
 * prometheus:URL?memory=PROMQL&cpu=PROMQL[&labels=instance][&span=7d][&step=5m][&end=TIME]}. Per
 * resource ({@code memory}, {@code cpu}, {@code disk_io}, {@code network}, {@code gpu}) a PromQL
 * expression giving each workload's usage in the resource's unit; the series map to workloads by
 * the values of {@code labels} joined by {@code /}, as the live source maps them. The range is
 * {@code [end - span, end)} every {@code step}; {@code end} (epoch seconds or ISO-8601) defaults to
 * now, floored to the step. Values are taken as written (no percent-decoding): PromQL goes in as it
 * is, and may not hold {@code &}. Every row is as a CSV row without an allocation would be (the
 * allocation is the workload's static peak), so a replay of the same samples from either gives the
 * same figures.
 */
final class PrometheusReader implements TraceReader {
  /** The spec after {@code prometheus:}, kept whole in a path of one name (no slash in it). */
  static Path root(String url) {
    return Path.of(URLEncoder.encode(url, StandardCharsets.UTF_8));
  }

  /** The spec {@link #root} kept. */
  static String url(Path root) {
    return URLDecoder.decode(root.toString(), StandardCharsets.UTF_8);
  }

  @Override
  public Stream<WorkloadTrace> read(Path root, List<Path> files, ParseIssues issues) {
    Spec spec = Spec.parse(url(root));
    PrometheusSettings settings =
        new PrometheusSettings(
            spec.url(),
            spec.labels(),
            WorkloadKind.VM,
            spec.queries(),
            spec.span(),
            Values.duration(
                "prometheus.trace-timeout", SettingsSource.defaultOf("prometheus.trace-timeout")));
    PrometheusSource source =
        new PrometheusSource(
            new PrometheusClient(URI.create(spec.url()), settings.timeout()), settings, m -> {});
    LongRows rows = new LongRows();
    try {
      source
          .range(spec.end().minus(spec.span()), spec.end(), spec.step())
          .forEach(
              (r, byWorkload) ->
                  byWorkload.forEach(
                      (w, values) ->
                          values.forEach(
                              (millis, v) ->
                                  rows.add(
                                      w.id().value(),
                                      r,
                                      Math.floorDiv(millis, 1000),
                                      v,
                                      Double.NaN))));
    } catch (PrometheusException e) {
      throw new TraceException(e.getMessage(), e);
    }
    return rows.traces(r -> Unit.ANY, Map.of());
  }

  /** The parts of a {@code prometheus:} spec. */
  record Spec(
      String url,
      Map<Resource, String> queries,
      List<String> labels,
      Duration span,
      Duration step,
      Instant end) {
    static Spec parse(String spec) {
      int q = spec.indexOf('?');
      String url = q < 0 ? spec : spec.substring(0, q);
      if (!url.startsWith("http://") && !url.startsWith("https://")) {
        throw new IllegalArgumentException(
            "a Prometheus trace is prometheus:http(s)://HOST:PORT?memory=PROMQL[&cpu=PROMQL]"
                + "[&labels=instance][&span=7d][&step=5m][&end=TIME]; got prometheus:"
                + spec);
      }
      Map<String, String> params = new LinkedHashMap<>();
      if (q >= 0) {
        for (String p : spec.substring(q + 1).split("&")) {
          int eq = p.indexOf('=');
          if (eq <= 0) {
            throw new IllegalArgumentException(
                "prometheus trace: '" + p + "' is not KEY=VALUE in " + spec);
          }
          params.put(p.substring(0, eq).trim().toLowerCase(Locale.ROOT), p.substring(eq + 1));
        }
      }
      Map<Resource, String> queries = new EnumMap<>(Resource.class);
      for (Resource r : Resource.values()) {
        String promql = params.remove(r.key());
        if (promql != null && !promql.isBlank()) {
          queries.put(r, promql);
        }
      }
      if (queries.isEmpty()) {
        throw new IllegalArgumentException(
            "prometheus trace: name at least one resource's PromQL, e.g. ?memory=node_memory_Active_bytes");
      }
      List<String> labels =
          Values.list(
              params.getOrDefault(
                  "labels", SettingsSource.defaultOf("prometheus.workload-labels")));
      params.remove("labels");
      Duration span =
          Values.duration(
              "span",
              params.getOrDefault("span", SettingsSource.defaultOf("prometheus.trace-span")));
      params.remove("span");
      Duration step =
          Values.duration(
              "step",
              params.getOrDefault("step", SettingsSource.defaultOf("prometheus.trace-step")));
      params.remove("step");
      if (step.toSeconds() < 1 || step.toMillis() % 1000 != 0) {
        throw new IllegalArgumentException("prometheus trace: step must be whole seconds: " + step);
      }
      String endText = params.remove("end");
      Instant end =
          endText == null
              ? Instant.ofEpochSecond(
                  Math.floorDiv(Instant.now().getEpochSecond(), step.toSeconds())
                      * step.toSeconds())
              : Instant.ofEpochSecond(Times.parse(endText));
      if (!params.isEmpty()) {
        throw new IllegalArgumentException(
            "prometheus trace: unknown parameter '"
                + params.keySet().iterator().next()
                + "'; known: memory, cpu, disk_io, network, gpu, labels, span, step, end");
      }
      return new Spec(url, queries, labels, span, step, end);
    }
  }
}
