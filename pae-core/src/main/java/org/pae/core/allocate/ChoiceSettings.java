package org.pae.core.allocate;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.pae.core.config.SettingsSource;
import org.pae.core.config.Values;

/**
 * How {@link CostChoicePolicy} builds and scores its candidates; the defaults with their meaning
 * are in {@code pae-defaults.properties} ({@code allocate.choice.*}).
 *
 * @param windows peak windows: a candidate base is the largest usage seen over the last window
 * @param decays half-lives of decaying peaks: a base that jumps to a new peak and then decays
 * @param forecast whether the forecaster's quantile at the policy's risk budget is a base too
 * @param margins how many margins multiply each base, spaced geometrically from 1 to maxMargin
 * @param maxMargin the largest margin, &gt; 1
 * @param memory the half-life of a candidate's cost: how far back its record counts
 * @param tolerance a lower candidate replaces the allocation only when it is below allocation × (1
 *     − tolerance); a higher one always does
 * @param warmUp how long a new series holds its allocation before choosing
 * @param judged how long a series' record must cover before its choices count towards the fleet's
 *     price: before that, a cheap choice is cheap by luck, and no price would make it safe
 */
public record ChoiceSettings(
    List<Duration> windows,
    List<Duration> decays,
    boolean forecast,
    int margins,
    double maxMargin,
    Duration memory,
    double tolerance,
    Duration warmUp,
    Duration judged) {

  public ChoiceSettings {
    windows = List.copyOf(windows);
    decays = List.copyOf(decays);
    Objects.requireNonNull(memory, "memory");
    Objects.requireNonNull(warmUp, "warmUp");
    Objects.requireNonNull(judged, "judged");
    if (judged.isNegative()) {
      throw new IllegalArgumentException("allocate.choice.judged-after must be >= 0s: " + judged);
    }
    for (Duration d : windows) {
      positive("allocate.choice.windows", d);
    }
    for (Duration d : decays) {
      positive("allocate.choice.decays", d);
    }
    positive("allocate.choice.memory", memory);
    if (warmUp.isNegative()) {
      throw new IllegalArgumentException("allocate.choice.warm-up must be >= 0s: " + warmUp);
    }
    if (margins < 1 || margins > 64) {
      throw new IllegalArgumentException(
          "allocate.choice.margins = " + margins + " is out of range; allowed: 1 to 64");
    }
    if (!(maxMargin > 1 && maxMargin <= 100)) {
      throw new IllegalArgumentException(
          "allocate.choice.max-margin = " + maxMargin + " is out of range; allowed: (1, 100]");
    }
    if (!(tolerance >= 0 && tolerance < 1)) {
      throw new IllegalArgumentException(
          "allocate.choice.tolerance = " + tolerance + " is out of range; allowed: [0, 1)");
    }
  }

  /**
   * The defaults file's {@code allocate.choice.*} keys: read from {@code pae-defaults.properties},
   * the only place a default is written.
   */
  public static final ChoiceSettings DEFAULTS = read(SettingsSource.of(Map.of()));

  /** Reads {@code allocate.choice.*} from {@code source}. */
  public static ChoiceSettings read(SettingsSource s) {
    String p = "allocate.choice.";
    return new ChoiceSettings(
        Values.durations(p + "windows", s.get(p + "windows")),
        Values.durations(p + "decays", s.get(p + "decays")),
        s.bool(p + "forecast"),
        (int) Values.whole(p + "margins", s.get(p + "margins")),
        s.number(p + "max-margin"),
        s.duration(p + "memory"),
        s.number(p + "tolerance"),
        s.duration(p + "warm-up"),
        s.duration(p + "judged-after"));
  }

  /** The margins, from 1 to {@link #maxMargin} in geometric steps. */
  public double[] marginValues() {
    double[] m = new double[margins];
    for (int i = 0; i < margins; i++) {
      m[i] = margins == 1 ? 1 : Math.pow(maxMargin, (double) i / (margins - 1));
    }
    return m;
  }

  private static void positive(String key, Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(key + ": every duration must be positive: " + d);
    }
  }
}
