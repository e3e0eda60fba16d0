package org.pae.sim.replay;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pae.core.model.Resource;

/**
 * What replaying one workload under every policy gave.
 *
 * @param workload its name
 * @param steps its steps
 * @param tallies per policy (in the replay's order), per resource
 * @param changes per policy, its allocation changes when the replay keeps them (else empty lists)
 * @param trajectory the step-by-step record when the workload was chosen for plotting
 */
public record WorkloadResult(
    String workload,
    int steps,
    List<Map<Resource, Tally>> tallies,
    List<List<Change>> changes,
    Optional<Trajectory> trajectory) {}
