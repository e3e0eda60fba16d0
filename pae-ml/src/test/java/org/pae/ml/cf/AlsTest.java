package org.pae.ml.cf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class AlsTest {
  @Test
  void completesALowRankMatrixFromAThirdOfItsCells() {
    Random r = new Random(3);
    int rows = 60;
    int cols = 40;
    double[][] a = new double[rows][2];
    double[][] b = new double[cols][2];
    for (double[] x : a) {
      x[0] = r.nextGaussian();
      x[1] = r.nextGaussian();
    }
    for (double[] x : b) {
      x[0] = r.nextGaussian();
      x[1] = r.nextGaussian();
    }
    double[][] m = new double[rows][cols];
    boolean[][] hidden = new boolean[rows][cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        double truth = a[i][0] * b[j][0] + a[i][1] * b[j][1];
        hidden[i][j] = r.nextDouble() > 0.35;
        m[i][j] = hidden[i][j] ? Double.NaN : truth;
      }
    }
    Als.Factors f = Als.factorise(m, 2, 0.01, 50, 1);
    double err = 0;
    double scale = 0;
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        if (hidden[i][j]) {
          double truth = a[i][0] * b[j][0] + a[i][1] * b[j][1];
          err += Math.abs(f.predict(i, j) - truth);
          scale += Math.abs(truth);
        }
      }
    }
    assertThat(err / scale).isLessThan(0.05);
  }

  @Test
  void aRowWithNoCellsStaysAtItsPrior() {
    double[] prior = {0.5, -1};
    double[] solved = Als.solve(new double[0][], new double[0], 0, 1.0, prior);
    assertThat(solved[0]).isCloseTo(0.5, within(1e-12));
    assertThat(solved[1]).isCloseTo(-1, within(1e-12));
  }
}
