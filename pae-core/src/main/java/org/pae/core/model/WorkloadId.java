package org.pae.core.model;

import java.util.Objects;

/**
 * The stable name of a workload: a VM name, a cgroup path, {@code pid:1234}, a trace's file name.
 */
public record WorkloadId(String value) implements Comparable<WorkloadId> {
  public WorkloadId {
    Objects.requireNonNull(value, "workload id");
    if (value.isBlank()) {
      throw new IllegalArgumentException("a workload id must not be blank");
    }
  }

  public static WorkloadId of(String value) {
    return new WorkloadId(value);
  }

  @Override
  public int compareTo(WorkloadId o) {
    return value.compareTo(o.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
