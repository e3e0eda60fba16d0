package org.pae.sim.tier;

/**
 * BENCHMARKS §5's figures of one policy on one trace, over epochs 1 … end.
 *
 * @param trace the trace's name
 * @param policy the policy's label
 * @param requests the requests scored (those of epochs 1 … end)
 * @param epochs the epochs scored
 * @param hotCapacity ⌊K / 100⌋
 * @param hotRequests requests served hot
 * @param warmRequests requests served warm
 * @param coldRequests requests served cold
 * @param migrations tier changes taking effect in epochs 1 … end
 * @param accessCost the sum of the access costs
 * @param migrationCost the sum of the migration costs
 * @param seconds the wall time of the policy's run (excluding reading the trace)
 * @param epochTotal the total cost per request of each epoch (index 0 is epoch 0, not scored)
 */
public record TierFigures(
    String trace,
    String policy,
    long requests,
    int epochs,
    int hotCapacity,
    long hotRequests,
    long warmRequests,
    long coldRequests,
    long migrations,
    double accessCost,
    double migrationCost,
    double seconds,
    double[] epochTotal) {

  public double hotShare() {
    return share(hotRequests);
  }

  public double warmShare() {
    return share(warmRequests);
  }

  public double coldShare() {
    return share(coldRequests);
  }

  /** Migrations per epoch as a share of the hot capacity (NaN when that is 0). */
  public double migrationsPerEpoch() {
    return hotCapacity == 0 || epochs == 0
        ? Double.NaN
        : (double) migrations / epochs / hotCapacity;
  }

  /** Access cost per request. */
  public double accessPerRequest() {
    return requests == 0 ? Double.NaN : accessCost / requests;
  }

  /** Total cost (accesses + migrations) per request: the figure to minimise. */
  public double totalPerRequest() {
    return requests == 0 ? Double.NaN : (accessCost + migrationCost) / requests;
  }

  /** Requests simulated per second of wall time (the whole trace, epoch 0 included). */
  public double requestsPerSecond(long allRequests) {
    return seconds > 0 ? allRequests / seconds : Double.NaN;
  }

  private double share(long n) {
    return requests == 0 ? Double.NaN : (double) n / requests;
  }
}
