package org.pae.prometheus;

import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pae.core.config.SettingsSource;
import org.pae.core.model.Resource;
import org.pae.core.model.WorkloadKind;

/**
 * The {@code prometheus.*} settings of {@code pae-defaults.properties}, each checked: a bad value
 * is refused with a message naming its key.
 *
 * @param url the server; empty for none
 * @param workloadLabels the labels whose values name a series' workload
 * @param workloadKind what those workloads are
 * @param queries per resource read, its PromQL (in the resource's unit)
 * @param backfill how far back a start replays
 * @param timeout how long one request may take
 */
public record PrometheusSettings(
    String url,
    List<String> workloadLabels,
    WorkloadKind workloadKind,
    Map<Resource, String> queries,
    Duration backfill,
    Duration timeout) {
  public PrometheusSettings {
    workloadLabels = List.copyOf(workloadLabels);
    if (workloadLabels.isEmpty()) {
      throw new IllegalArgumentException("prometheus.workload-labels must name at least one label");
    }
    queries = Map.copyOf(queries);
  }

  /** Reads the {@code prometheus.*} keys through the one settings loader. */
  public static PrometheusSettings from(SettingsSource settings) {
    String url = settings.get("prometheus.url");
    if (!url.isEmpty()) {
      try {
        URI u = URI.create(url);
        if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
          throw new IllegalArgumentException("not http or https");
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "prometheus.url = '" + url + "' is not an http(s) URL: " + e.getMessage(), e);
      }
    }
    WorkloadKind kind;
    try {
      kind =
          WorkloadKind.valueOf(settings.get("prometheus.workload-kind").toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "prometheus.workload-kind = '"
              + settings.get("prometheus.workload-kind")
              + "'; allowed: vm, container, process, device",
          e);
    }
    Map<Resource, String> queries = new EnumMap<>(Resource.class);
    for (Resource r : Resource.values()) {
      String q = settings.get("prometheus.query." + r.key());
      if (!q.isBlank()) {
        queries.put(r, q);
      }
    }
    return new PrometheusSettings(
        url,
        settings.list("prometheus.workload-labels"),
        kind,
        queries,
        settings.duration("prometheus.backfill"),
        settings.duration("prometheus.timeout"));
  }
}
