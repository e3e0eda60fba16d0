package org.pae.core.tier;

/** What a tiering policy is made for: the tiers' capacities and costs. */
public record TierSetup(Capacities capacities, TierCosts costs) {}
