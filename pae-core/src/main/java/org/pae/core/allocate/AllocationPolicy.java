package org.pae.core.allocate;

import java.util.Optional;
import org.pae.core.model.Resource;
import org.pae.core.model.Workload;

/** A named way of allocating: opens one {@link SeriesPolicy} per workload and resource. */
public interface AllocationPolicy {
  String name();

  SeriesPolicy open(Workload workload, Resource resource);

  /**
   * Whether its series share state across workloads (a fleet-wide price), so that workloads must be
   * stepped in one fleet-wide time order, not one after the other.
   */
  default boolean sharesAcrossWorkloads() {
    return false;
  }

  /**
   * The fleet-wide price of a shortfall of {@code r} that its series share, made now if none of
   * {@code r} has opened yet: what replicas of a fleet replay pool interval by interval ({@link
   * ShortfallPrice#closeWith}); empty for a policy whose series share no price.
   */
  default Optional<ShortfallPrice> fleetPrice(Resource r) {
    return Optional.empty();
  }
}
