package org.pae.sim;

import org.pae.core.registry.Registry;
import org.pae.core.registry.RegistryProvider;
import org.pae.sim.forecast.EvalEngine;
import org.pae.sim.policy.Baselines;
import org.pae.sim.replay.ReplayEngine;
import org.pae.sim.trace.TraceFormat;

/** The simulator's contribution to the {@link Registry}: its baselines and trace formats. */
public final class SimEntries implements RegistryProvider {
  @Override
  public void accept(Registry r) {
    r.include(Baselines.CONTRIBUTION, Baselines::register);
    r.include("pae-sim trace formats", TraceFormat::register);
    r.include("pae-sim replay engines", ReplayEngine::register);
    r.include("pae-sim forecast-eval engines", EvalEngine::register);
  }
}
