package org.pae.sim.nab;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * NAB's scoring, as its own scorer ({@code nab/sweeper.py}, NAB 1.1) does it.
 *
 * <p>Every row gets a sweep score: inside a label window, {@code scaledSigmoid(-(right - i + 1) /
 * width) * tpWeight / scaledSigmoid(-1)} (earlier in the window earns more); outside, {@code
 * scaledSigmoid(|i - previous right edge| / (previous width - 1)) * fpWeight}, or {@code -fpWeight}
 * before the first window. The first {@code min(floor(0.15 n), 750)} rows of each file are
 * probationary and never scored. For a threshold, the detections are the rows whose anomaly score
 * is at least the threshold: each window earns the best sweep score of its detections, or {@code
 * -fnWeight} without one; each detection outside a window adds its (negative) sweep score. One
 * threshold per profile is chosen over the whole corpus: the one with the highest total (the
 * highest such threshold on a tie). The total is normalised as {@code 100 (score - null) / (perfect
 * - null)}, where the null detector scores 0.5 everywhere and the perfect one earns {@code
 * tpWeight} for every window.
 */
public final class NabScorer {
  /** The share of each file's rows (at most 750 rows) a detector may learn from unscored. */
  public static final double PROBATION = 0.15;

  private static final int OUTSIDE = -1;
  private static final int PROBATIONARY = -2;
  private static final double MAX_TP = scaledSigmoid(-1.0);

  private NabScorer() {}

  /**
   * A detector's score under one profile.
   *
   * @param profile the profile
   * @param threshold the threshold chosen over the corpus
   * @param raw the sum of the files' scores at that threshold
   * @param nullRaw the same for the null detector (0.5 on every row)
   * @param perfect the same for a perfect detector
   * @param normalised {@code 100 (raw - nullRaw) / (perfect - nullRaw)}: NAB's published figure
   * @param perFile each file's score at the threshold, in the order given
   */
  public record Result(
      NabProfile profile,
      double threshold,
      double raw,
      double nullRaw,
      double perfect,
      double normalised,
      Map<String, Double> perFile) {}

  /** NAB's scaled sigmoid of a position relative to a window's right edge, in window widths. */
  static double scaledSigmoid(double position) {
    if (position >= 3.0) {
      return -1.0;
    }
    return 2.0 / (1.0 + Math.exp(5.0 * position)) - 1.0;
  }

  /**
   * Scores a detector's anomaly scores ({@code scores.get(f)} one per row of {@code series.get(f)})
   * under {@code profile}, the threshold optimised over all the files given.
   */
  public static Result score(List<NabSeries> series, List<double[]> scores, NabProfile profile) {
    if (series.size() != scores.size()) {
      throw new IllegalArgumentException("one array of anomaly scores per series");
    }
    Sweep detector = new Sweep(series, scores, profile);
    double threshold = detector.bestThreshold();
    double[] perFile = detector.fileScores(threshold);
    List<double[]> half =
        series.stream()
            .map(
                s -> {
                  double[] h = new double[s.size()];
                  Arrays.fill(h, 0.5);
                  return h;
                })
            .toList();
    Sweep nullDetector = new Sweep(series, half, profile);
    double nullRaw = sum(nullDetector.fileScores(nullDetector.bestThreshold()));
    int windows = series.stream().mapToInt(s -> s.windowStarts().length).sum();
    double perfect = windows * profile.tpWeight();
    double raw = sum(perFile);
    Map<String, Double> byFile = new LinkedHashMap<>();
    for (int f = 0; f < series.size(); f++) {
      byFile.put(series.get(f).file(), perFile[f]);
    }
    return new Result(
        profile,
        threshold,
        raw,
        nullRaw,
        perfect,
        100 * (raw - nullRaw) / (perfect - nullRaw),
        byFile);
  }

  private static double sum(double[] values) {
    double s = 0;
    for (double v : values) {
      s += v;
    }
    return s;
  }

  /** The scorable rows of a corpus: anomaly score, sweep score, window (corpus-wide) and file. */
  private static final class Sweep {
    final double[] anomaly;
    final double[] sweep;
    final int[] window;
    final int[] file;
    final int files;
    final int windows;
    final double fnWeight;

