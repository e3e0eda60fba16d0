package org.pae.core.forecast.calibrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class OutcomeWindowTest {
  @Test
  void countsMatchAPlainArrayOfOutcomes() {
    Random rnd = new Random(5);
    for (int size : new int[] {1, 12, 64, 65, 288}) {
      // Two windows side by side in one array: the second's outcomes must not touch the first's.
      long[] bits = new long[2 * OutcomeWindow.longs(size)];
      int base = OutcomeWindow.longs(size);
      int[] plain = new int[size]; // 0 nothing, 1 hit, 2 miss
      for (int i = 0; i < 5 * size + 7; i++) {
        int p = rnd.nextInt(size);
        boolean missed = rnd.nextDouble() < 0.3;
        OutcomeWindow.put(bits, base, size, p, missed);
        plain[p] = missed ? 2 : 1;
        int q = rnd.nextInt(size);
        int hits = 0;
        int misses = 0;
        for (int j = 0; j < size; j++) {
          if (j != q) {
            hits += plain[j] == 1 ? 1 : 0;
            misses += plain[j] == 2 ? 1 : 0;
          }
        }
        assertThat(OutcomeWindow.hitsBesides(bits, base, size, q))
            .as("size %d", size)
            .isEqualTo(hits);
        assertThat(OutcomeWindow.missesBesides(bits, base, size, q))
            .as("size %d", size)
            .isEqualTo(misses);
        assertThat(OutcomeWindow.hitsBesides(bits, 0, size, q)).isZero();
        assertThat(OutcomeWindow.missesBesides(bits, 0, size, q)).isZero();
      }
    }
  }
}
