package org.pae.core.fleet;

import java.util.Collection;

/**
 * The fleet's price of a shortfall of one resource, agreed from the prices the hosts' loops set:
 * their geometric mean weighted by each host's demand of the resource. The prices lie on a grid of
 * half octaves, so a mean of their logarithms is a mean of grid positions; weighting by demand
 * gives the price one loop over the whole fleet would tend to, as its outcomes are pooled over all
 * series. The maximum would be safer for each host and costlier for the fleet: one host with spiky
 * workloads would make every host allocate for spikes it does not have.
 */
public final class FleetPrice {
  private FleetPrice() {}

  /**
   * One host's price.
   *
   * @param price its loop's price; NaN while its loop warms up
   * @param weight its demand of the resource
   */
  public record Quote(double price, double weight) {}

  /** The agreed price; NaN when no host has a finite positive price with a positive weight. */
  public static double agreed(Collection<Quote> quotes) {
    double most = 0;
    for (Quote q : quotes) {
      if (counts(q)) {
        most = Math.max(most, q.weight());
      }
    }
    double logs = 0;
    double weights = 0;
    for (Quote q : quotes) {
      if (counts(q)) {
        // Weights relative to the largest keep the sums finite.
        double w = q.weight() / most;
        logs += w * Math.log(q.price());
        weights += w;
      }
    }
    return weights > 0 ? Math.exp(logs / weights) : Double.NaN;
  }

  private static boolean counts(Quote q) {
    return Double.isFinite(q.price())
        && q.price() > 0
        && Double.isFinite(q.weight())
        && q.weight() > 0;
  }
}
