package org.pae.core.forecast.period;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.pae.core.forecast.Series;

class PeriodicityTest {
  @Test
  void findsADailyCycleUnderNoiseAndATrend() {
    double[] y = Series.seasonal(21, 288 * 8, 288, 100, 10, 5);
    for (int t = 0; t < y.length; t++) {
      y[t] += 0.01 * t;
    }
    assertThat(Periodicity.isPeriodic(y, 288)).isTrue();
    assertThat(Periodicity.classify(y, 288)).isEqualTo(Periodicity.Period.DAY);
  }

  @Test
  void noiseAndARandomWalkHaveNoPeriod() {
    double[] noise = Series.arma(22, 288 * 8, new double[0], new double[0], 100);
    assertThat(Periodicity.classify(noise, 288)).isEqualTo(Periodicity.Period.NONE);
    double[] walk = Series.integrate(noise, 0);
    assertThat(Periodicity.classify(walk, 288)).isEqualTo(Periodicity.Period.NONE);
  }

  @Test
  void findsAWeekWhenWeekendsDiffer() {
    Random rnd = new Random(23);
    int day = 96;
    double[] y = new double[day * 16];
    for (int t = 0; t < y.length; t++) {
      boolean weekend = (t / day) % 7 >= 5;
      double daily = Math.max(0, Math.sin(2 * Math.PI * t / day));
      y[t] = 10 + (weekend ? 5 : 40) * daily + rnd.nextGaussian();
    }
    assertThat(Periodicity.classify(y, day)).isEqualTo(Periodicity.Period.WEEK);
  }

  @Test
  void tooShortAHistoryShowsNoEvidence() {
    double[] y = Series.seasonal(24, 300, 288, 100, 10, 1);
    assertThat(Periodicity.check(y, 288).acf()).isCloseTo(0, within(0.0));
    assertThat(Periodicity.isPeriodic(y, 288)).isFalse();
  }

  @Test
  void thePeakRatioIsTheFullPeriodogramsWhicheverTheLengthsParity() {
    java.util.Random rnd = new java.util.Random(31);
    for (int len : new int[] {96, 97, 168, 171}) {
      double[] r = new double[len];
      for (int t = 0; t < len; t++) {
        r[t] = Math.sin(2 * Math.PI * t / 24) + rnd.nextGaussian();
      }
      assertThat(Periodicity.peakRatio(r, 24))
          .as("length " + len)
          .isCloseTo(periodogramRatio(r, 24), org.assertj.core.api.Assertions.within(1e-9));
    }
  }

  /** The periodogram at every frequency 1..len/2 of the whole periods at r's end, as defined. */
  private static double periodogramRatio(double[] r, int p) {
    int len = r.length / p * p;
    int start = r.length - len;
    double mean = 0;
    for (int t = start; t < r.length; t++) {
      mean += r[t] / len;
    }
    double total = 0;
    double peak = 0;
    for (int k = 1; k <= len / 2; k++) {
      double re = 0;
      double im = 0;
      for (int t = 0; t < len; t++) {
        re += (r[start + t] - mean) * Math.cos(2 * Math.PI * k * t / len);
        im -= (r[start + t] - mean) * Math.sin(2 * Math.PI * k * t / len);
      }
      total += re * re + im * im;
      if (k == len / p) {
        peak = re * re + im * im;
      }
    }
    return peak / (total / (len / 2));
  }
}
