package org.pae.core.forecast.season;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.pae.core.forecast.Series;

class SeasonalProfilePredictorTest {
  private static final int DAY = 288;

  @Test
  void aOneOffSpikeYesterdayIsNotCopiedIntoTomorrow() {
    // A clean daily sine with a single spike one period before the forecast target: seasonal
    // naive repeats the spike, the profile's median over seven days does not.
    double[] y = Series.seasonal(5, DAY * 7, DAY, 100, 30, 0);
    int spikeAt = y.length - DAY + 9;
    y[spikeAt] = 1_000;
    SeasonalProfilePredictor profile = new SeasonalProfilePredictor(DAY, y);
    SeasonalNaivePredictor naive = new SeasonalNaivePredictor(DAY, y);
    double expected = 100 + 30 * Math.sin(2 * Math.PI * (y.length + 9) / DAY);
    assertThat(naive.mean(DAY + 10 - DAY)).isCloseTo(1_000, within(1e-9));
    assertThat(profile.mean(10)).isCloseTo(expected, within(1.0));
  }

  @Test
  void aSlotThatWasFlatAllWeekStillHasSpread() {
    // Idle (0) every night, busy and noisy every day: the night slots saw no variation, yet the
    // workload may run tonight. Their spread is the profile's, not nearly zero.
    Random rnd = new Random(8);
    double[] y = new double[DAY * 7];
    for (int t = 0; t < y.length; t++) {
      y[t] = t % DAY < DAY / 2 ? 0 : 50 + 10 * rnd.nextGaussian();
    }
    SeasonalProfilePredictor p = new SeasonalProfilePredictor(DAY, y);
    double night = p.variance(DAY / 4);
    double day = p.variance(3 * DAY / 4);
    assertThat(p.mean(DAY / 4)).isCloseTo(0, within(1e-9));
    assertThat(day).isCloseTo(100, within(30.0));
    assertThat(night).isGreaterThan(0.4 * day);
  }

  @Test
  void theCurrentDeviationFadesWithTheHorizon() {
    // Deviations from the daily shape that persist (an AR(1) with φ = 0.9), as real usage has.
    double[] y = Series.seasonal(6, DAY * 7, DAY, 100, 30, 0);
    double[] ar = Series.arma(6, y.length, new double[] {0.9}, new double[0], 0);
    for (int t = 0; t < y.length; t++) {
      y[t] += 2 * ar[t];
    }
    SeasonalProfilePredictor p = new SeasonalProfilePredictor(DAY, y);
    // A sustained shift of +40 above the profile: near forecasts follow it, a day ahead hardly.
    for (int t = 0; t < 24; t++) {
      double slot = 100 + 30 * Math.sin(2 * Math.PI * (y.length + t) / DAY);
      p.update(slot + 40);
    }
    double base1 = 100 + 30 * Math.sin(2 * Math.PI * (y.length + 24) / DAY);
    assertThat(p.mean(1) - base1).isGreaterThan(20);
    double base288 = 100 + 30 * Math.sin(2 * Math.PI * (y.length + 24 + DAY - 1) / DAY);
    assertThat(Math.abs(p.mean(DAY) - base288)).isLessThan(Math.abs(p.mean(1) - base1));
    assertThat(p.variance(DAY)).isGreaterThanOrEqualTo(p.variance(1));
    assertThat(p.variance(1)).isPositive();
  }

  @Test
  void lessThanTwoPeriodsOfHistoryIsRefused() {
    assertThatThrownBy(() -> new SeasonalProfilePredictor(DAY, new double[DAY + 5]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("two periods");
    assertThatThrownBy(() -> new SeasonalProfilePredictor(1, new double[10]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void eachSlotIsTheMedianOfItsNeighboursInTheLastWeekWhateverThePeriod() {
    Random rnd = new Random(33);
    for (int period : new int[] {2, 3, 4, 5, 6, 24}) {
      double[] y = new double[period * 9 + 1];
      for (int t = 0; t < y.length; t++) {
        y[t] = 100 + 10 * (t % period) + rnd.nextGaussian() * 5;
      }
      SeasonalProfilePredictor p = new SeasonalProfilePredictor(period, y);
      int n = y.length;
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      double[] median = new double[period];
      for (int s = 0; s < period; s++) {
        median[s] = median(neighbours(y, period, s));
        lo = Math.min(lo, median[s]);
        hi = Math.max(hi, median[s]);
      }
      // Far enough ahead the deviation has faded to nothing: the mean is the slot's median, coded
      // in 16 bits of the medians' range.
      for (int h = 100_000 * period + 1; h <= 100_000 * period + period; h++) {
        int slot = (n + h - 1) % period;
        assertThat(p.mean(h))
            .as("period " + period + " slot " + slot)
            .isCloseTo(median[slot], within((hi - lo) / 65_535 + 1e-6 * hi));
      }
    }
  }

  @Test
  void eachSlotsSpreadIsKeptWithinHalfAStepOfItsLogRange() {
    // A few slots scatter a thousand times more than the rest: the floor (their root mean square)
    // keeps the largest spread within √period of the smallest, here about 5.
    int period = 288;
    Random rnd = new Random(34);
    double[] y = new double[period * 8];
    for (int t = 0; t < y.length; t++) {
      int slot = t % period;
      y[t] = 1e5 + (slot < 10 ? 1000 : 1 + slot / 100.0) * rnd.nextGaussian();
    }
    SeasonalProfilePredictor p = new SeasonalProfilePredictor(period, y);
    double[] spread = new double[period];
    double squares = 0;
    for (int s = 0; s < period; s++) {
      List<Double> sample = neighbours(y, period, s);
      int c = sample.size();
      double median = median(sample);
      double dev = 0;
      for (double v : sample) {
        dev += (v - median) * (v - median);
      }
      spread[s] = Math.sqrt(dev / c);
      squares += dev / c;
    }
    double floor = Math.sqrt(squares / period);
    double low = Double.POSITIVE_INFINITY;
    double high = 0;
    for (int s = 0; s < period; s++) {
      spread[s] = Math.max(spread[s], floor);
      low = Math.min(low, spread[s]);
      high = Math.max(high, spread[s]);
    }
    assertThat(high / low).as("the spreads' range above the floor").isGreaterThan(4);
    double halfStep = Math.log(high / low) / 255 / 2;
    // Far ahead the deviation has faded and the variance is the slot's spread squared.
    for (int h = 1_000_000 * period + 1; h <= 1_000_000 * period + period; h++) {
      int slot = (y.length + h - 1) % period;
      double kept = Math.sqrt(p.variance(h));
      assertThat(Math.abs(Math.log(kept / spread[slot])))
          .as("slot " + slot)
          .isLessThanOrEqualTo(halfStep + 1e-6);
    }
  }

  /** The last weeks' samples within the profile's half width of slot {@code s}, sorted. */
  private static List<Double> neighbours(double[] y, int period, int s) {
    List<Double> sample = new ArrayList<>();
    for (int t = y.length - SeasonalProfilePredictor.PERIODS * period; t < y.length; t++) {
      int d = Math.floorMod(t - s, period);
      if (d <= SeasonalProfilePredictor.HALF_WIDTH
          || d >= period - SeasonalProfilePredictor.HALF_WIDTH) {
        sample.add(y[t]);
      }
    }
    Collections.sort(sample);
    return sample;
  }

  private static double median(List<Double> sorted) {
    int c = sorted.size();
    return c % 2 == 1 ? sorted.get(c / 2) : (sorted.get(c / 2 - 1) + sorted.get(c / 2)) / 2;
  }
}
