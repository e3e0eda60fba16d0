package org.pae.core.fleet;

/**
 * One host's share of one account's quota of one resource.
 *
 * @param quota the quota the fleet shares: the least of the counted hosts' quotas
 * @param target its share of the quota by the fleet's demand, as {@code Budget.share} would give it
 * @param usable what its loop may allocate until the next exchange: the target, within what the
 *     other counted hosts leave of the quota
 * @param recorded what the store keeps as its holding: the usable share, or what it still holds
 *     when that is more (it lowers its allocations at its next tick, and only then its record)
 */
public record Grant(double quota, double target, double usable, double recorded) {}
