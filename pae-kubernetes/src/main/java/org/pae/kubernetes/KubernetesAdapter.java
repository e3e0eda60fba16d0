package org.pae.kubernetes;

import java.util.Optional;
import org.pae.core.config.SettingsSource;
import org.pae.core.ports.Adapter;
import org.pae.core.registry.Registry;
import org.pae.core.registry.RegistryProvider;

/**
 * The adapter {@code kubernetes}: when {@code kubernetes.master} or {@code kubernetes.context}
 * names a cluster, {@code pae run} reads its pods' containers every tick ({@link KubernetesSource})
 * and resizes them in place ({@link KubernetesActuator}, under {@code --enforce}). A cluster that
 * does not answer stops the start with the API server's own message.
 */
public final class KubernetesAdapter implements Adapter, RegistryProvider {
  @Override
  public Optional<Connector> configure(SettingsSource settings) {
    KubernetesSettings s = KubernetesSettings.from(settings);
    if (!s.named()) {
      return Optional.empty();
    }
    return Optional.of(
        (now, warnings) -> {
          Cluster cluster = Cluster.open(s);
          return new Attached(
              "Kubernetes at " + cluster.where(),
              new KubernetesSource(cluster, warnings),
              Optional.of(new KubernetesActuator(cluster, s.enforced())),
              id -> id.value().startsWith(Cluster.PREFIX),
              Warm.NONE,
              cluster::close);
        });
  }

  @Override
  public void accept(Registry registry) {
    registry.register(
        KIND,
        "kubernetes",
        "containers of a cluster's pods (kubernetes.master or kubernetes.context)",
        new KubernetesAdapter());
  }
}
