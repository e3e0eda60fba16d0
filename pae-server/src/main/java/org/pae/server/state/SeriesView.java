package org.pae.server.state;

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
 * @param allocation the allocation once this tick's decision applies
 * @param decision this tick's decision
 * @param forecast quantiles per horizon, empty while the model has no data
 * @param predicted the policy's quantile one interval ahead (NaN without a forecast)
 * @param risk the forecast probability that usage exceeds the allocation one interval ahead (NaN
 *     without a forecast)
 * @param initialAllocation the allocation it had when PAE first saw it: savings are measured from
 *     there
 */
public record SeriesView(
    Resource resource,
    OptionalDouble usage,
    double allocation,
    Decision decision,
    Optional<Forecast> forecast,
    double predicted,
    double risk,
    double initialAllocation) {
  public SeriesView {
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(usage, "usage");
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(forecast, "forecast");
  }

  /** What PAE freed relative to the allocation the workload came with (negative: added). */
  public double savings() {
    return initialAllocation - allocation;
  }
}
