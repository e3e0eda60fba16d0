package org.pae.bench.ml;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pae.core.forecast.Forecaster;
import org.pae.core.forecast.ForecasterFactory;
import org.pae.core.model.Resource;
import org.pae.core.model.SeriesKey;
import org.pae.ml.UsageSeries;

/**
 * BENCHMARKS §2's rolling origin on five-minute series: the first 7 days are history; then at every
 * hour each model forecasts 1, 12 and 288 steps ahead at the quantiles 0.5, 0.9, 0.99. Every model
 * sees every sample of every series in time order; all series advance in lockstep, so a model that
 * batches across series (the LSTM) runs one batch per origin.
 *
 * <p>MASE: per series, the mean absolute error of the 0.5 quantile over the in-sample MAE of the
 * one-step naive forecast on the 7 days of history, averaged over series. Scaled pinball(q): mean
 * pinball loss at q over the mean actual value, pooled. Coverage(q): share of actual values at or
 * below the q forecast, pooled.
 */
final class Accuracy {
  static final int[] HORIZONS = {1, 12, 288};
  static final double[] LEVELS = {0.5, 0.9, 0.99};
  static final int HISTORY = 7 * Month.DAY;
  static final int EVERY = 12;

  private Accuracy() {}

  /** Sums for one model, horizon. */
  static final class Score {
    final double[] pinball = new double[LEVELS.length];
    final long[] covered = new long[LEVELS.length];
    double actual;
    long n;
    double maseSum;
    int maseSeries;

    double mase() {
      return maseSum / maseSeries;
    }

    double scaledPinball(int level) {
      return pinball[level] / actual;
    }

    double coverage(int level) {
      return (double) covered[level] / n;
    }
  }

  /** Scores each model (by label) on each series; returns label → horizon index → score. */
  static Map<String, Score[]> run(
      List<UsageSeries> series, Resource resource, Map<String, ForecasterFactory> models) {
    Map<String, Score[]> scores = new LinkedHashMap<>();
    List<String> labels = new ArrayList<>(models.keySet());
    Forecaster[][] f = new Forecaster[series.size()][labels.size()];
    for (int s = 0; s < series.size(); s++) {
      for (int m = 0; m < labels.size(); m++) {
        f[s][m] =
            models.get(labels.get(m)).create(new SeriesKey(series.get(s).workload(), resource));
      }
    }
    for (String l : labels) {
      Score[] sc = new Score[HORIZONS.length];
      for (int h = 0; h < sc.length; h++) {
        sc[h] = new Score();
      }
      scores.put(l, sc);
    }
    double[][][] absErr = new double[series.size()][labels.size()][HORIZONS.length];
    long[][][] absN = new long[series.size()][labels.size()][HORIZONS.length];
    int length = series.stream().mapToInt(s -> s.values().length).max().orElse(0);
    for (int t = 0; t < length; t++) {
      for (int s = 0; s < series.size(); s++) {
        UsageSeries u = series.get(s);
        if (t < u.values().length && !Double.isNaN(u.values()[t])) {
          for (int m = 0; m < labels.size(); m++) {
            f[s][m].observe(u.time(t), u.values()[t]);
          }
        }
      }
      if (t < HISTORY || (t - HISTORY) % EVERY != 0) {
        continue;
      }
      for (int s = 0; s < series.size(); s++) {
        double[] v = series.get(s).values();
        if (t >= v.length || Double.isNaN(v[t])) {
          continue;
        }
        for (int h = 0; h < HORIZONS.length; h++) {
          int target = t + HORIZONS[h];
          if (target >= v.length || Double.isNaN(v[target])) {
            continue;
          }
          double actual = v[target];
          Duration ahead = Month.STEP.multipliedBy(HORIZONS[h]);
          for (int m = 0; m < labels.size(); m++) {
            Score sc = scores.get(labels.get(m))[h];
            for (int q = 0; q < LEVELS.length; q++) {
              f[s][m].track(ahead, LEVELS[q]);
              double p = f[s][m].quantile(ahead, LEVELS[q]);
              if (Double.isNaN(p)) {
                p = 0;
              }
              double d = actual - p;
              sc.pinball[q] += Math.max(LEVELS[q] * d, (LEVELS[q] - 1) * d);
              sc.covered[q] += actual <= p ? 1 : 0;
              if (q == 0) {
                absErr[s][m][h] += Math.abs(d);
                absN[s][m][h]++;
              }
            }
            sc.actual += actual;
            sc.n++;
          }
        }
      }
    }
    for (int s = 0; s < series.size(); s++) {
      double scale = naiveMae(series.get(s).values());
      if (!(scale > 0)) {
        continue;
      }
      for (int m = 0; m < labels.size(); m++) {
        for (int h = 0; h < HORIZONS.length; h++) {
          if (absN[s][m][h] > 0) {
            Score sc = scores.get(labels.get(m))[h];
            sc.maseSum += absErr[s][m][h] / absN[s][m][h] / scale;
            sc.maseSeries++;
          }
        }
      }
    }
    return scores;
  }

  private static double naiveMae(double[] v) {
    double sum = 0;
    int n = 0;
    for (int i = 1; i < Math.min(HISTORY, v.length); i++) {
      if (!Double.isNaN(v[i]) && !Double.isNaN(v[i - 1])) {
        sum += Math.abs(v[i] - v[i - 1]);
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  static void print(PrintStream out, String title, Map<String, Score[]> scores) {
    out.println(title);
    out.printf(
        Locale.ROOT,
        "| model | horizon | MASE | sPinball 0.5 | sPinball 0.9 | sPinball 0.99 | cover 0.5 | cover"
            + " 0.9 | cover 0.99 | forecasts |%n|---|---|---|---|---|---|---|---|---|---|%n");
    String[] names = {"5 min", "1 h", "1 day"};
    for (int h = 0; h < HORIZONS.length; h++) {
      for (Map.Entry<String, Score[]> e : scores.entrySet()) {
        Score s = e.getValue()[h];
        out.printf(
            Locale.ROOT,
            "| %s | %s | %.3f | %.4f | %.4f | %.4f | %.3f | %.3f | %.3f | %d |%n",
            e.getKey(),
            names[h],
            s.mase(),
            s.scaledPinball(0),
            s.scaledPinball(1),
            s.scaledPinball(2),
            s.coverage(0),
            s.coverage(1),
            s.coverage(2),
            s.n);
      }
    }
    out.println();
  }
}
