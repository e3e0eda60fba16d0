package org.pae.kubernetes;

import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.pae.core.config.SettingsSource;
import org.pae.core.model.Resource;

/**
 * The {@code kubernetes.*} settings of {@code pae-defaults.properties}, each checked: a bad value
 * is refused with a message naming its key.
 *
 * @param master the API server's URL; empty: the kubeconfig's (or the in-cluster service account's)
 * @param context the kubeconfig context; empty: its current one
 * @param namespaces the namespaces whose pods are read; empty: every namespace
 * @param enforced the resources resized in place under {@code --enforce} (memory, cpu)
 * @param timeout how long one request to the API server may take
 */
public record KubernetesSettings(
    String master,
    String context,
    List<String> namespaces,
    Set<Resource> enforced,
    Duration timeout) {
  public KubernetesSettings {
    namespaces = List.copyOf(namespaces);
    enforced = enforced.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(enforced));
    for (Resource r : enforced) {
      if (r != Resource.MEMORY && r != Resource.CPU) {
        throw new IllegalArgumentException(
            "kubernetes.enforce: Kubernetes resizes a container's memory and cpu, not " + r.key());
      }
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("kubernetes.timeout must be positive: " + timeout);
    }
  }

  /** Whether the settings name a cluster: a master or a context. */
  public boolean named() {
    return !master.isEmpty() || !context.isEmpty();
  }

  /** Reads the {@code kubernetes.*} keys through the one settings loader. */
  public static KubernetesSettings from(SettingsSource settings) {
    String master = settings.get("kubernetes.master").trim();
    if (!master.isEmpty()) {
      try {
        String scheme = URI.create(master).getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
          throw new IllegalArgumentException("not http or https");
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "kubernetes.master = '" + master + "' is not an http(s) URL: " + e.getMessage(), e);
      }
    }
    Set<Resource> enforced = EnumSet.noneOf(Resource.class);
    for (String r : settings.list("kubernetes.enforce")) {
      try {
        enforced.add(Resource.parse(r));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "kubernetes.enforce = " + settings.get("kubernetes.enforce") + ": " + e.getMessage(),
            e);
      }
    }
    return new KubernetesSettings(
        master,
        settings.get("kubernetes.context").trim(),
        settings.list("kubernetes.namespaces"),
        enforced,
        settings.duration("kubernetes.timeout"));
  }
}
