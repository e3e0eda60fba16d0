package org.pae.core.anomaly;

/** The standard normal's tails, in logarithms so that far tails do not underflow. */
final class Normal {
  private static final double LN10 = Math.log(10);
  private static final double SQRT2 = Math.sqrt(2);

  private Normal() {}

  /**
   * {@code ln erfc(x)} for {@code x >= 0}: Chebyshev fit of Numerical Recipes' {@code erfcc},
   * relative error below 1.2e-7 everywhere.
   */
  private static double lnErfc(double x) {
    double t = 1 / (1 + 0.5 * x);
    return Math.log(t)
        - x * x
        - 1.26551223
        + t
            * (1.00002368
                + t
                    * (0.37409196
                        + t
                            * (0.09678418
                                + t
                                    * (-0.18628806
                                        + t
                                            * (0.27886807
                                                + t
                                                    * (-1.13520398
                                                        + t
                                                            * (1.48851587
                                                                + t
                                                                    * (-0.82215223
                                                                        + t * 0.17087277))))))));
  }

  /** {@code log10 P(Z >= z)} for a standard normal Z. */
  static double log10Tail(double z) {
    double lnUpper = Math.log(0.5) + lnErfc(Math.abs(z) / SQRT2);
    return (z >= 0 ? lnUpper : Math.log1p(-Math.exp(lnUpper))) / LN10;
  }
}
