package org.pae.core.fleet;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pae.core.model.Resource;
import org.pae.core.registry.Kind;

/**
 * Where the hosts of a fleet coordinate: each registered by name in the {@link
 * org.pae.core.registry.Registry} under {@link #KIND} by its module, and chosen by the URL in
 * {@code fleet.store}.
 */
@FunctionalInterface
public interface FleetStore {
  /** The kind of the fleet stores' entries in a registry. */
  Kind<FleetStore> KIND = new Kind<>("fleet store");

  /**
   * Connects to the store {@code settings} name when its URL is one this store takes (empty
   * otherwise), and prepares its tables.
   *
   * @throws FleetUnavailable when the store is unreachable or refuses, saying which and why
   */
  Optional<Connection> open(FleetSettings settings);

  /**
   * What one host tells the fleet at a tick.
   *
   * @param host its name
   * @param needs its demand and holdings on every account quota its workloads draw on
   * @param prices its loop's price of a shortfall of each resource, weighted by its demand
   */
  record Report(String host, Map<Pool, Need> needs, Map<Resource, FleetPrice.Quote> prices) {
    public Report {
      needs = Map.copyOf(needs);
      prices = Map.copyOf(prices);
    }
  }

  /**
   * One host's demand on one pool.
   *
   * @param quota the account's quota there on this host
   * @param held what its workloads of the account are allocated now
   * @param claims their demand by tier
   */
  record Need(double quota, double held, List<Claim> claims) {
    public Need {
      claims = List.copyOf(claims);
    }
  }

  /**
   * What the fleet answered.
   *
   * @param grants this host's share of every pool it reported
   * @param prices the agreed price of each resource some host priced
   */
  record Reply(Map<Pool, Grant> grants, Map<Resource, Double> prices) {
    public Reply {
      grants = Map.copyOf(grants);
      prices = Map.copyOf(prices);
    }
  }

  /**
   * A host of the fleet as the store last heard it.
   *
   * @param host its name
   * @param heartbeat when it last exchanged
   * @param ticks how many exchanges the store acknowledged to it
   */
  record HostView(String host, Instant heartbeat, long ticks) {}

  /**
   * One host's share of one pool as the store keeps it.
   *
   * @param host the host
   * @param pool the account and resource
   * @param desired its demand, all tiers
   * @param held what it held at its last exchange
   * @param grant its grant then
   */
  record ShareView(String host, Pool pool, double desired, double held, Grant grant) {}

  /** A connection to the store; one host's exchanges go through one, on one thread at a time. */
  interface Connection extends AutoCloseable {
    /**
     * Publishes {@code report} and reads this host's grants and the agreed prices, in one
     * transaction: the reply is acknowledged, the store keeps it.
     *
     * @throws FleetUnavailable when the store cannot be reached or the exchange did not commit
     */
    Reply exchange(FleetStore.Report report);

    /** Every host the store knows, and the store's time now. */
    Map.Entry<Instant, List<HostView>> hosts();

    /** Every host's share of every pool. */
    List<ShareView> shares();

    /**
     * A connection of its own to the same store for the learned models, for a thread other than the
     * exchanges' (training and loading take longer than a tick); the caller closes it.
     */
    FleetModels models();

    @Override
    void close();
  }
}
