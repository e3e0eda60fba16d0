package org.pae.core.fleet;

import org.pae.core.model.Criticality;

/**
 * What one host's workloads of one tier want of one account's quota of one resource.
 *
 * @param tier their criticality
 * @param desired the sum of what they would be allocated without the quota
 * @param floor the sum of the least each should get (what it uses now, at most its desire)
 */
public record Claim(Criticality tier, double desired, double floor) {}
