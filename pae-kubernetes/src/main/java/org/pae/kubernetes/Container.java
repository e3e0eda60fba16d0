package org.pae.kubernetes;

import java.util.Objects;

/**
 * A container of Kubernetes, named from a PAE workload id whose parts are {@code
 * namespace/target/container} (Prometheus's {@code namespace,pod,container} labels give {@code
 * shop/web-1/app}); {@code target/container} is in namespace {@code default}, and a bare name is a
 * target whose one container has its name.
 *
 * @param namespace the namespace
 * @param target the pod, or the controller when the workload labels name one
 * @param name the container's name
 */
public record Container(String namespace, String target, String name) {
  public Container {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(name, "name");
  }

  /**
   * The container a workload id names, with or without the {@code k8s:} of the containers {@code
   * pae run} reads from a cluster; more than three parts are refused.
   */
  public static Container of(String workload) {
    String[] p =
        (workload.startsWith(Cluster.PREFIX)
                ? workload.substring(Cluster.PREFIX.length())
                : workload)
            .split("/", -1);
    for (String part : p) {
      if (part.isBlank()) {
        throw new IllegalArgumentException("workload '" + workload + "' has an empty part");
      }
    }
    return switch (p.length) {
      case 1 -> new Container("default", p[0], p[0]);
      case 2 -> new Container("default", p[0], p[1]);
      case 3 -> new Container(p[0], p[1], p[2]);
      default ->
          throw new IllegalArgumentException(
              "workload '"
                  + workload
                  + "' is not namespace/target/container (workload labels such as"
                  + " namespace,pod,container)");
    };
  }
}
