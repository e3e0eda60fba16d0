package org.pae.core.tier;

/**
 * What a tiering policy is made for: the tiers' capacities and costs, and the settings of PAE's
 * policy (the baselines have none).
 */
public record TierSetup(Capacities capacities, TierCosts costs, TierSettings settings) {
  /** Capacities and costs with the defaults file's {@code tier.*} settings. */
  public TierSetup(Capacities capacities, TierCosts costs) {
    this(capacities, costs, TierSettings.DEFAULTS);
  }
}
