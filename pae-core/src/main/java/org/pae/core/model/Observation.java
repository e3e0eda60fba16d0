package org.pae.core.model;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What was seen of one workload and one resource at one tick: its usage and the allocation in
 * force.
 *
 * @param workload who
 * @param resource what
 * @param usage measured usage in the resource's unit; empty when the source could not read it (the
 *     loop then holds and says so)
 * @param allocated the allocation in force now, in the same unit
 */
public record Observation(
    Workload workload, Resource resource, OptionalDouble usage, double allocated) {
  public Observation {
    Objects.requireNonNull(workload, "workload");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(usage, "usage");
    if (usage.isPresent() && !(usage.getAsDouble() >= 0)) {
      throw new IllegalArgumentException(
          "usage of "
              + resource.key()
              + " for "
              + workload.id()
              + " must be >= 0: "
              + usage.getAsDouble());
    }
    if (!(allocated >= 0)) {
      throw new IllegalArgumentException(
          "allocation of "
              + resource.key()
              + " for "
              + workload.id()
              + " must be >= 0: "
              + allocated);
    }
  }

  public static Observation of(Workload w, Resource r, double usage, double allocated) {
    return new Observation(w, r, OptionalDouble.of(usage), allocated);
  }

  public static Observation missing(Workload w, Resource r, double allocated) {
    return new Observation(w, r, OptionalDouble.empty(), allocated);
  }

  public SeriesKey key() {
    return new SeriesKey(workload.id(), resource);
  }
}
