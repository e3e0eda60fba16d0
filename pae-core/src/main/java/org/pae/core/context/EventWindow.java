package org.pae.core.context;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.pae.core.model.WorkloadId;

/**
 * An expected change of load: "3× load on workload X from 18:00 to 20:00", "a batch window every
 * night from 01:00 to 04:00". Times are local to the workload's account time zone; a window whose
 * end is not after its start runs over midnight and belongs to the day it starts on.
 *
 * @param name the event's name, as in its settings key {@code context.event.<name>}
 * @param workload the one workload it concerns; empty: every workload
 * @param days the days of the week on which it starts
 * @param from local start time (inclusive)
 * @param to local end time (exclusive)
 * @param factor expected load during the window relative to without it, &gt; 0
 */
public record EventWindow(
    String name,
    Optional<WorkloadId> workload,
    Set<DayOfWeek> days,
    LocalTime from,
    LocalTime to,
    double factor) {
  public EventWindow {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(workload, "workload");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (days.isEmpty()) {
      throw new IllegalArgumentException("event " + name + " happens on no day");
    }
    days = Set.copyOf(EnumSet.copyOf(days));
    if (!(factor > 0) || Double.isInfinite(factor)) {
      throw new IllegalArgumentException("event " + name + ": factor must be > 0: " + factor);
    }
  }

  /** Whether it is on for {@code workload} at local time {@code at}. */
  public boolean covers(WorkloadId workload, ZonedDateTime at) {
    if (this.workload.isPresent() && !this.workload.get().equals(workload)) {
      return false;
    }
    LocalTime t = at.toLocalTime();
    if (from.isBefore(to)) {
      return days.contains(at.getDayOfWeek()) && !t.isBefore(from) && t.isBefore(to);
    }
    return (days.contains(at.getDayOfWeek()) && !t.isBefore(from))
        || (days.contains(at.getDayOfWeek().minus(1)) && t.isBefore(to));
  }

  /**
   * Parses a settings value: {@code factor=3; from=18:00; to=20:00} with optional {@code
   * workload=ID} and {@code days=mon-fri} (a range or a comma list; default every day).
   */
  public static EventWindow parse(String name, String value) {
    String key = "context.event." + name;
    Optional<WorkloadId> workload = Optional.empty();
    Set<DayOfWeek> days = EnumSet.allOf(DayOfWeek.class);
    LocalTime from = null;
    LocalTime to = null;
    Double factor = null;
    for (String part : value.split(";")) {
      if (part.isBlank()) {
        continue;
      }
      int eq = part.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException(
            key + ": '" + part.trim() + "' is not name=value" + FORMAT);
      }
      String k = part.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      String v = part.substring(eq + 1).trim();
      try {
        switch (k) {
          case "workload" -> workload = Optional.of(WorkloadId.of(v));
          case "days" -> days = days(v);
          case "from" -> from = LocalTime.parse(v);
          case "to" -> to = LocalTime.parse(v);
          case "factor" -> factor = Double.parseDouble(v);
          default -> throw new IllegalArgumentException("unknown field '" + k + "'");
        }
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(key + ": bad " + k + " '" + v + "'" + FORMAT, e);
      }
    }
    if (from == null || to == null || factor == null) {
      throw new IllegalArgumentException(key + " needs factor, from and to" + FORMAT);
    }
    try {
      return new EventWindow(name, workload, days, from, to, factor);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
    }
  }

  private static final String FORMAT =
      "; expected e.g. 'factor=3; from=18:00; to=20:00; days=mon-fri; workload=web-1'";

  private static Set<DayOfWeek> days(String v) {
    Set<DayOfWeek> out = EnumSet.noneOf(DayOfWeek.class);
    for (String item : v.split(",")) {
      String[] range = item.trim().split("-");
      DayOfWeek a = day(range[0]);
      DayOfWeek b = range.length > 1 ? day(range[1]) : a;
      for (DayOfWeek d = a; ; d = d.plus(1)) {
        out.add(d);
        if (d == b) {
          break;
        }
      }
    }
    return out;
  }

  private static DayOfWeek day(String s) {
    String t = s.trim().toLowerCase(Locale.ROOT);
    for (DayOfWeek d : DayOfWeek.values()) {
      if (t.length() >= 3 && d.name().toLowerCase(Locale.ROOT).startsWith(t)) {
        return d;
      }
    }
    throw new IllegalArgumentException("not a day of the week: " + s);
  }
}
