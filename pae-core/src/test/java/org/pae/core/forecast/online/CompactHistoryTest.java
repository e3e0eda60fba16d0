package org.pae.core.forecast.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CompactHistoryTest {
  /**
   * Usage series shaped like Bitbrains': memory in KB sitting on a level of millions with
   * fluctuations of hundreds and rare jumps, flat stretches, CPU in MHz from idle to thousands with
   * decimals, and a series of whole numbers.
   */
  static Stream<Arguments> series() {
    return Stream.of(
        Arguments.of("memory", memory(1, 5000)),
        Arguments.of("memory flat", flat(2, 5000)),
        Arguments.of("cpu", cpu(3, 5000)),
        Arguments.of("whole numbers", whole(4, 5000)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("series")
  void givesBackEverySampleWithinItsBlocksResolution(String name, double[] y) {
    int capacity = 2016;
    CompactHistory h = new CompactHistory(capacity);
    for (int n = 0; n < y.length; n++) {
      h.push(y[n]);
      if (n % 97 == 0 || n == y.length - 1) {
        assertThat(h.size()).isEqualTo(Math.min(n + 1, capacity));
        double[] back = h.latest(h.size());
        for (int i = 0; i < back.length; i++) {
          int t = n + 1 - back.length + i;
          double expected = (float) y[t];
          double bound = resolution(y, t) + Math.ulp((float) expected);
          assertThat(Math.abs(back[i] - expected))
              .as("%s sample %d after %d pushed", name, t, n + 1)
              .isLessThanOrEqualTo(bound);
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("series")
  void aFlatBlockComesBackExactly(String name, double[] y) {
    CompactHistory h = new CompactHistory(64);
    for (int t = 0; t < 100; t++) {
      h.push(y[0]);
    }
    for (double v : h.latest(64)) {
      assertThat(v).isEqualTo((float) y[0]);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("series")
  void readsTheLatestSamplesOfAnyLength(String name, double[] y) {
    CompactHistory h = new CompactHistory(100);
    for (int t = 0; t < 250; t++) {
      h.push(y[t]);
    }
    double[] all = h.latest(100);
    double[] some = h.latest(7);
    for (int i = 0; i < 7; i++) {
      assertThat(some[i]).isEqualTo(all[93 + i]);
    }
    assertThatThrownBy(() -> h.latest(101)).isInstanceOf(IllegalArgumentException.class);
  }

  /** Half a code of the 32-sample block holding sample t, as a float step can round. */
  private static double resolution(double[] y, int t) {
    int from = t / CompactHistory.BLOCK * CompactHistory.BLOCK;
    float lo = Float.MAX_VALUE;
    float hi = -Float.MAX_VALUE;
    for (int i = from; i < from + CompactHistory.BLOCK && i < y.length; i++) {
      lo = Math.min(lo, (float) y[i]);
      hi = Math.max(hi, (float) y[i]);
    }
    return ((double) hi - lo) / 65_535 * 0.5 * (1 + 1e-6) + Math.ulp(lo);
  }

  private static double[] memory(long seed, int n) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] y = new double[n];
    double level = 8_000_000;
    for (int t = 0; t < n; t++) {
      if (r.nextDouble() < 0.003) {
        level = 500_000 + r.nextDouble(30_000_000);
      }
      y[t] = level + r.nextDouble(-800, 800);
    }
    return y;
  }

  private static double[] flat(long seed, int n) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] y = new double[n];
    double v = 4_194_304 + r.nextDouble();
    for (int t = 0; t < n; t++) {
      if (r.nextDouble() < 0.01) {
        v = r.nextDouble(1_000_000, 60_000_000);
      }
      y[t] = v;
    }
    return y;
  }

  private static double[] cpu(long seed, int n) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] y = new double[n];
    for (int t = 0; t < n; t++) {
      y[t] = r.nextDouble() < 0.3 ? r.nextDouble(0, 30) : r.nextDouble(0, 5851.9989);
    }
    return y;
  }

  private static double[] whole(long seed, int n) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] y = new double[n];
    for (int t = 0; t < n; t++) {
      y[t] = r.nextInt(0, 65_000);
    }
    return y;
  }
}
