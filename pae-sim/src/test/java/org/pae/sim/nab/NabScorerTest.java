package org.pae.sim.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NabScorerTest {
  private static final NabProfile STANDARD = new NabProfile("standard", 1.0, 0.11, 1.0);

  /** 1,000 rows at 5-minute steps with windows over rows 400-499 and 700-799. */
  private static NabSeries twoWindows() {
    long[] t = new long[1000];
    for (int i = 0; i < t.length; i++) {
      t[i] = 1_400_000_000L + 300L * i;
    }
    return new NabSeries(
        "cat/x.csv", t, new double[t.length], new int[] {400, 700}, new int[] {499, 799});
  }

  @Test
  void aDetectionAtEachWindowsStartScoresPerfect() {
    NabSeries s = twoWindows();
    double[] scores = new double[s.size()];
    scores[400] = 1;
    scores[700] = 1;
    NabScorer.Result r = NabScorer.score(List.of(s), List.of(scores), STANDARD);
    assertThat(r.raw()).isCloseTo(2.0, within(1e-12));
    assertThat(r.nullRaw()).isEqualTo(-2.0);
    assertThat(r.normalised()).isCloseTo(100.0, within(1e-9));
    assertThat(r.threshold()).isEqualTo(1.0);
  }

  @Test
  void lateDetectionsEarnLessAndFalseOnesCostTheirSigmoid() {
    NabSeries s = twoWindows();
    double[] scores = new double[s.size()];
    scores[499] = 0.9; // the last row of the first window: position -1/100
    scores[600] = 0.9; // 101 rows past its right edge: position 101/99 (> 1, < 3)
    NabScorer.Result r = NabScorer.score(List.of(s), List.of(scores), STANDARD);
    double tp = NabScorer.scaledSigmoid(-0.01) / NabScorer.scaledSigmoid(-1);
    double fp = NabScorer.scaledSigmoid(101.0 / 99) * 0.11;
    assertThat(r.threshold()).isEqualTo(0.9);
    assertThat(r.raw()).isCloseTo(tp + fp - 1.0, within(1e-12));
  }

  @Test
  void probationaryRowsAreNeverScoredAndDetectionsCostingMoreThanTheyEarnAreDropped() {
    NabSeries s = twoWindows();
    double[] scores = new double[s.size()];
    for (int i = 0; i < 150; i++) {
      scores[i] = 1; // probation: min(floor(0.15 * 1000), 750) = 150 rows
    }
    for (int i = 150; i < 400; i += 10) {
      scores[i] = 0.8; // 25 false positives before any window, -0.11 each
    }
    NabScorer.Result r = NabScorer.score(List.of(s), List.of(scores), STANDARD);
    assertThat(r.threshold()).isEqualTo(1.1);
    assertThat(r.raw()).isEqualTo(-2.0);
    assertThat(r.normalised()).isEqualTo(0.0);
  }

  /** The published scores of the two detectors whose result files ship with NAB, within 0.1. */
  @Test
  void reproducesThePublishedScoresOfNumentaAndWindowedGaussian() {
    Path root = Path.of(System.getProperty("pae.data.dir", "../../shared/data"), "nab");
    assumeTrue(
        NabCorpus.present(root),
        "skipped: NAB is not at " + root + " (see ../shared/data/README.md)");
    NabCorpus corpus = NabCorpus.open(root);
    List<NabSeries> series = new ArrayList<>();
    for (String f : corpus.files()) {
      series.add(corpus.series(f));
    }
    Map<String, Map<String, Double>> published = corpus.published();
    for (String detector : List.of("numenta", "windowedGaussian")) {
      List<double[]> scores =
          series.stream()
              .map(s -> NabCorpus.anomalyScores(root.resolve("results"), detector, s))
              .toList();
      for (NabProfile p : corpus.profiles()) {
        NabScorer.Result r = NabScorer.score(series, scores, p);
        assertThat(r.normalised())
            .as("%s %s", detector, p.name())
            .isCloseTo(published.get(detector).get(p.name()), within(0.1));
      }
    }
  }
}
