package org.pae.core.allocate;

import java.util.Map;

/**
 * An operator's values, for one series, of keys an allocation policy reads itself (its {@code
 * policy.*} keys without the prefix: {@code threshold}, {@code risk-budget}, ...), which win over
 * the policy's own settings for that series. Set through the API and checked there; {@link #NONE}
 * in a replay. Each policy applies the keys it reads and no other.
 *
 * @param values the values set, by key
 */
public record Tuning(Map<String, Double> values) {
  /** Nothing tuned: the policy's own settings. */
  public static final Tuning NONE = new Tuning(Map.of());

  public Tuning {
    values = Map.copyOf(values);
  }

  /** The value of {@code key} where tuned, else {@code otherwise}. */
  public double or(String key, double otherwise) {
    Double v = values.get(key);
    return v != null ? v : otherwise;
  }

  /** Whether nothing is tuned. */
  public boolean isEmpty() {
    return values.isEmpty();
  }
}
