package org.pae.core.model;

import java.util.Objects;

/** One tracked series: a workload and a resource. */
public record SeriesKey(WorkloadId workload, Resource resource) {
  public SeriesKey {
    Objects.requireNonNull(workload, "workload");
    Objects.requireNonNull(resource, "resource");
  }

  @Override
  public String toString() {
    return workload + "/" + resource.key();
  }
}
