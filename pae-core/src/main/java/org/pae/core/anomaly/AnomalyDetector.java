package org.pae.core.anomaly;

import java.time.Instant;

/**
 * How unusual each sample of one series is, as it arrives. It is fed samples in time order and
 * answers each with a score in [0, 1]; a sample is an anomaly when its score reaches the threshold
 * the caller sets. It reads no clock (times are arguments) and keeps bounded state.
 */
@FunctionalInterface
public interface AnomalyDetector {
  /**
   * Takes the sample {@code value} at {@code time} and scores it against what the series did
   * before; a time not after the previous sample's, or a value that is not finite, scores {@link
   * Score#NONE} and is not learnt from.
   */
  Score score(Instant time, double value);
}
