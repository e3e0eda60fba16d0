package org.pae.sim.trace;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Timestamps as traces write them, to epoch seconds. */
final class Times {
  private Times() {}

  /**
   * Epoch seconds from epoch seconds ({@code 1372629804}, decimals floored), ISO-8601 ({@code
   * 2014-02-14T14:30:00Z}) or {@code 2014-02-14 14:30:00} (UTC).
   *
   * @throws IllegalArgumentException with the text when it is none of those
   */
  static long parse(String text) {
    String s = text.trim();
    if (s.isEmpty()) {
      throw new IllegalArgumentException("empty timestamp");
    }
    char c = s.charAt(0);
    if ((c >= '0' && c <= '9' || c == '-') && s.indexOf(':') < 0 && s.indexOf('-', 1) < 0) {
      try {
        return Long.parseLong(s);
      } catch (NumberFormatException e) {
        try {
          double d = Double.parseDouble(s);
          if (Double.isFinite(d)) {
            return (long) Math.floor(d);
          }
        } catch (NumberFormatException ignored) {
          // falls through to the message below
        }
        throw new IllegalArgumentException("timestamp '" + s + "' is not a number");
      }
    }
    try {
      if (s.endsWith("Z") || s.matches(".*[+-]\\d\\d:\\d\\d$")) {
        return Instant.parse(s.replace(' ', 'T')).getEpochSecond();
      }
      return LocalDateTime.parse(s.replace(' ', 'T')).toEpochSecond(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "timestamp '" + s + "' is neither epoch seconds nor ISO-8601 nor 'yyyy-MM-dd HH:mm:ss'");
    }
  }

  /** A finite, non-negative number, or an explanation naming the field. */
  static double number(String field, String text) {
    String s = text.trim();
    double v;
    try {
      v = Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(field + " '" + s + "' is not a number");
    }
    if (!Double.isFinite(v) || v < 0) {
      throw new IllegalArgumentException(field + " " + s + " is not a finite number >= 0");
    }
    return v;
  }
}
