package org.pae.core.allocate;

import java.time.Duration;
import java.util.Map;
import org.pae.core.forecast.ForecasterFactory;
import org.pae.core.model.Resource;

/**
 * An allocation policy's own settings, as its registry entry ({@link Allocations.Maker}) read them
 * from its own keys: they make the policy, and say what an operator's {@link Tuning} of a series is
 * checked against. The loop's bounds are not among them ({@code LoopBounds}).
 */
public interface PolicySetup {
  /**
   * The policy, named {@code name} in decisions, forecasting with {@code models}, for a loop that
   * runs every {@code loopInterval} (a replay's is the trace's step).
   */
  AllocationPolicy make(String name, ForecasterFactory models, Duration loopInterval);

  /**
   * The settings of {@code resource} an operator may tune, by key (the {@code policy.*} keys the
   * policy reads itself, without the prefix).
   */
  Map<String, Double> values(Resource resource);

  /**
   * How long the policy watches a new series before it decides, for a loop that runs every {@code
   * loopInterval}.
   */
  Duration warmUp(Duration loopInterval);
}
