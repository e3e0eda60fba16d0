package org.pae.core.forecast.fit;

/**
 * Minimises a sum of squared residuals by Levenberg–Marquardt with Marquardt's diagonal scaling and
 * Nielsen's damping update, the Jacobian by forward differences unless the residuals know their
 * derivatives ({@link Residuals#jacobian}). The models here have at most a handful of parameters
 * and a few thousand residuals, so the normal equations (k × k, solved by Cholesky) are accumulated
 * column by column and the m × k Jacobian is never formed as a matrix: one iteration costs k + 1
 * residual passes (by forward differences) and O(m k²) multiply-adds, with no per-row allocation.
 */
public final class LeastSquares {
  private LeastSquares() {}

  /**
   * At most this many points are evaluated (each with its Jacobian when the step is accepted): a
   * fit that has not converged by then (typically a coefficient running to the edge of
   * invertibility) keeps the best point it saw. Well-posed fits converge in 5 to 20.
   */
  public static final int MAX_EVALUATIONS = 40;

  /**
   * The evaluations a refit gets: it starts from the parameters fitted on an overlapping history,
   * near its optimum, and half of such fits converge within 6; the few that would crawl on (a
   * coefficient near the edge of invertibility) stop here, no worse than where they started.
   */
  public static final int REFIT_EVALUATIONS = 10;

  /** A step is done when it lowers the cost by less than this share, or moves x by less. */
  static final double TOLERANCE = 1e-6;

  /**
   * Residuals r(x) of one fixed length, and their Jacobian: by forward differences unless a model
   * knows its derivatives.
   */
  @FunctionalInterface
  public interface Residuals {
    double[] at(double[] x);

    /**
     * Fills {@code columns[j]} with ∂r/∂xⱼ at {@code x}, where {@code r = at(x)}; an array already
     * there of r's length may be reused. {@code x} must come back unchanged.
     */
    default void jacobian(double[] x, double[] r, double[][] columns) {
      for (int j = 0; j < x.length; j++) {
        double h = 1e-6 * Math.max(1, Math.abs(x[j]));
        double saved = x[j];
        x[j] = saved + h;
        double[] rj = at(x);
        x[j] = saved;
        for (int i = 0; i < rj.length; i++) {
          rj[i] = (rj[i] - r[i]) / h;
        }
        columns[j] = rj;
      }
    }
  }

  /**
   * Where a minimisation ended: the parameters and the residuals there, which the fit has already
   * computed and its caller need not compute again.
   */
  public record Solution(double[] x, double[] residuals) {}

  /**
   * The parameters minimising Σ r(x)², starting from {@code start}, in at most {@code
   * maxEvaluations} evaluations of the residuals; {@code residuals} must return arrays of one fixed
   * length. A fit that fails to converge returns the best point it evaluated.
   */
  public static Solution minimise(Residuals residuals, double[] start, int maxEvaluations) {
    int k = start.length;
    if (k == 0) {
      return new Solution(start, residuals.at(start));
    }
    double[] x = start.clone();
    double[] r = residuals.at(x);
    int m = r.length;
    double cost = squares(r);
    double[][] columns = new double[k][];
    double[][] a = new double[k][k];
    double[] g = new double[k];
    double[] scale = new double[k];
    double[][] work = new double[k][k];
    double[] step = new double[k];
    double[] trial = new double[k];
    double lambda = 1e-3;
    double nu = 2;
    boolean stale = true;
    for (int evaluations = 1; evaluations < maxEvaluations && cost > 0; ) {
      if (stale) {
        residuals.jacobian(x, r, columns);
        normalEquations(columns, r, m, a, g);
        for (int j = 0; j < k; j++) {
          scale[j] = Math.max(a[j][j], 1e-12);
        }
        stale = false;
      }
      for (int i = 0; i < k; i++) {
        System.arraycopy(a[i], 0, work[i], 0, k);
        work[i][i] += lambda * scale[i];
        step[i] = -g[i];
      }
      if (!solve(work, step)) {
        lambda *= nu;
        nu *= 2;
        evaluations++;
        continue;
      }
      double xNorm = 0;
      double stepNorm = 0;
      for (int j = 0; j < k; j++) {
        trial[j] = x[j] + step[j];
        xNorm += x[j] * x[j];
        stepNorm += step[j] * step[j];
      }
      if (Math.sqrt(stepNorm) <= TOLERANCE * (Math.sqrt(xNorm) + TOLERANCE)) {
        break;
      }
      double[] rt = residuals.at(trial);
      evaluations++;
      double trialCost = squares(rt);
      if (trialCost < cost) {
        double predicted = 0;
        for (int j = 0; j < k; j++) {
          predicted += step[j] * (lambda * scale[j] * step[j] - g[j]);
        }
        double rho = (cost - trialCost) / predicted;
        boolean converged = cost - trialCost <= TOLERANCE * cost;
        System.arraycopy(trial, 0, x, 0, k);
        r = rt;
        cost = trialCost;
        if (converged) {
          break;
        }
        double c = 2 * rho - 1;
        lambda *= Math.max(1.0 / 3, 1 - c * c * c);
        nu = 2;
        stale = true;
      } else {
        lambda *= nu;
        nu *= 2;
      }
    }
    return new Solution(x, r);
  }

