package org.pae.core.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one parser of settings values, one rule per type, each error naming the key and what is
 * allowed: booleans ({@code true} or {@code false}, any case), durations ({@code 500ms}, {@code
 * 5s}, {@code 2m}, {@code 1h}, {@code 1d} or ISO-8601), sizes in bytes ({@code 16777216}, {@code
 * 16M}, {@code 1G}: powers of 1024), numbers, whole numbers and comma-separated lists.
 */
public final class Values {
  private Values() {}

  /** {@code true} or {@code false}, in any case. */
  public static boolean bool(String key, String value) {
    String v = value == null ? "" : value.trim();
    if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(v);
    }
    throw new IllegalArgumentException(
        key + " = '" + value + "' is not a boolean; allowed: true, false");
  }

  /** A decimal number. */
  public static double number(String key, String value) {
    try {
      return Double.parseDouble(value.trim());
    } catch (NumberFormatException | NullPointerException e) {
      throw new IllegalArgumentException(key + " = '" + value + "' is not a number", e);
    }
  }

  /** A whole number. */
  public static long whole(String key, String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException | NullPointerException e) {
      throw new IllegalArgumentException(key + " = '" + value + "' is not a whole number", e);
    }
  }

  /** A whole number at least {@code min}. */
  public static long whole(String key, String value, long min) {
    long v = whole(key, value);
    if (v < min) {
      throw new IllegalArgumentException(
          key + " = '" + value + "' is not a whole number >= " + min);
    }
    return v;
  }

  /** Bytes: a whole number, or one with K, M, G or T (powers of 1024; an optional B or iB). */
  public static long size(String key, String value) {
    String v = value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
    if (v.endsWith("IB")) {
      v = v.substring(0, v.length() - 2);
    } else if (v.endsWith("B")) {
      v = v.substring(0, v.length() - 1);
    }
    int shift =
        v.isEmpty()
            ? 0
            : switch (v.charAt(v.length() - 1)) {
              case 'K' -> 10;
              case 'M' -> 20;
              case 'G' -> 30;
              case 'T' -> 40;
              default -> 0;
            };
    String digits = shift == 0 ? v : v.substring(0, v.length() - 1).trim();
    try {
      long n = Long.parseLong(digits);
      if (n < 0 || n > (Long.MAX_VALUE >> shift)) {
        throw new NumberFormatException();
      }
      return n << shift;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          key + " = '" + value + "' is not a size; allowed: bytes (16777216) or 16K, 16M, 16G", e);
    }
  }

  /** Parses {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 1d} or ISO-8601. */
  public static Duration duration(String key, String value) {
    String v = value == null ? "" : value.trim();
    try {
      if (v.startsWith("P") || v.startsWith("p")) {
        return Duration.parse(v);
      }
      if (v.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).trim()));
      }
      long n = Long.parseLong(v.substring(0, v.length() - 1).trim());
      return switch (v.charAt(v.length() - 1)) {
        case 's' -> Duration.ofSeconds(n);
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        case 'd' -> Duration.ofDays(n);
        default -> throw new NumberFormatException();
      };
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          key
              + " = '"
              + value
              + "' is not a duration; allowed: a whole number with ms, s, m, h or"
              + " d (5s), or ISO-8601 (PT5S)",
          e);
    }
  }

  /** The non-blank items of a comma-separated list, trimmed. */
  public static List<String> list(String value) {
    List<String> out = new ArrayList<>();
    for (String part : (value == null ? "" : value).split(",")) {
      if (!part.isBlank()) {
        out.add(part.trim());
      }
    }
    return out;
  }

  /** A comma-separated list of durations. */
  public static List<Duration> durations(String key, String value) {
    List<Duration> out = new ArrayList<>();
    for (String part : list(value)) {
      out.add(duration(key, part));
    }
    return out;
  }
}
