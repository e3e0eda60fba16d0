package org.pae.core.model;

/**
 * How much a workload matters when resources are short. Under a quota, demand is met tier by tier
 * from {@link #CRITICAL} down; critical workloads are also allocated ahead by the policy's lead
 * time.
 */
public enum Criticality {
  BEST_EFFORT,
  NORMAL,
  CRITICAL
}
