package org.pae.core.anomaly;

import java.util.Optional;

/**
 * How unusual one sample is: a value in [0, 1] and the forecast band it was judged against (the one
 * it broke furthest, or the nearest horizon's when it broke none); no band while the detector warms
 * up.
 */
public record Score(double value, Optional<Band> band) {
  /** Nothing unusual, nothing to compare with. */
  public static final Score NONE = new Score(0, Optional.empty());

  public Score {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException("an anomaly score is in [0, 1]: " + value);
    }
  }
}
