package org.pae.sim.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.pae.sim.policy.DecayingHistogram.Buckets;

class DecayingHistogramTest {
  private final DecayingHistogram h =
      new DecayingHistogram(Buckets.GEOMETRIC, 10, Duration.ofHours(24));

  @Test
  void geometricBoundariesAreTenThenFivePercentApart() {
    assertThat(h.bucketStart(0)).isZero();
    assertThat(h.bucketStart(1)).isCloseTo(10, within(1e-9));
    assertThat(h.bucketStart(2)).isCloseTo(10.5, within(1e-9));
    assertThat(h.bucketStart(3)).isCloseTo(11.025, within(1e-9));
    assertThat(h.bucket(9.99)).isZero();
    assertThat(h.bucket(10)).isEqualTo(1);
    assertThat(h.bucket(10.49)).isEqualTo(1);
    assertThat(h.bucket(10.51)).isEqualTo(2);
  }

  @Test
  void vpaLayoutHasWidthsGrowingFivePercentFromTen() {
    DecayingHistogram v = new DecayingHistogram(Buckets.VPA, 10, Duration.ofHours(24));
    assertThat(v.bucketStart(1)).isCloseTo(10, within(1e-9));
    assertThat(v.bucketStart(2)).isCloseTo(10 + 10.5, within(1e-9));
    assertThat(v.bucketStart(3)).isCloseTo(10 + 10.5 + 11.025, within(1e-9));
    assertThat(v.bucket(20.49)).isEqualTo(1);
    // exactly at a boundary the logarithm may land a hair below it, as in VPA's own Go code
    assertThat(v.bucket(20.51)).isEqualTo(2);
  }

  @Test
  void aPercentileReadsTheEndOfItsBucket() {
    assertThat(h.percentile(0.9)).isZero();
    h.add(10.2, 0); // bucket 1 = [10, 10.5)
    assertThat(h.percentile(0.9)).isCloseTo(10.5, within(1e-9));
    for (int i = 0; i < 9; i++) {
      h.add(1, 0); // bucket 0 = [0, 10)
    }
    // 9 of 10 units of weight end at 10: P90 is the end of bucket 0, P91 of bucket 1
    assertThat(h.percentile(0.9)).isCloseTo(10, within(1e-9));
    assertThat(h.percentile(0.91)).isCloseTo(10.5, within(1e-9));
  }

  @Test
  void aSampleOneHalfLifeNewerWeighsTwice() {
    h.add(1, 0); // weight 1 in bucket 0
    h.add(10.2, 86_400); // weight 2 in bucket 1
    // cumulative: 1/3 at the end of bucket 0, 1 at the end of bucket 1
    assertThat(h.percentile(0.33)).isCloseTo(10, within(1e-9));
    assertThat(h.percentile(0.34)).isCloseTo(10.5, within(1e-9));
  }

  @Test
  void valuesOfUnknownUnitUpToTenToTheThirteenAreReadWithinFivePercent() {
    DecayingHistogram any = new DecayingHistogram(Buckets.GEOMETRIC, 0.01, Duration.ofHours(24));
    any.add(3.2e12, 0);
    assertThat(any.percentile(0.9)).isBetween(3.2e12, 3.2e12 * 1.05);
  }

  @Test
  void weightsStayFiniteOverVeryLongTraces() {
    DecayingHistogram fast = new DecayingHistogram(Buckets.GEOMETRIC, 10, Duration.ofMinutes(5));
    fast.add(1, 0);
    fast.add(10.2, 300L * 1000); // 1000 half-lives later: the reference time shifts
    assertThat(fast.percentile(0.5)).isCloseTo(10.5, within(1e-9));
    fast.clear();
    assertThat(fast.isEmpty()).isTrue();
  }
}
