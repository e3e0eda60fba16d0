package org.pae.core.context;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.pae.core.model.Resource;
import org.pae.core.model.WorkloadId;

/**
 * PAE's one event concept: demand expected to be {@code factor} times what it would be without the
 * event, within a window, for a scope. "3× load on workload X from 18:00 to 20:00 every day", "a
 * batch window every night from 01:00 to 04:00", "the launch doubles CPU demand from 10:00 to 12:00
 * on 1 December".
 *
 * <p>It reaches the engine on two paths, which act differently on purpose (docs/forecasting.md,
 * "Demand events"):
 *
 * <ul>
 *   <li>A <b>calendar event</b> ({@code context.event.<name>} in the settings, read by {@link
 *       ContextCalendar}) is usually {@link Weekly recurring}. It recurs, so the models learn from
 *       it: {@link ContextualFactory} feeds each model the load net of the factor and multiplies
 *       the factor in at the time a forecast is for, so history spent inside and outside the window
 *       teaches one level of load.
 *   <li>A <b>hint</b> (the API's {@code POST .../hints}, held in the server's directives) is a
 *       {@link Once one-off}: it has no history to learn from, so the control loop scales the
 *       forecast by the factor at decision time while the window overlaps now plus the horizon
 *       ({@code Steering.demandFactor}).
 * </ul>
 *
 * @param name the event's name: its settings key's last part, or "hint-" and the hint's id
 * @param workload the one workload it concerns; empty: every workload (a hint is held in its
 *     workload's directives, so its own scope is empty)
 * @param resource the one resource it concerns; empty: every resource (calendar events concern
 *     every resource)
 * @param window when it is on
 * @param factor expected demand during the window relative to without it, &gt; 0
 */
public record DemandEvent(
    String name,
    Optional<WorkloadId> workload,
    Optional<Resource> resource,
    Window window,
    double factor) {
  public DemandEvent {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(workload, "workload");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(window, "window");
    if (!(factor > 0) || Double.isInfinite(factor)) {
      throw new IllegalArgumentException("event " + name + ": factor must be > 0: " + factor);
    }
  }

  /** When an event is on. */
  public sealed interface Window permits Once, Weekly {
    /** Whether it is on at {@code at} (local time of the workload's zone). */
    boolean covers(ZonedDateTime at);

    /** Whether it is on at some time within {@code [start, end)}, local times in {@code zone}. */
    boolean overlaps(Instant start, Instant end, ZoneId zone);
  }

  /** One-off, within {@code [from, until)}: absolute instants, whatever the zone. */
  public record Once(Instant from, Instant until) implements Window {
    public Once {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(until, "until");
      if (!until.isAfter(from)) {
        throw new IllegalArgumentException("until must be after from");
      }
    }

    @Override
    public boolean covers(ZonedDateTime at) {
      Instant t = at.toInstant();
      return !t.isBefore(from) && t.isBefore(until);
    }

    @Override
    public boolean overlaps(Instant start, Instant end, ZoneId zone) {
      return from.isBefore(end) && until.isAfter(start);
    }
  }

  /**
   * Recurring on {@code days} from local time {@code from} (inclusive) to {@code to} (exclusive); a
   * window whose end is not after its start runs over midnight and belongs to the day it starts on.
   */
  public record Weekly(Set<DayOfWeek> days, LocalTime from, LocalTime to) implements Window {
    public Weekly {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      if (days.isEmpty()) {
        throw new IllegalArgumentException("days must name at least one day");
      }
      days = Set.copyOf(EnumSet.copyOf(days));
    }

    @Override
    public boolean covers(ZonedDateTime at) {
      LocalTime t = at.toLocalTime();
      if (from.isBefore(to)) {
        return days.contains(at.getDayOfWeek()) && !t.isBefore(from) && t.isBefore(to);
      }
      return (days.contains(at.getDayOfWeek()) && !t.isBefore(from))
          || (days.contains(at.getDayOfWeek().minus(1)) && t.isBefore(to));
    }

    @Override
    public boolean overlaps(Instant start, Instant end, ZoneId zone) {
      LocalDate last = end.atZone(zone).toLocalDate();
      for (LocalDate d = start.atZone(zone).toLocalDate().minusDays(1);
          !d.isAfter(last);
          d = d.plusDays(1)) {
        if (days.contains(d.getDayOfWeek())) {
          Instant on = d.atTime(from).atZone(zone).toInstant();
          LocalDate endDay = from.isBefore(to) ? d : d.plusDays(1);
          Instant off = endDay.atTime(to).atZone(zone).toInstant();
          if (on.isBefore(end) && off.isAfter(start)) {
            return true;
          }
        }
      }
      return false;
    }
  }

  /** Whether it concerns {@code resource} of {@code workload}. */
  public boolean concerns(WorkloadId workload, Resource resource) {
    return concerns(workload) && this.resource.map(resource::equals).orElse(true);
  }

  /** Whether it is on for {@code workload} at local time {@code at}: how the calendar reads it. */
  public boolean covers(WorkloadId workload, ZonedDateTime at) {
    return concerns(workload) && window.covers(at);
  }

  private boolean concerns(WorkloadId workload) {
    return this.workload.map(workload::equals).orElse(true);
  }

  /**
   * Parses a calendar event's settings value: {@code factor=3; from=18:00; to=20:00} with optional
   * {@code workload=ID} and {@code days=mon-fri} (a range or a comma list; default every day).
   */
  public static DemandEvent parse(String name, String value) {
    String key = ContextCalendar.EVENT + name;
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
      return new DemandEvent(name, workload, Optional.empty(), new Weekly(days, from, to), factor);
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
