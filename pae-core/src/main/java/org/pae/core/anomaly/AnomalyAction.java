package org.pae.core.anomaly;

import java.util.Locale;

/** What the loop does about an open anomaly of a workload ({@code anomaly.action}). */
public enum AnomalyAction {
  /** Report it only: the allocation follows the forecast as usual. */
  ALERT,
  /** No raise to chase it: the allocation stays where it is, except up to current usage. */
  HOLD,
  /**
   * Growth capped at the allocation in force when it opened times {@code 1 +
   * anomaly.contain-growth}, never below current usage.
   */
  CONTAIN;

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a settings value: {@code alert}, {@code hold} or {@code contain}. */
  public static AnomalyAction parse(String key, String value) {
    for (AnomalyAction a : values()) {
      if (a.key().equals(value.trim().toLowerCase(Locale.ROOT))) {
        return a;
      }
    }
    throw new IllegalArgumentException(key + " = " + value + ": expected alert, hold or contain");
  }
}
