package org.pae.sim;

import org.pae.core.registry.Registry;
import org.pae.core.registry.RegistryProvider;
import org.pae.core.tier.TierPolicies;
import org.pae.sim.forecast.EvalEngine;
import org.pae.sim.policy.Baselines;
import org.pae.sim.replay.ReplayEngine;
import org.pae.sim.tier.TierSim;
import org.pae.sim.trace.TraceFormat;

/**
 * The simulator's contribution to the {@link Registry}: its baselines, trace formats and tier
 * policies (the core's and the oracle).
 */
public final class SimEntries implements RegistryProvider {
  @Override
  public void accept(Registry r) {
    r.include(Baselines.CONTRIBUTION, Baselines::register);
    r.include("pae-sim trace formats", TraceFormat::register);
    r.include(TierPolicies.CONTRIBUTION, TierPolicies::register);
    r.include(TierSim.CONTRIBUTION, TierSim::register);
    r.include("pae-sim replay engines", ReplayEngine::register);
    r.include("pae-sim forecast-eval engines", EvalEngine::register);
  }
}
