package org.pae.core.context;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.pae.core.config.SettingsSource;
import org.pae.core.model.AccountId;
import org.pae.core.model.Workload;
import org.pae.core.model.WorkloadId;

/**
 * The calendar PAE's models see: time zones (a default and one per account), holidays, and demand
 * events (the calendar path of {@link DemandEvent}: models learn the load net of them). Read from
 * the settings {@code context.*} (see pae-defaults.properties) now, from the API later. Pure: every
 * time is an argument.
 *
 * @param zone the time zone of accounts that name none
 * @param accountZones the time zone of each account that names one
 * @param holidays local dates on which load is expected to be like a Sunday's
 * @param events expected changes of load, each for every resource of the workloads it concerns
 */
public record ContextCalendar(
    ZoneId zone,
    Map<AccountId, ZoneId> accountZones,
    Set<LocalDate> holidays,
    List<DemandEvent> events) {
  public static final String PREFIX = "context.";
  static final String ZONE = "context.time-zone";
  static final String HOLIDAYS = "context.holidays";
  static final String EVENT = "context.event.";
  static final String ACCOUNT = "context.account.";
  static final String ACCOUNT_ZONE = ".time-zone";

  /** No events, no holidays, UTC. */
  public static final ContextCalendar UTC =
      new ContextCalendar(ZoneId.of("UTC"), Map.of(), Set.of(), List.of());

  public ContextCalendar {
    Objects.requireNonNull(zone, "zone");
    accountZones = Map.copyOf(accountZones);
    holidays = Set.copyOf(holidays);
    events = List.copyOf(events);
    for (DemandEvent e : events) {
      if (e.resource().isPresent()) {
        throw new IllegalArgumentException(
            "calendar event "
                + e.name()
                + " must concern every resource, not "
                + e.resource().get().key());
      }
    }
  }

  /** The zone of a workload's account. */
  public ZoneId zoneOf(AccountId account) {
    return accountZones.getOrDefault(account, zone);
  }

  /** The context of {@code workload} at {@code at}. */
  public Context at(Workload workload, Instant at) {
    return at(workload.id(), workload.account(), at);
  }

  /** The context of a workload of {@code account} at {@code at}. */
  public Context at(WorkloadId workload, AccountId account, Instant at) {
    ZonedDateTime local = at.atZone(zoneOf(account));
    double factor = 1;
    for (DemandEvent e : events) {
      if (e.covers(workload, local)) {
        factor *= e.factor();
      }
    }
    double hour = local.getHour() + local.getMinute() / 60.0 + local.getSecond() / 3600.0;
    return new Context(hour, local.getDayOfWeek(), holidays.contains(local.toLocalDate()), factor);
  }

  /** Whether {@code key} is one of the open-ended context keys (an event or an account zone). */
  public static boolean isOpenKey(String key) {
    return (key.startsWith(EVENT) && key.length() > EVENT.length())
        || (key.startsWith(ACCOUNT)
            && key.endsWith(ACCOUNT_ZONE)
            && key.length() > ACCOUNT.length() + ACCOUNT_ZONE.length());
  }

  /** The calendar of the defaults overridden by {@code overrides}; a bad value is refused. */
  public static ContextCalendar load(Map<String, String> overrides) {
    return load(SettingsSource.of(overrides));
  }

  /** Reads the calendar's keys ({@code context.*}) from {@code source}; a bad value is refused. */
  public static ContextCalendar load(SettingsSource source) {
    ZoneId zone = zone(ZONE, source.get(ZONE));
    Set<LocalDate> holidays = new TreeSet<>();
    for (String d : source.list(HOLIDAYS)) {
      try {
        holidays.add(LocalDate.parse(d));
      } catch (DateTimeException e) {
        throw new IllegalArgumentException(
            HOLIDAYS + ": '" + d + "' is not a date like 2026-12-25", e);
      }
    }
    Map<AccountId, ZoneId> zones = new TreeMap<>((a, b) -> a.value().compareTo(b.value()));
    List<DemandEvent> events = new ArrayList<>();
    for (String k : new TreeSet<>(source.keys(PREFIX))) {
      if (k.startsWith(EVENT) && k.length() > EVENT.length()) {
        events.add(DemandEvent.parse(k.substring(EVENT.length()), source.get(k)));
      } else if (isOpenKey(k)) {
        String account = k.substring(ACCOUNT.length(), k.length() - ACCOUNT_ZONE.length());
        zones.put(new AccountId(account), zone(k, source.get(k)));
      }
    }
    return new ContextCalendar(zone, zones, holidays, events);
  }

  private static ZoneId zone(String key, String value) {
    try {
      return ZoneId.of(value);
    } catch (DateTimeException | NullPointerException e) {
      throw new IllegalArgumentException(
          key + " = '" + value + "' is not a time zone; e.g. UTC, Europe/Amsterdam", e);
    }
  }
}
