package org.pae.sim.replay;

import java.io.Serializable;
import java.util.Objects;
import org.pae.core.model.Resource;

/**
 * One allocation change as BENCHMARKS §1's export has it.
 *
 * @param workload the workload ({@code vm} column)
 * @param time the trace timestamp (epoch seconds) of the first step at which it is in effect
 * @param resource the resource
 * @param allocated the new allocation, in the trace's unit
 */
public record Change(String workload, long time, Resource resource, double allocated)
    implements Serializable {
  public Change {
    Objects.requireNonNull(workload, "workload");
    Objects.requireNonNull(resource, "resource");
  }
}
