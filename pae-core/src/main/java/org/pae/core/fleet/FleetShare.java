package org.pae.core.fleet;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pae.core.allocate.Budget;

/**
 * Shares an account's quota of one resource among the hosts of a fleet, by the rule {@link
 * Budget#share} applies on one host: first every host's floors, then the rest of the demand tier by
 * tier from the most critical, proportionally within the tier where it runs out. What the demand
 * leaves of the quota is split evenly among the hosts, so that a host whose demand grows can grow
 * at once by its part of it.
 *
 * <p>A host takes its share only within what the others hold: the store keeps, for every host, the
 * most it may be holding ({@link Grant#recorded}), and a host's usable share never exceeds the
 * quota less the others' records. A host lowers its record only once it holds less. So the records
 * of the counted hosts never sum beyond the quota, and a host never allocates beyond its record,
 * whatever the order in which hosts exchange: demand moving from one host to another takes two
 * exchanges, one to release, one to take.
 *
 * <p>Every result is finite and non-negative whatever the store holds: a NaN or negative demand is
 * none, a NaN or negative quota shares nothing, a record that is not a finite value {@code >= 0}
 * holds the whole quota.
 */
public final class FleetShare {
  private FleetShare() {}

  /**
   * Each host's target share of {@code quota} by their claims, in the members' order; their sum is
   * never beyond the quota.
   */
  public static Map<String, Double> targets(double quota, List<Member> members) {
    double room = budget(quota);
    List<Budget.Claim> claims = new ArrayList<>();
    List<Integer> owner = new ArrayList<>();
    double desired = 0;
    for (int m = 0; m < members.size(); m++) {
      for (Claim c : members.get(m).claims()) {
        double want = Double.isNaN(c.desired()) || c.desired() < 0 ? 0 : c.desired();
        double floor = Double.isNaN(c.floor()) ? 0 : Math.clamp(c.floor(), 0, want);
        claims.add(new Budget.Claim(want, floor, c.tier()));
        owner.add(m);
        desired += Math.min(want, Double.MAX_VALUE / (members.size() + 1.0));
      }
    }
    double[] grants = Budget.share(room, claims);
    double[] share = new double[members.size()];
    double granted = 0;
    for (int i = 0; i < grants.length; i++) {
      share[owner.get(i)] += grants[i];
      granted += grants[i];
    }
    // The grants sum to at most the room; what they leave, evenly, and never more than is left.
    double spare = desired < room && !members.isEmpty() ? Math.max(0, room - granted) : 0;
    Map<String, Double> out = new LinkedHashMap<>();
    for (int m = 0; m < members.size(); m++) {
      out.merge(members.get(m).host(), share[m] + spare / members.size(), Double::sum);
    }
    return out;
  }

  /**
   * The grant of host {@code me} at an exchange, with the others as the store keeps them.
   *
   * @param me this host: heard now, its quota, its record before this exchange and its claims
   * @param held what it holds now (its allocations after its last tick); NaN when unknown
   * @param others the other hosts with a record on this quota, counted or not
   * @param witness this host's previous heartbeat, empty when it has none
   * @param lease how long a heartbeat keeps a host counted
   */
  public static Grant settle(
      Member me, double held, List<Member> others, Optional<Instant> witness, Lease lease) {
    List<Member> counted = new ArrayList<>();
    counted.add(me);
    double quota = budget(me.quota());
    for (Member o : others) {
      if (!o.host().equals(me.host()) && lease.counts(o.heartbeat(), witness)) {
        counted.add(o);
        quota = Math.min(quota, budget(o.quota()));
      }
    }
    double taken = 0;
    for (Member o : counted.subList(1, counted.size())) {
      double r = o.recorded();
      taken += Double.isFinite(r) && r >= 0 ? Math.min(r, quota) : quota;
    }
    double room = Math.max(0, quota - Math.min(taken, quota));
    double target = targets(quota, counted).get(me.host());
    double usable = Math.min(target, room);
    double previous = Double.isFinite(me.recorded()) && me.recorded() >= 0 ? me.recorded() : 0;
    double holding = Double.isFinite(held) && held >= 0 ? Math.min(held, previous) : previous;
    return new Grant(quota, target, usable, Math.max(usable, holding));
  }

  private static double budget(double quota) {
    return quota > 0 ? Math.min(quota, Double.MAX_VALUE) : 0;
  }
}
