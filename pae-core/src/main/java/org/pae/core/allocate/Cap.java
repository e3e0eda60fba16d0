package org.pae.core.allocate;

/** A bound that changed a proposal on its way to a decision, in the order they are applied. */
public enum Cap {
  /**
   * The sample was anomalous ({@code anomaly.threshold}): it was held out of the forecasting
   * models' history and calibration, which carry its last usual sample on instead; the policy still
   * counts it as use ({@link SeriesPolicy#observeAnomalous}).
   */
  ANOMALY_HELD_OUT,
  /** The forecast was scaled by an operator's event hint (an expected surge or lull). */
  EVENT_HINT,
  /** Limited to the largest step of one change. */
  MAX_STEP,
  /** Raised to current usage (plus margin): never below what the workload uses now. */
  USAGE_FLOOR,
  /** Raised to the workload's minimum. */
  MIN,
  /** Raised to an operator's pre-allocation for a critical workload. */
  PRE_ALLOCATION,
  /**
   * No raise beyond the allocation in force, except up to current usage, while an anomaly is open
   * on the series ({@code anomaly.action = hold}).
   */
  ANOMALY_HOLD,
  /**
   * Growth capped at the allocation in force when the anomaly opened times {@code 1 +
   * anomaly.contain-growth}, never below current usage ({@code anomaly.action = contain}).
   */
  ANOMALY_CONTAIN,
  /** Lowered to the workload's maximum. */
  MAX,
  /**
   * Kept by the cooldown since the last change (a raise once usage has reached the allocation in
   * force passes it).
   */
  COOLDOWN,
  /** Raised or kept to the most the policy wanted over the time a change is expected to hold. */
  HOLD_PEAK,
  /** A reduction held: the series spent its changes for now ({@code max-changes-per-day}). */
  CHURN,
  /** A reduction held: what it would save while it holds does not pay for the change. */
  CHANGE_COST,
  /** Cut to share the account's quota by criticality. */
  QUOTA,
  /** Cut to share the parent's allocation among its children by criticality. */
  PARENT,
  /** A hard cap (max, quota, parent) left it below current usage: resources are short. */
  BELOW_USAGE,
  /**
   * The actuator could not make the change (the kernel refused the write: its error is in the
   * actuation and the log): held at the allocation in force.
   */
  NOT_APPLIED
}
