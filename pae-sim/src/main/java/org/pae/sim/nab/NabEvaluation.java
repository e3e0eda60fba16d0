package org.pae.sim.nab;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.pae.core.anomaly.AnomalyDetector;
import org.pae.core.anomaly.AnomalyDetectorFactory;
import org.pae.core.forecast.SeriesSpec;
import org.pae.core.model.Resource;
import org.pae.core.model.SeriesKey;
import org.pae.core.model.WorkloadId;

/**
 * Runs a detector over every NAB file (BENCHMARKS.md §4): each file is one series fed its values in
 * order, so that each score knows only the past; the detector never sees a label. It writes NAB's
 * results layout and scores it with {@link NabScorer}.
 */
public final class NabEvaluation {
  /**
   * The surprise detector's parameters on NAB where they differ from the engine's defaults ({@code
   * anomaly.surprise.*}): Numenta's range tolerance, 0.05, with which the NAB figures of
   * docs/anomaly.md were measured; the engine's is 0.5, for its plain noise at 5 s steps.
   */
  public static final Map<String, String> SURPRISE = Map.of("range-tolerance", "0.05");

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private NabEvaluation() {}

  /**
   * Scores every file of {@code series} with a fresh detector from {@code detectors}, {@code
   * threads} files at once, and writes {@code out/<name>/<category>/<name>_<file>.csv} with {@code
   * timestamp,value,anomaly_score,label} ({@code label} 1 inside a label window, as NAB's detectors
   * write it) when {@code out} is not null. Answers the anomaly scores, one array per file in the
   * order given.
   */
  public static List<double[]> run(
      List<NabSeries> series, AnomalyDetectorFactory detectors, String name, Path out, int threads)
      throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
    try {
      List<Future<double[]>> futures = new ArrayList<>();
      for (NabSeries s : series) {
        futures.add(
            pool.submit(
                () -> {
                  double[] scores = detect(s, detectors);
                  if (out != null) {
                    write(NabCorpus.resultFile(out, name, s.file()), s, scores);
                  }
                  return scores;
                }));
      }
      List<double[]> scores = new ArrayList<>();
      for (Future<double[]> f : futures) {
        scores.add(f.get());
      }
      return scores;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** The detector's score of each row of one file, fed in order. */
  static double[] detect(NabSeries s, AnomalyDetectorFactory detectors) {
    String id = s.file().endsWith(".csv") ? s.file().substring(0, s.file().length() - 4) : s.file();
    AnomalyDetector d =
        detectors.create(SeriesSpec.of(new SeriesKey(new WorkloadId(id), Resource.CPU)));
    double[] scores = new double[s.size()];
    for (int i = 0; i < scores.length; i++) {
      double v = d.score(Instant.ofEpochSecond(s.times()[i]), s.values()[i]).value();
      if (!(v >= 0 && v <= 1)) {
        throw new IllegalStateException(
            s.file() + " row " + i + ": the detector scored " + v + ", outside [0, 1]");
      }
      scores[i] = v;
    }
    return scores;
  }

  private static void write(Path file, NabSeries s, double[] scores) {
    int[] labels = s.labels();
    try {
      Files.createDirectories(file.getParent());
      try (BufferedWriter w = Files.newBufferedWriter(file)) {
        w.write("timestamp,value,anomaly_score,label\n");
        for (int i = 0; i < scores.length; i++) {
          w.write(
              LocalDateTime.ofEpochSecond(s.times()[i], 0, ZoneOffset.UTC).format(STAMP)
                  + ","
                  + number(s.values()[i])
                  + ","
                  + scores[i]
                  + ","
                  + labels[i]
                  + "\n");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
