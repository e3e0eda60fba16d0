package org.pae.core.model;

/**
 * The fixed bounds of one workload's allocation of one resource. {@code max} is a hard cap (the
 * host's size, an operator's limit); {@code min} is the least PAE will ever set.
 */
public record Limits(double min, double max) {
  public static final Limits NONE = new Limits(0, Double.POSITIVE_INFINITY);

  public Limits {
    if (!(min >= 0) || !(max >= min)) {
      throw new IllegalArgumentException(
          "limits need 0 <= min <= max, got min=" + min + " max=" + max);
    }
  }

  public double clamp(double v) {
    return Math.max(min, Math.min(max, v));
  }
}
