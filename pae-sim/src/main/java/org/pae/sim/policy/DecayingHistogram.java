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

  /** Buckets reach 10^8 first buckets: 1,000 cores at 10 MHz, 1 TB at 10 MB. */
  static final double RANGE = 1e8;

  /** VPA shifts its reference time once weights would exceed 2^100 (doubles stay exact enough). */
  private static final double MAX_EXPONENT = 100;

  private final double firstBucket;
  private final double halfLifeSeconds;
  private final double[] weights;
  private double total;
  private long reference = Long.MIN_VALUE;

  public DecayingHistogram(double firstBucket, Duration halfLife) {
    if (!(firstBucket > 0)) {
      throw new IllegalArgumentException("the first bucket must be > 0: " + firstBucket);
    }
    if (halfLife.isNegative() || halfLife.isZero()) {
      throw new IllegalArgumentException("the half-life must be positive: " + halfLife);
    }
    this.firstBucket = firstBucket;
    this.halfLifeSeconds = halfLife.toMillis() / 1000.0;
    int n = (int) Math.ceil(Math.log(RANGE * (RATIO - 1) + 1) / Math.log(RATIO)) + 1;
    this.weights = new double[n];
  }

  /** The bucket a value falls in (VPA's {@code FindBucket}). */
  int bucket(double value) {
    if (value < firstBucket) {
      return 0;
    }
    int b = (int) (Math.log(value * (RATIO - 1) / firstBucket + 1) / Math.log(RATIO));
    return Math.min(b, weights.length - 1);
  }

  /** Where a bucket starts (VPA's {@code GetBucketStart}); bucket 0 starts at 0. */
  double bucketStart(int bucket) {
    return bucket == 0 ? 0 : firstBucket * (Math.pow(RATIO, bucket) - 1) / (RATIO - 1);
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
