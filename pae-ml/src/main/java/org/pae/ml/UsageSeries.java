package org.pae.ml;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.pae.core.model.AccountId;
import org.pae.core.model.WorkloadId;

/**
 * A regularly sampled usage history of one workload's resource, for training: {@code values[i]} was
 * measured at {@code start + i × step}; {@code NaN} marks a missing sample.
 *
 * @param workload whose usage it is
 * @param account its owner, for the calendar's time zone
 * @param features what is known about it besides its usage (program code, account, size class: see
 *     {@link Features}), for models that learn across workloads
 * @param start the time of the first sample
 * @param step the sampling interval
 * @param values the samples
 */
public record UsageSeries(
    WorkloadId workload,
    AccountId account,
    Set<String> features,
    Instant start,
    Duration step,
    double[] values) {
  public UsageSeries {
    Objects.requireNonNull(workload, "workload");
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(start, "start");
    features = Set.copyOf(features);
    if (step.isZero() || step.isNegative()) {
      throw new IllegalArgumentException("the sampling step must be positive: " + step);
    }
    values = values.clone();
    for (double v : values) {
      if (v < 0) {
        throw new IllegalArgumentException("usage of " + workload + " is negative: " + v);
      }
    }
  }

  /** The time of sample {@code i}. */
  public Instant time(int i) {
    return start.plus(step.multipliedBy(i));
  }

  /** A copy holding samples {@code [from, to)}. */
  public UsageSeries slice(int from, int to) {
    return new UsageSeries(
        workload,
        account,
        features,
        time(from),
        step,
        java.util.Arrays.copyOfRange(values, from, to));
  }
}
