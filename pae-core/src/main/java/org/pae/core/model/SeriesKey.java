package org.pae.core.model;

import java.util.Objects;

/**
 * One tracked series: a workload and a resource. Its hash is the same in every run (a record's
 * default would take the enum's identity hash, which is not), so what derives from it — a series'
 * refit phase, the order of a map of series — makes a replay reproducible.
 */
public record SeriesKey(WorkloadId workload, Resource resource) {
  public SeriesKey {
    Objects.requireNonNull(workload, "workload");
    Objects.requireNonNull(resource, "resource");
  }

  @Override
  public int hashCode() {
    return 31 * workload.value().hashCode() + resource.name().hashCode();
  }

  @Override
  public String toString() {
    return workload + "/" + resource.key();
  }
}
