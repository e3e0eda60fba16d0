package org.pae.core.allocate;

import java.util.List;
import org.pae.core.model.Criticality;

/**
 * Shares a budget (an account's quota, a parent's allocation) among claims: first everyone's floor
 * (what it uses now, or its current allocation where it wanted less), then the rest of the demand
 * tier by tier from the most critical, proportionally within the tier where it runs out. If the
 * floors alone exceed the budget, the budget is shared in proportion to the floors: the cap is
 * hard.
 */
public final class Budget {
  private Budget() {}

  /**
   * One claim on a budget.
   *
   * @param desired what it would get without the budget
   * @param floor the least it should get, {@code <= desired}
   * @param tier its criticality
   */
  public record Claim(double desired, double floor, Criticality tier) {
    public Claim {
      if (!(floor >= 0 && desired >= floor)) {
        throw new IllegalArgumentException(
            "a claim needs 0 <= floor <= desired: floor=" + floor + " desired=" + desired);
      }
    }
  }

  /** The grants, in the order of the claims; their sum never exceeds {@code budget}. */
  public static double[] share(double budget, List<Claim> claims) {
    int n = claims.size();
    double[] grant = new double[n];
    double desired = 0;
    double floors = 0;
    for (Claim c : claims) {
      desired += c.desired();
      floors += c.floor();
    }
    if (desired <= budget) {
      for (int i = 0; i < n; i++) {
        grant[i] = claims.get(i).desired();
      }
      return grant;
    }
    if (floors >= budget) {
      for (int i = 0; i < n; i++) {
        grant[i] = floors == 0 ? 0 : budget * (claims.get(i).floor() / floors);
      }
      return grant;
    }
    double left = budget - floors;
    for (int i = 0; i < n; i++) {
      grant[i] = claims.get(i).floor();
    }
    Criticality[] tiers = Criticality.values();
    for (int t = tiers.length - 1; t >= 0 && left > 0; t--) {
      double extra = 0;
      for (Claim c : claims) {
        if (c.tier() == tiers[t]) {
          extra += c.desired() - c.floor();
        }
      }
      double share = extra <= left ? 1 : left / extra;
      for (int i = 0; i < n; i++) {
        Claim c = claims.get(i);
        if (c.tier() == tiers[t]) {
          grant[i] += (c.desired() - c.floor()) * share;
        }
      }
      left -= Math.min(extra, left);
    }
    return grant;
  }
}
