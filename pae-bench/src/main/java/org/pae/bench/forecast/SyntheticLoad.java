package org.pae.bench.forecast;

import java.util.SplittableRandom;

/** A seeded load with a daily cycle, AR(1) noise and occasional level shifts, 5-minute steps. */
final class SyntheticLoad {
  static final int DAY = 288;

  private SyntheticLoad() {}

  static double[] series(long seed, int n) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] y = new double[n];
    double noise = 0;
    double level = 1000 + 500 * rnd.nextDouble();
    for (int t = 0; t < n; t++) {
      noise = 0.7 * noise + 20 * gaussian(rnd);
      if (rnd.nextDouble() < 0.002) {
        level *= 0.8 + 0.4 * rnd.nextDouble();
      }
      y[t] = Math.max(0, level + 200 * Math.sin(2 * Math.PI * t / DAY) + noise);
    }
    return y;
  }

  private static double gaussian(SplittableRandom rnd) {
    double u = rnd.nextDouble(1e-12, 1);
    double v = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
