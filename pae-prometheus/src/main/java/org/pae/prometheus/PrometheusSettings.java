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

  /** Reads the keys from the defaults overridden by {@code overrides}. */
  public static PrometheusSettings from(Map<String, String> overrides) {
    return from(SettingsSource.of(overrides));
  }

  /**
   * Reads this section's keys ({@code prometheus.*}) from the one settings source; a command that
   * reads every section then refuses what none read ({@link SettingsSource#refuseUnread}).
   */
  public static PrometheusSettings from(SettingsSource all) {
    String url = all.get("prometheus.url");
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
    List<String> labels = all.list("prometheus.workload-labels");
    WorkloadKind kind;
    try {
      kind = WorkloadKind.valueOf(all.get("prometheus.workload-kind").toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "prometheus.workload-kind = '"
              + all.get("prometheus.workload-kind")
              + "'; allowed: vm, container, process",
          e);
    }
    Map<Resource, String> queries = new EnumMap<>(Resource.class);
    for (Resource r : Resource.values()) {
      String q = all.get("prometheus.query." + r.key());
      if (!q.isBlank()) {
        queries.put(r, q);
      }
    }
    return new PrometheusSettings(
        url,
        labels,
        kind,
        queries,
        all.duration("prometheus.backfill"),
        all.duration("prometheus.timeout"));
  }
}
