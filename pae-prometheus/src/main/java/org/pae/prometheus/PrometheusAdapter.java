package org.pae.prometheus;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.pae.core.config.SettingsSource;
import org.pae.core.model.Resource;
import org.pae.core.ports.Adapter;
import org.pae.core.registry.Registry;
import org.pae.core.registry.RegistryProvider;
import org.pae.prometheus.PrometheusClient.PrometheusException;

/**
 * The adapter {@code prometheus}: when {@code prometheus.url} names a server, {@code pae run} reads
 * the usage its queries give every tick ({@link PrometheusSource}) and, before the first tick,
 * replays {@code prometheus.backfill} of their past into the loop. It recommends only. At start
 * every query is evaluated once: a server that does not answer, or PromQL it refuses, stops the
 * start with Prometheus's own message.
 */
public final class PrometheusAdapter implements Adapter, RegistryProvider {
  @Override
  public Optional<Connector> configure(SettingsSource settings) {
    PrometheusSettings s = PrometheusSettings.from(settings);
    if (s.url().isEmpty()) {
      return Optional.empty();
    }
    if (s.queries().isEmpty()) {
      throw new IllegalArgumentException(
          "prometheus.url is set but no prometheus.query.<resource> is: nothing to read");
    }
    return Optional.of(
        (now, warnings) -> {
          PrometheusClient client = new PrometheusClient(URI.create(s.url()), s.timeout());
          for (Map.Entry<Resource, String> q : s.queries().entrySet()) {
            try {
              client.query(q.getValue(), now);
            } catch (PrometheusException e) {
              throw new IllegalStateException(
                  "prometheus.query." + q.getKey().key() + ": " + e.getMessage(), e);
            }
          }
          PrometheusSource source = new PrometheusSource(client, s, warnings);
          return new Attached(
              "Prometheus at " + s.url(),
              source,
              Optional.empty(),
              id -> false,
              (loop, start, step) -> {
                if (s.backfill().isZero()) {
                  return 0;
                }
                try {
                  return source.backfill(loop, start, s.backfill(), step);
                } catch (PrometheusException e) {
                  warnings.accept("no backfill, starting cold: " + e.getMessage());
                  return 0;
                }
              },
              () -> {});
        });
  }

  @Override
  public void accept(Registry registry) {
    registry.register(
        KIND,
        "prometheus",
        "a fleet's usage from a Prometheus server (prometheus.url)",
        new PrometheusAdapter());
  }
}
