package org.pae.core.forecast.online;

/** Fits a model to a history and hands back its predictor, rolled to the end of the history. */
@FunctionalInterface
public interface Fitter {
  /**
   * @param history samples oldest first, one per grid step, none missing, none negative
   * @param period the detected seasonal period in steps, {@code 0} when there is none
   * @param day steps per day, {@code 0} when a day is not a whole number of steps or too long
   */
  Predictor fit(double[] history, int period, int day);
}
