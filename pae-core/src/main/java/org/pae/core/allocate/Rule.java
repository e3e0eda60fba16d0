package org.pae.core.allocate;

/** Which rule of a policy produced a proposal. */
public enum Rule {
  /** The predicted demand crossed allocated × threshold. */
  SCALE_UP,
  /** The predicted demand fell below allocated × reduction threshold: proactive deallocation. */
  SCALE_DOWN,
  /** The predicted demand lies between the two thresholds. */
  WITHIN_BAND,
  /** The policy's own rule fired (a baseline's recomputation, an oracle). */
  RECOMPUTED,
  /** The policy keeps the allocation by its own rule (a baseline between recomputations). */
  POLICY_HOLD,
  /** The model has too little history to forecast yet. */
  WARMING_UP,
  /** No usage was read this interval: hold, never scale down on missing data. */
  NO_DATA,
  /** An operator pinned the allocation (until the pin expires). */
  PINNED,
  /** An operator paused PAE for this workload: hold whatever the forecast says. */
  PAUSED
}
