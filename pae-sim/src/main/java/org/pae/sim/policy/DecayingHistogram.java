package org.pae.sim.policy;

import java.time.Duration;
import java.util.Arrays;

/**
 * The Kubernetes VPA recommender's histogram ({@code pkg/recommender/util/histogram.go} and {@code
 * decaying_histogram.go}): exponential buckets — the first ends at {@code firstBucket}, each next
 * one is 5 % wider — and samples weighted by 2^((t − reference) / half-life), so a sample one
 * half-life older counts half as much. A percentile reads the END of the bucket where the
 * cumulative weight first reaches it. Time is an argument (epoch seconds).
 */
public final class DecayingHistogram {
  /** Each bucket is 5 % wider than the one before. */
  static final double RATIO = 1.05;

  /**
   * Buckets reach 10^15 first buckets (about 700 buckets): far beyond 1,000 cores at 10 MHz or 1 TB
   * at 10 MB, and wide enough for values of unknown unit (first bucket 0.01) up to 10^13, such as
   * bytes per second. A value past the last bucket would be under-read, so the range is generous.
   */
  static final double RANGE = 1e15;

  /** VPA shifts its reference time once weights would exceed 2^100 (doubles stay exact enough). */
  private static final double MAX_EXPONENT = 100;

  /** Where the buckets' boundaries lie. */
  public enum Buckets {
    /**
     * Boundaries grow 5 % each: bucket 0 is [0, f), bucket k ≥ 1 is [f·1.05^(k−1), f·1.05^k), so
     * reading a bucket's end adds at most 5 %. BENCHMARKS §1's reference figures are reproduced
     * with this layout (within 1 % on 2013-7; VPA's own layout is 4–10 % off on short_rate).
     */
    GEOMETRIC,
    /**
     * VPA's code: bucket widths grow 5 % from a first width of f, so bucket k starts at f·(1.05^k −
     * 1)/0.05 — [0, f), [f, 2.05 f), ... — much coarser at small values.
     */
    VPA
  }

  private final Buckets layout;
  private final double firstBucket;
  private final double halfLifeSeconds;
  private final double[] weights;
  private double total;
  private long reference = Long.MIN_VALUE;

  public DecayingHistogram(Buckets layout, double firstBucket, Duration halfLife) {
    this.layout = java.util.Objects.requireNonNull(layout, "layout");
    if (!(firstBucket > 0)) {
      throw new IllegalArgumentException("the first bucket must be > 0: " + firstBucket);
    }
    if (halfLife.isNegative() || halfLife.isZero()) {
      throw new IllegalArgumentException("the half-life must be positive: " + halfLife);
    }
    this.firstBucket = firstBucket;
    this.halfLifeSeconds = halfLife.toMillis() / 1000.0;
    this.weights = new double[unbounded(layout, firstBucket, firstBucket * RANGE) + 1];
  }

  /** The bucket a value falls in (VPA's {@code FindBucket} for its layout). */
  int bucket(double value) {
    return Math.min(unbounded(layout, firstBucket, value), weights.length - 1);
  }

  private static int unbounded(Buckets layout, double first, double value) {
    if (value < first) {
      return 0;
    }
    return switch (layout) {
      case GEOMETRIC -> 1 + (int) (Math.log(value / first) / Math.log(RATIO));
      case VPA -> (int) (Math.log(value * (RATIO - 1) / first + 1) / Math.log(RATIO));
    };
  }

  /** Where a bucket starts (VPA's {@code GetBucketStart} for its layout); bucket 0 at 0. */
  double bucketStart(int bucket) {
    if (bucket == 0) {
      return 0;
    }
    return switch (layout) {
      case GEOMETRIC -> firstBucket * Math.pow(RATIO, bucket - 1);
      case VPA -> firstBucket * (Math.pow(RATIO, bucket) - 1) / (RATIO - 1);
    };
  }

  /** Adds a sample of weight 1 taken at {@code epochSecond}. */
  public void add(double value, long epochSecond) {
    if (reference == Long.MIN_VALUE) {
      reference = epochSecond;
    }
    double exponent = (epochSecond - reference) / halfLifeSeconds;
    if (exponent > MAX_EXPONENT) {
      double scale = Math.pow(2, -exponent);
      for (int i = 0; i < weights.length; i++) {
        weights[i] *= scale;
      }
      total *= scale;
      reference = epochSecond;
      exponent = 0;
    }
    double w = Math.pow(2, exponent);
    weights[bucket(value)] += w;
    total += w;
  }

  /** Whether it holds no weight. */
  public boolean isEmpty() {
    return total <= 0;
  }

  /**
   * The {@code p}-percentile: the end of the first bucket at which the cumulative weight reaches p
   * × total (the start of the last bucket if that is the last one); 0 when empty.
   */
  public double percentile(double p) {
    if (isEmpty()) {
      return 0;
    }
    int last = weights.length - 1;
    while (last > 0 && weights[last] == 0) {
      last--;
    }
    double threshold = p * total;
    double sum = 0;
    int b = 0;
    for (; b < last; b++) {
      sum += weights[b];
      if (sum >= threshold) {
        break;
      }
    }
    return b < weights.length - 1 ? bucketStart(b + 1) : bucketStart(b);
  }

  /** Empties it. */
  public void clear() {
    Arrays.fill(weights, 0);
    total = 0;
    reference = Long.MIN_VALUE;
  }
}
