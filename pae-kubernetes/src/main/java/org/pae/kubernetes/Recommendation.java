package org.pae.kubernetes;

import java.util.Objects;
import org.pae.core.model.Resource;

/**
 * PAE's allocation of one resource of one container: bytes of memory, millicores of CPU.
 *
 * @param container the container
 * @param resource memory or cpu (Kubernetes sizes no other resource of a container)
 * @param allocation what PAE allocates, in the resource's unit
 */
public record Recommendation(Container container, Resource resource, double allocation) {
  public Recommendation {
    Objects.requireNonNull(container, "container");
    if (resource != Resource.MEMORY && resource != Resource.CPU) {
      throw new IllegalArgumentException(
          "Kubernetes sizes a container's memory and cpu, not " + resource.key());
    }
    if (!(allocation > 0) || Double.isInfinite(allocation)) {
      throw new IllegalArgumentException(
          container + " " + resource.key() + ": allocation must be a positive number");
    }
  }

  /**
   * As a Kubernetes quantity, rounded up so that it is never below PAE's allocation: whole
   * millicores ({@code 250m}), memory in whole MiB ({@code 256Mi}).
   */
  public String quantity() {
    return resource == Resource.CPU
        ? (long) Math.ceil(allocation) + "m"
        : (long) Math.ceil(allocation / (1024.0 * 1024.0)) + "Mi";
  }
}
