package org.pae.core.context;

import java.time.DayOfWeek;

/**
 * What the calendar says about one moment for one workload.
 *
 * @param hourOfDay local hour of the day with its fraction, in [0, 24)
 * @param dayOfWeek local day of the week
 * @param holiday whether the local date is a listed holiday
 * @param factor the product of the factors of every calendar event on at that moment (1: none)
 */
public record Context(double hourOfDay, DayOfWeek dayOfWeek, boolean holiday, double factor) {
  /** How many features {@link #features()} returns. */
  public static final int FEATURES = 6;

  /**
   * Numeric features for learned models: the hour of the day and the day of the week on circles
   * (sine, cosine), the holiday flag, and the logarithm of the event factor.
   */
  public double[] features() {
    double day = 2 * Math.PI * hourOfDay / 24;
    double week = 2 * Math.PI * ((dayOfWeek.getValue() - 1) * 24 + hourOfDay) / 168;
    return new double[] {
      Math.sin(day),
      Math.cos(day),
      Math.sin(week),
      Math.cos(week),
      holiday ? 1 : 0,
      Math.log(factor)
    };
  }

  /** The hour of the week, 0 = Monday 00:00 to 167 = Sunday 23:00. */
  public int hourOfWeek() {
    return (dayOfWeek.getValue() - 1) * 24 + (int) hourOfDay;
  }
}
