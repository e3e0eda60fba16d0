package org.pae.core.tier;

/** Makes a fresh policy, with its own state, for one run. */
@FunctionalInterface
public interface TierPolicyFactory {
  TierPolicy create(TierSetup setup);
}
