package org.pae.core.fleet;

import java.time.Instant;
import java.util.List;

/**
 * One host's standing on one account's quota of one resource, as the store keeps it.
 *
 * @param host its name
 * @param heartbeat when it was last heard
 * @param quota the account's quota on that host
 * @param recorded the most it may be holding now: what it was last granted, or what it still held
 *     when its grant fell
 * @param claims its demand, by tier
 */
public record Member(
    String host, Instant heartbeat, double quota, double recorded, List<Claim> claims) {
  public Member {
    claims = List.copyOf(claims);
  }
}
