package org.pae.core.allocate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PeakTest {
  /** The peak lies between the exact maxima of the last n and the last n + 2 blocks - 2 samples. */
  @ParameterizedTest
  @ValueSource(ints = {1, 5, 12, 13, 288, 2016})
  void thePeakCoversTheWindowAndAtMostOneBlockMore(int n) {
    Random rnd = new Random(n);
    Peak p = new Peak(n);
    int block = (n + Peak.BLOCKS - 1) / Peak.BLOCKS;
    double[] xs = new double[n * 5];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = rnd.nextDouble() < 0.02 ? 100 * rnd.nextDouble() : rnd.nextDouble();
      p.add(xs[i]);
      assertThat(p.value()).isBetween(max(xs, i, n), max(xs, i, n + 2 * block - 2));
    }
  }

  @org.junit.jupiter.api.Test
  void nothingSeenIsNaNAndAnEmptyWindowIsRefused() {
    assertThat(new Peak(3).value()).isNaN();
    assertThatThrownBy(() -> new Peak(0)).hasMessageContaining("at least one sample");
  }

  private static double max(double[] xs, int last, int n) {
    double m = Double.NEGATIVE_INFINITY;
    for (int i = Math.max(0, last - n + 1); i <= last; i++) {
      m = Math.max(m, xs[i]);
    }
    return m;
  }
}