    Sweep(List<NabSeries> series, List<double[]> scores, NabProfile profile) {
      int n = 0;
      for (int f = 0; f < series.size(); f++) {
        if (scores.get(f).length != series.get(f).size()) {
          throw new IllegalArgumentException(
              series.get(f).file()
                  + ": "
                  + scores.get(f).length
                  + " anomaly scores for "
                  + series.get(f).size()
                  + " rows");
        }
        n += series.get(f).size();
      }
      double[] a = new double[n];
      double[] s = new double[n];
      int[] w = new int[n];
      int[] fl = new int[n];
      int k = 0;
      int offset = 0;
      for (int f = 0; f < series.size(); f++) {
        NabSeries one = series.get(f);
        double[] rowScores = scores.get(f);
        int[] rowWindow = new int[one.size()];
        double[] rowSweep = sweepScores(one, profile, rowWindow);
        for (int i = 0; i < one.size(); i++) {
          if (rowWindow[i] == PROBATIONARY) {
            continue;
          }
          double score = rowScores[i];
          if (!Double.isFinite(score)) {
            throw new IllegalArgumentException(
                one.file() + " row " + i + ": anomaly score " + score + " is not finite");
          }
          a[k] = score;
          s[k] = rowSweep[i];
          w[k] = rowWindow[i] == OUTSIDE ? OUTSIDE : rowWindow[i] + offset;
          fl[k] = f;
          k++;
        }
        offset += one.windowStarts().length;
      }
      anomaly = Arrays.copyOf(a, k);
      sweep = Arrays.copyOf(s, k);
      window = Arrays.copyOf(w, k);
      file = Arrays.copyOf(fl, k);
      files = series.size();
      windows = offset;
      fnWeight = profile.fnWeight();
    }

    /**
     * The sweep score of each row of one file; {@code rowWindow[i]} is the row's window (index in
     * the file), {@link #OUTSIDE} or {@link #PROBATIONARY}.
     */
    static double[] sweepScores(NabSeries s, NabProfile profile, int[] rowWindow) {
      int n = s.size();
      double probation = Math.min(Math.floor(PROBATION * n), PROBATION * 5000);
      double[] out = new double[n];
      int next = 0;
      int cur = -1;
      int curRight = 0;
      double curWidth = 0;
      int prevRight = -1;
      double prevWidth = 0;
      for (int i = 0; i < n; i++) {
        if (next < s.windowStarts().length && i == s.windowStarts()[next]) {
          cur = next++;
          curRight = s.windowEnds()[cur];
          curWidth = curRight - s.windowStarts()[cur] + 1;
        }
        if (cur >= 0) {
          out[i] = scaledSigmoid(-(curRight - i + 1) / curWidth) * profile.tpWeight() / MAX_TP;
        } else {
          double past = prevRight < 0 ? 3.0 : Math.abs(prevRight - i) / (prevWidth - 1);
          out[i] = scaledSigmoid(past) * profile.fpWeight();
        }
        rowWindow[i] = i >= probation ? (cur >= 0 ? cur : OUTSIDE) : PROBATIONARY;
        if (cur >= 0 && i == curRight) {
          prevRight = i;
          prevWidth = curWidth;
          cur = -1;
        }
      }
      return out;
    }

    /** Rows by descending anomaly score. */
    private int[] order() {
      return java.util.stream.IntStream.range(0, anomaly.length)
          .boxed()
          .sorted((x, y) -> Double.compare(anomaly[y], anomaly[x]))
          .mapToInt(Integer::intValue)
          .toArray();
    }

    /**
     * The threshold with the highest corpus total, starting from 1.1 (no detections) and lowering
     * it to each distinct anomaly score in turn; the first (highest) one on a tie.
     */
    double bestThreshold() {
      double[] best = new double[windows];
      boolean[] scorable = new boolean[windows];
      for (int w : window) {
        if (w >= 0) {
          scorable[w] = true;
        }
      }
      double total = 0;
      for (int w = 0; w < windows; w++) {
        best[w] = -fnWeight;
        if (scorable[w]) {
          total -= fnWeight;
        }
      }
      double threshold = 1.1;
      double bestThreshold = threshold;
      double bestTotal = total;
      for (int r : order()) {
        if (anomaly[r] != threshold) {
          if (total > bestTotal) {
            bestTotal = total;
            bestThreshold = threshold;
          }
          threshold = anomaly[r];
        }
        int w = window[r];
        if (w == OUTSIDE) {
          total += sweep[r];
        } else if (sweep[r] > best[w]) {
          total += sweep[r] - best[w];
          best[w] = sweep[r];
        }
      }
      return total > bestTotal ? threshold : bestThreshold;
    }

    /** Each file's score when the rows scoring at least {@code threshold} are detections. */
    double[] fileScores(double threshold) {
      double[] out = new double[files];
      double[] best = new double[windows];
      Arrays.fill(best, Double.NaN);
      int[] fileOf = new int[windows];
      for (int r = 0; r < anomaly.length; r++) {
        int w = window[r];
        if (w == OUTSIDE) {
          if (anomaly[r] >= threshold) {
            out[file[r]] += sweep[r];
          }
          continue;
        }
        fileOf[w] = file[r];
        if (Double.isNaN(best[w])) {
          best[w] = -fnWeight;
        }
        if (anomaly[r] >= threshold) {
          best[w] = Math.max(best[w], sweep[r]);
        }
      }
      for (int w = 0; w < windows; w++) {
        if (!Double.isNaN(best[w])) {
          out[fileOf[w]] += best[w];
        }
      }
      return out;
    }
  }
}
