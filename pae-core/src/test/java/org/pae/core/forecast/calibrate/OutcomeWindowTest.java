package org.pae.core.forecast.calibrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class OutcomeWindowTest {
  @Test
  void countsMatchAPlainArrayOfOutcomes() {
    Random rnd = new Random(5);
    for (int size : new int[] {1, 12, 64, 65, 288}) {
      OutcomeWindow w = new OutcomeWindow(size);
      int[] plain = new int[size]; // 0 nothing, 1 hit, 2 miss
      for (int i = 0; i < 5 * size + 7; i++) {
        int p = rnd.nextInt(size);
        boolean missed = rnd.nextDouble() < 0.3;
        w.put(p, missed);
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
        assertThat(w.hitsBesides(q)).as("size %d", size).isEqualTo(hits);
        assertThat(w.missesBesides(q)).as("size %d", size).isEqualTo(misses);
      }
    }
  }
}
