package org.pae.core.tier;

/**
 * A tiering policy: at the end of each epoch, from the requests seen so far, the placement in force
 * during the next epoch. Policies keep their own state between epochs; time is the epoch's.
 */
@FunctionalInterface
public interface TierPolicy {
  Placement place(Epoch epoch);
}
