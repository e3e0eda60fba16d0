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

  /**
   * The grants, in the order of the claims: each finite, between 0 and its claim's desire, and
   * their sum never beyond {@code budget}, whatever the claims and the budget are (a NaN or
   * negative budget shares nothing, an infinite one is the largest double). Every claim counts for
   * at most the largest double over one more than their number, so that no sum of claims can
   * overflow: two claims of 1e308 would otherwise sum to Infinity and leave NaN grants.
   */
  public static double[] share(double budget, List<Claim> claims) {
    int n = claims.size();
    double[] grant = new double[n];
    double room = budget > 0 ? Math.min(budget, Double.MAX_VALUE) : 0;
    double most = Double.MAX_VALUE / (n + 1);
    double[] want = new double[n];
    double[] floor = new double[n];
    double desired = 0;
    double floors = 0;
    for (int i = 0; i < n; i++) {
      Claim c = claims.get(i);
      want[i] = Math.min(c.desired(), most);
      floor[i] = Math.min(c.floor(), most);
      desired += want[i];
      floors += floor[i];
    }
    if (desired <= room) {
      return want;
    }
    if (floors >= room) {
      for (int i = 0; i < n; i++) {
        grant[i] = floors == 0 ? 0 : room * (floor[i] / floors);
      }
      return grant;
    }
    double left = room - floors;
    System.arraycopy(floor, 0, grant, 0, n);
    Criticality[] tiers = Criticality.values();
    for (int t = tiers.length - 1; t >= 0 && left > 0; t--) {
      double extra = 0;
      for (int i = 0; i < n; i++) {
        if (claims.get(i).tier() == tiers[t]) {
          extra += want[i] - floor[i];
        }
      }
      for (int i = 0; i < n; i++) {
        if (claims.get(i).tier() == tiers[t]) {
          // Each its part of what is left, the fraction first: left / extra may underflow.
          grant[i] =
              extra <= left
                  ? want[i]
                  : Math.min(want[i], floor[i] + left * ((want[i] - floor[i]) / extra));
        }
      }
      left -= Math.min(extra, left);
    }
    return grant;
  }
}
