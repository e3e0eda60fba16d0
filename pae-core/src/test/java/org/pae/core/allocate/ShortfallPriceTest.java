package org.pae.core.allocate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShortfallPriceTest {
  private static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");
  private static final Duration STEP = Duration.ofMinutes(5);

  /** Runs {@code ticks} intervals of {@code series} series, each short at every grid level. */
  private static void run(ShortfallPrice p, int from, int ticks, int series, boolean short_) {
    for (int t = from; t < from + ticks; t++) {
      Instant now = T0.plus(STEP.multipliedBy(t));
      for (int s = 0; s < series; s++) {
        p.record(now, 100, 0.01);
        for (int i = p.lowest(); i <= p.highest(); i++) {
          p.outcome(i, short_, 0.01);
        }
      }
    }
  }

  @Test
  void thePriceIsAnchoredAtTheEndOfTheFirstIntervalOnUsageAndBudget() {
    ShortfallPrice p = new ShortfallPrice(STEP, Duration.ofDays(7));
    assertThat(p.price()).isNaN();
    run(p, 0, 2, 10, false);
    assertThat(p.price()).isCloseTo(ShortfallPrice.START * 100 / 0.01, within(1e-6));
  }

  @Test
  void shortfallsAboveTheBudgetRaiseThePriceOneGridStepPerHourAtMost() {
    ShortfallPrice p = new ShortfallPrice(STEP, Duration.ofDays(7));
    run(p, 0, 2, 100, false);
    double start = p.price();
    int level = p.current();
    run(p, 2, 12 * 6, 100, true);
    assertThat(p.price()).isGreaterThan(start);
    assertThat(p.current() - level).isBetween(5, 6);
  }

  @Test
  void noShortfallLowersThePriceOnceTheEvidenceSuffices() {
    ShortfallPrice p = new ShortfallPrice(STEP, Duration.ofDays(7));
    run(p, 0, 2, 10, false);
    int level = p.current();
    // 10 series × 0.01 = 0.1 budgeted shortfalls per interval: 3 of them take 30 intervals.
    run(p, 2, 20, 10, false);
    assertThat(p.current()).isEqualTo(level);
    run(p, 22, 12 * 4, 10, false);
    assertThat(p.current()).isLessThan(level);
  }

  @Test
  void theLowestPriceWithinBudgetIsTheTarget() {
    ShortfallPrice p = new ShortfallPrice(STEP, Duration.ofDays(7));
    run(p, 0, 2, 100, false);
    int level = p.current();
    // Short at every level below the current one, never at or above it: the price stays.
    for (int t = 2; t < 2 + 12 * 24; t++) {
      Instant now = T0.plus(STEP.multipliedBy(t));
      for (int s = 0; s < 100; s++) {
        p.record(now, 100, 0.01);
        for (int i = p.lowest(); i <= p.highest(); i++) {
          p.outcome(i, i < level, 0.01);
        }
      }
    }
    assertThat(p.current()).isEqualTo(level);
  }

  @Test
  void aBadIntervalOrMemoryIsRefused() {
    assertThatThrownBy(() -> new ShortfallPrice(Duration.ZERO, Duration.ofDays(1)))
        .hasMessageContaining("must be positive");
    assertThatThrownBy(() -> new ShortfallPrice(STEP, Duration.ofSeconds(-1)))
        .hasMessageContaining("must be positive");
  }

  private static org.assertj.core.data.Offset<Double> within(double relative) {
    return org.assertj.core.data.Offset.offset(ShortfallPrice.START * 100 / 0.01 * relative);
  }

  @Test
  void theFleetsCandidateRatesCountEveryIntervalOnceItIsClosed() {
    ShortfallPrice p = new ShortfallPrice(STEP, Duration.ofDays(7));
    assertThat(p.candidateRate(2, 3, 8)).isZero();
    for (int t = 0; t < 3; t++) {
      Instant now = T0.plus(STEP.multipliedBy(t));
      for (int s = 0; s < 4; s++) {
        p.record(now, 100, 0.01);
        p.candidate(2, 0, 8, false);
        p.candidate(2, 3, 8, s == 0);
      }
    }
    // The third interval is still open: two closed intervals of four series, one short in each.
    assertThat(p.candidateRate(2, 3, 8)).isCloseTo(0.25, within(1e-9));
    assertThat(p.candidateRate(2, 0, 8)).isZero();
    assertThat(p.candidateRate(1, 3, 8)).isZero();
    assertThat(p.candidateRate(9, 3, 8)).isZero();
    assertThat(ShortfallPrice.ageClass(0)).isZero();
    assertThat(ShortfallPrice.ageClass(24)).isEqualTo(4);
    assertThat(ShortfallPrice.ageClass(287)).isEqualTo(8);
  }

  @Test
  void replicasThatPoolEveryIntervalHoldThePriceOfTheWholeFleet() {
    ShortfallPrice whole = new ShortfallPrice(STEP, Duration.ofDays(1));
    ShortfallPrice[] replicas = {
      new ShortfallPrice(STEP, Duration.ofDays(1)), new ShortfallPrice(STEP, Duration.ofDays(1))
    };
    for (ShortfallPrice r : replicas) {
      r.replicate(
          T0.plus(STEP),
          now -> {
            throw new AssertionError("the replicas close at the interval's end, before " + now);
          });
    }
    java.util.Random rnd = new java.util.Random(3);
    for (int t = 0; t < 12 * 24; t++) {
      Instant now = T0.plus(STEP.multipliedBy(t));
      for (int s = 0; s < 6; s++) {
        // series 0-2 on replica 0, 3-5 on replica 1, whose series start an hour late
        if (s >= 3 && t < 12) {
          continue;
        }
        double usage = 50 + 40 * rnd.nextDouble();
        double[] draws = {rnd.nextDouble(), rnd.nextDouble()};
        for (ShortfallPrice p : new ShortfallPrice[] {whole, replicas[s / 3]}) {
          p.record(now.plusSeconds(s), usage, 0.01);
          for (int i = p.lowest(); i <= p.highest(); i++) {
            // the lower the price, the more often short
            p.outcome(i, draws[0] < 0.02 * (p.highest() - i + 1), 0.01);
          }
          p.candidate(age(t), s, 6, draws[1] < 0.1);
        }
        if (s == 0 && t > 0) {
          // the whole fleet's price has just closed the last interval, as the replicas did
          for (ShortfallPrice r : replicas) {
            assertThat(r.current()).isEqualTo(whole.current());
            assertThat(r.price()).isEqualTo(whole.price());
            assertThat(r.candidateRate(age(t), 2, 6)).isEqualTo(whole.candidateRate(age(t), 2, 6));
          }
        }
      }
      ShortfallPrice.Share fleet =
          ShortfallPrice.Share.fleet(List.of(replicas[0].share(), replicas[1].share()));
      for (ShortfallPrice r : replicas) {
        r.closeWith(T0.plus(STEP.multipliedBy(t + 1)), fleet);
      }
    }
    assertThat(whole.current()).isGreaterThan(48);
  }

  private static int age(int t) {
    return ShortfallPrice.ageClass(t);
  }
}
