package org.pae.core.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How long a host's heartbeat keeps its shares: a host counts, and holds what it was granted, until
 * another host has been heard from more than one lease after it. The witness is the deciding host's
 * own previous heartbeat, not the time now: after the store was down for everyone, every heartbeat
 * is old, and the first host back would otherwise take the shares of hosts that are alive and
 * holding them. A host that was heard at the store a whole lease after another last was, while that
 * other was not, has seen it gone. A host with no previous heartbeat (it just joined) reclaims
 * nothing.
 *
 * @param length the lease, longer than the loop's interval
 */
public record Lease(Duration length) {
  public Lease {
    Objects.requireNonNull(length, "length");
    if (length.isNegative() || length.isZero()) {
      throw new IllegalArgumentException("fleet.lease must be positive: " + length);
    }
  }

  /**
   * Whether a host last heard at {@code heartbeat} still counts for a host whose previous heartbeat
   * was {@code witness} (empty when it has none).
   */
  public boolean counts(Instant heartbeat, Optional<Instant> witness) {
    return witness.isEmpty() || !witness.get().isAfter(heartbeat.plus(length));
  }
}
