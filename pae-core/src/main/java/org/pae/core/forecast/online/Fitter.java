package org.pae.core.forecast.online;

/** Fits a model to a history and hands back its predictor, rolled to the end of the history. */
@FunctionalInterface
public interface Fitter {
  /**
   * A full fit: the model's structure (an order, a method) is chosen anew and its parameters
   * estimated from scratch.
   *
   * @param history samples oldest first, one per grid step, none missing, none negative
   * @param period the detected seasonal period in steps, {@code 0} when there is none
   * @param day steps per day, {@code 0} when a day is not a whole number of steps or too long
   */
  Predictor fit(double[] history, int period, int day);

  /**
   * A refit between full fits: the structure {@code previous} (this fitter's last predictor, or a
   * fallback) runs is kept and its parameters re-estimated from where they were, which costs a
   * fraction of a full fit. Where the structure no longer applies, or {@code previous} is not one
   * of this fitter's, it is a full fit; that is all the default does.
   */
  default Predictor refit(double[] history, int period, int day, Predictor previous) {
    return fit(history, period, day);
  }
}
