package org.pae.server.state;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.pae.core.allocate.Decision;
import org.pae.core.forecast.Forecast;
import org.pae.core.model.Resource;

/**
 * One series at the latest tick.
 *
 * @param resource which resource
 * @param usage what it used; empty when it could not be read
 * @param inForce the allocation in force when the tick observed it (what the actuator last set, or,
 *     recommend-only, PAE's last recommendation)
 * @param allocation the allocation once this tick's decision applies: PAE's recommendation
 * @param decision this tick's decision
 * @param forecast quantiles per horizon, empty while the model has no data
 * @param predicted the policy's quantile one interval ahead; while the series warms up (the policy
 *     decides nothing yet) the model's median one interval ahead; NaN without a forecast
 * @param risk the forecast probability that usage exceeds the allocation one interval ahead (NaN
 *     without a forecast)
 * @param initialAllocation the allocation it had when PAE first saw it: savings are measured from
 *     there
 * @param warmUpLeft while the policy is warming up on this series (it holds the allocation and does
 *     not act on the forecast yet), how long until it decides; empty once it decides
 */
public record SeriesView(
    Resource resource,
    OptionalDouble usage,
    double inForce,
    double allocation,
    Decision decision,
    Optional<Forecast> forecast,
    double predicted,
    double risk,
    double initialAllocation,
    Optional<Duration> warmUpLeft) {
  public SeriesView {
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(usage, "usage");
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(forecast, "forecast");
    Objects.requireNonNull(warmUpLeft, "warmUpLeft");
  }

  /** Whether the policy is still warming up on this series. */
  public boolean warmingUp() {
    return warmUpLeft.isPresent();
  }

  /** What PAE freed relative to the allocation the workload came with (negative: added). */
  public double savings() {
    return initialAllocation - allocation;
  }
}
