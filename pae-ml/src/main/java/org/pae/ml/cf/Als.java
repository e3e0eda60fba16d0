package org.pae.ml.cf;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Alternating least squares on the observed cells of a matrix: finds row factors U and column
 * factors V of rank k minimising Σ_observed (x_ij − u_i·v_j)² + λ(|U|² + |V|²). Missing cells are
 * {@code NaN}. Each half-step solves one small k×k system per row (or column) with EJML.
 */
public final class Als {
  private Als() {}

  /** Row and column factors, {@code u[i]} and {@code v[j]} of length k. */
  public record Factors(double[][] u, double[][] v) {
    public double predict(int i, int j) {
      return dot(u[i], v[j]);
    }
  }

  /**
   * Factorises {@code x} (rows × columns, {@code NaN} = not observed).
   *
   * @param rank k, the number of latent factors
   * @param lambda the ridge weight, &gt; 0: larger keeps factors of sparsely seen rows small
   * @param iterations alternations
   * @param seed for the columns' initial factors
   */
  public static Factors factorise(
      double[][] x, int rank, double lambda, int iterations, long seed) {
    if (rank < 1 || !(lambda > 0) || iterations < 1) {
      throw new IllegalArgumentException("ALS needs rank >= 1, lambda > 0, iterations >= 1");
    }
    int rows = x.length;
    int cols = rows == 0 ? 0 : x[0].length;
    Random r = new Random(seed);
    double[][] u = new double[rows][rank];
    double[][] v = new double[cols][rank];
    for (double[] vj : v) {
      for (int k = 0; k < rank; k++) {
        vj[k] = 0.1 * r.nextGaussian();
      }
    }
    double[] cell = new double[Math.max(rows, cols)];
    double[][] given = new double[Math.max(rows, cols)][];
    for (int it = 0; it < iterations; it++) {
      for (int i = 0; i < rows; i++) {
        int n = 0;
        for (int j = 0; j < cols; j++) {
          if (!Double.isNaN(x[i][j])) {
            given[n] = v[j];
            cell[n++] = x[i][j];
          }
        }
        u[i] = solve(given, cell, n, lambda, null);
      }
      for (int j = 0; j < cols; j++) {
        int n = 0;
        for (int i = 0; i < rows; i++) {
          if (!Double.isNaN(x[i][j])) {
            given[n] = u[i];
            cell[n++] = x[i][j];
          }
        }
        v[j] = solve(given, cell, n, lambda, null);
      }
    }
    return new Factors(u, v);
  }

  /**
   * The factor f minimising Σ_{t &lt; n} (values[t] − f·factors[t])² + λ|f − prior|² (prior 0 when
   * {@code null}): one row of ALS, also used online to fit a new workload's own factors around what
   * similar workloads suggest.
   */
  public static double[] solve(
      double[][] factors, double[] values, int n, double lambda, double[] prior) {
    int k = factors.length > 0 && factors[0] != null ? factors[0].length : prior.length;
    DMatrixRMaj a = new DMatrixRMaj(k, k);
    DMatrixRMaj b = new DMatrixRMaj(k, 1);
    for (int t = 0; t < n; t++) {
      double[] f = factors[t];
      for (int p = 0; p < k; p++) {
        b.data[p] += f[p] * values[t];
        for (int q = 0; q < k; q++) {
          a.data[p * k + q] += f[p] * f[q];
        }
      }
    }
    for (int p = 0; p < k; p++) {
      a.data[p * k + p] += lambda;
      if (prior != null) {
        b.data[p] += lambda * prior[p];
      }
    }
    DMatrixRMaj out = new DMatrixRMaj(k, 1);
    if (!CommonOps_DDRM.solve(a, b, out)) {
      throw new IllegalStateException("ALS normal equations are singular (lambda too small?)");
    }
    return out.data.clone();
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int k = 0; k < a.length; k++) {
      s += a[k] * b[k];
    }
    return s;
  }
}
