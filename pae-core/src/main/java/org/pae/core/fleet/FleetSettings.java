package org.pae.core.fleet;

import java.time.Duration;
import java.util.Objects;
import org.pae.core.config.SettingsSource;

/**
 * The {@code fleet.*} settings: where the hosts of a fleet coordinate, under which name this host
 * takes part, and how long its heartbeat keeps its shares.
 *
 * @param store the coordination store's URL ({@code jdbc:postgresql://...}); empty: this host
 *     manages its quotas alone
 * @param host this host's name in the fleet; empty: the machine's host name
 * @param lease how long a host's shares outlive its last heartbeat
 * @param modelCheck how often this host asks the store for a newer published learned model, and
 *     whether its turn to train has come
 */
public record FleetSettings(String store, String host, Lease lease, Duration modelCheck) {
  public FleetSettings {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(lease, "lease");
    if (modelCheck.isNegative() || modelCheck.isZero()) {
      throw new IllegalArgumentException("fleet.model-check must be positive: " + modelCheck);
    }
  }

  /** Reads {@code fleet.*}. */
  public static FleetSettings from(SettingsSource settings) {
    Duration lease = settings.duration("fleet.lease");
    if (lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("fleet.lease must be positive: " + lease);
    }
    return new FleetSettings(
        settings.get("fleet.store").trim(),
        settings.get("fleet.host").trim(),
        new Lease(lease),
        settings.duration("fleet.model-check"));
  }

  /** Whether a store is named. */
  public boolean enabled() {
    return !store.isEmpty();
  }

  /**
   * Refuses a lease that a live host could miss between two heartbeats: one exchange an interval,
   * so the lease must span at least two.
   */
  public void check(Duration interval) {
    if (enabled() && lease.length().compareTo(interval.multipliedBy(2)) < 0) {
      throw new IllegalArgumentException(
          "fleet.lease ("
              + lease.length()
              + ") must be at least two loop intervals ("
              + interval
              + "): a host heard once an interval would otherwise lose its shares between two"
              + " heartbeats");
    }
  }
}