  private static double squares(double[] r) {
    double s = 0;
    for (double v : r) {
      s += v * v;
    }
    return Double.isNaN(s) ? Double.POSITIVE_INFINITY : s;
  }

  /**
   * a = JᵀJ, g = Jᵀr. Each sum adds its products in the order of the rows, as one loop per sum
   * would; four sums run side by side over the rows, where one at a time each waited on its own
   * last addition.
   */
  private static void normalEquations(
      double[][] columns, double[] r, int m, double[][] a, double[] g) {
    int k = columns.length;
    double[] sums = new double[4];
    for (int j = 0; j < k; j++) {
      double[] cj = columns[j];
      // Column j's partners: r (partner 0), then columns 0 to j (partners 1 to j + 1).
      int partners = j + 2;
      for (int first = 0; first < partners; first += 4) {
        dots(
            cj,
            partner(first, partners, r, columns),
            partner(first + 1, partners, r, columns),
            partner(first + 2, partners, r, columns),
            partner(first + 3, partners, r, columns),
            m,
            sums);
        for (int i = 0; i < 4 && first + i < partners; i++) {
          int l = first + i - 1;
          if (l < 0) {
            g[j] = sums[i];
          } else {
            a[j][l] = sums[i];
            a[l][j] = sums[i];
          }
        }
      }
    }
  }

  /** Partner {@code i} of a column, the last one standing in for those past the end. */
  private static double[] partner(int i, int partners, double[] r, double[][] columns) {
    int p = Math.min(i, partners - 1);
    return p == 0 ? r : columns[p - 1];
  }

  /** The four sums of {@code c[i] × bₙ[i]} over the first {@code m} rows, into {@code sums}. */
  private static void dots(
      double[] c, double[] b0, double[] b1, double[] b2, double[] b3, int m, double[] sums) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    for (int i = 0; i < m; i++) {
      double ci = c[i];
      s0 += ci * b0[i];
      s1 += ci * b1[i];
      s2 += ci * b2[i];
      s3 += ci * b3[i];
    }
    sums[0] = s0;
    sums[1] = s1;
    sums[2] = s2;
    sums[3] = s3;
  }

  /**
   * Solves a b' = b in place by Cholesky ({@code a} is overwritten); false when a is not positive
   * definite or the solution is not finite.
   */
  static boolean solve(double[][] a, double[] b) {
    int k = b.length;
    for (int j = 0; j < k; j++) {
      double d = a[j][j];
      for (int l = 0; l < j; l++) {
        d -= a[j][l] * a[j][l];
      }
      if (!(d > 0)) {
        return false;
      }
      double root = Math.sqrt(d);
      a[j][j] = root;
      for (int i = j + 1; i < k; i++) {
        double s = a[i][j];
        for (int l = 0; l < j; l++) {
          s -= a[i][l] * a[j][l];
        }
        a[i][j] = s / root;
      }
    }
    for (int i = 0; i < k; i++) {
      double s = b[i];
      for (int l = 0; l < i; l++) {
        s -= a[i][l] * b[l];
      }
      b[i] = s / a[i][i];
    }
    for (int i = k - 1; i >= 0; i--) {
      double s = b[i];
      for (int l = i + 1; l < k; l++) {
        s -= a[l][i] * b[l];
      }
      b[i] = s / a[i][i];
      if (!Double.isFinite(b[i])) {
        return false;
      }
    }
    return true;
  }
}
