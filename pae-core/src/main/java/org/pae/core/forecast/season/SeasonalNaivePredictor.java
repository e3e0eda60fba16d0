package org.pae.core.forecast.season;

import org.pae.core.forecast.online.Past;
import org.pae.core.forecast.online.Predictor;

/**
 * Seasonal naive: the value h steps ahead is the value one period (or k periods, for h beyond a
 * period) earlier; the error variance is k σ², σ² an exponentially weighted mean of the squared
 * seasonal differences. The period's values are kept as floats (a sample's 7 significant digits:
 * the history it is fitted to holds no more), or not at all when it {@linkplain #sharing shares}
 * its series' {@link Past}.
 */
public final class SeasonalNaivePredictor implements Predictor {
  /** The weight of the newest squared seasonal difference: about 100 steps of memory. */
  static final double WEIGHT = 0.02;

  private final int period;
  private final float[] ring;
  private final Past past;
  private int next;
  private long n;
  private double sigma2;

  /** Rolled over {@code history}; {@code period} &gt;= 1 steps. */
  public SeasonalNaivePredictor(int period, double[] history) {
    if (period < 1) {
      throw new IllegalArgumentException("a seasonal period must be >= 1 step: " + period);
    }
    this.period = period;
    ring = new float[period];
    past = lag -> ring[Math.floorMod(next - lag, period)];
    double sum = 0;
    int count = 0;
    for (int t = period; t < history.length; t++) {
      double d = history[t] - history[t - period];
      sum += d * d;
      count++;
    }
    sigma2 = count > 0 ? sum / count : 0;
    for (double v : history) {
      ring[next] = (float) v;
      next = (next + 1) % period;
      n++;
    }
  }

  private SeasonalNaivePredictor(SeasonalNaivePredictor p, Past past) {
    this.period = p.period;
    this.ring = null;
    this.past = past;
    this.n = p.n;
    this.sigma2 = p.sigma2;
  }

  @Override
  public Predictor sharing(Past shared) {
    return n >= period ? new SeasonalNaivePredictor(this, shared) : this;
  }

  @Override
  public int reach() {
    return ring == null ? period : 0;
  }

  @Override
  public void update(double y) {
    if (n >= period) {
      double d = y - past.back(period);
      sigma2 += WEIGHT * (d * d - sigma2);
    }
    if (ring != null) {
      ring[next] = (float) y;
      next = (next + 1) % period;
    }
    n++;
  }

  @Override
  public double mean(int h) {
    return past.back(period - ((h - 1) % period));
  }

  @Override
  public double variance(int h) {
    return sigma2 * ((h - 1) / period + 1);
  }
}
