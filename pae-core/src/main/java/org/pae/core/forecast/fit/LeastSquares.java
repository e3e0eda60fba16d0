package org.pae.core.forecast.fit;

import java.util.function.Function;
import org.hipparchus.exception.MathIllegalStateException;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.RealVector;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresBuilder;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresOptimizer;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LevenbergMarquardtOptimizer;
import org.hipparchus.util.Pair;

/**
 * Minimises a sum of squared residuals with Hipparchus' Levenberg–Marquardt, the Jacobian by
 * forward differences (the models here have at most a handful of parameters, so k + 1 residual
 * passes per iteration are cheaper than deriving each model's Jacobian recursion).
 */
public final class LeastSquares {
  private LeastSquares() {}

  /** At most this many evaluations: a fit that has not converged by then keeps its best point. */
  static final int MAX_EVALUATIONS = 200;

  /**
   * The parameters minimising Σ r(x)², starting from {@code start}; {@code residuals} must return
   * arrays of one fixed length. A fit that fails to converge returns {@code start}.
   */
  public static double[] minimise(Function<double[], double[]> residuals, double[] start) {
    if (start.length == 0) {
      return start;
    }
    int m = residuals.apply(start).length;
    LeastSquaresOptimizer.Optimum optimum;
    try {
      optimum =
          new LevenbergMarquardtOptimizer()
              .withCostRelativeTolerance(1e-8)
              .withParameterRelativeTolerance(1e-8)
              .optimize(
                  new LeastSquaresBuilder()
                      .start(start)
                      .target(new double[m])
                      .model(
                          (RealVector point) -> {
                            double[] x = point.toArray();
                            double[] r = residuals.apply(x);
                            double[][] jac = new double[m][x.length];
                            for (int j = 0; j < x.length; j++) {
                              double step = 1e-6 * Math.max(1, Math.abs(x[j]));
                              double saved = x[j];
                              x[j] = saved + step;
                              double[] rj = residuals.apply(x);
                              x[j] = saved;
                              for (int i = 0; i < m; i++) {
                                jac[i][j] = (rj[i] - r[i]) / step;
                              }
                            }
                            return new Pair<>(
                                new ArrayRealVector(r, false),
                                new Array2DRowRealMatrix(jac, false));
                          })
                      .maxEvaluations(MAX_EVALUATIONS)
                      .maxIterations(MAX_EVALUATIONS)
                      .build());
    } catch (MathIllegalStateException e) {
      return start;
    }
    return optimum.getPoint().toArray();
  }
}
