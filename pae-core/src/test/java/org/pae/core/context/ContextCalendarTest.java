package org.pae.core.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pae.core.forecast.ForecasterRegistry;
import org.pae.core.forecast.LastValueForecaster;
import org.pae.core.model.AccountId;
import org.pae.core.model.WorkloadId;
import org.pae.core.settings.Settings;

class ContextCalendarTest {
  private static final WorkloadId SHOP = WorkloadId.of("shop-1");
  private static final WorkloadId OTHER = WorkloadId.of("other");
  private static final AccountId ACME = new AccountId("acme");

  @Test
  void readsTimeZonesHolidaysAndEventsFromSettings() {
    ContextCalendar c =
        ContextCalendar.load(
            Map.of(
                "context.time-zone", "Europe/Amsterdam",
                "context.holidays", "2026-12-25, 2026-12-26",
                "context.account.acme.time-zone", "America/New_York",
                "context.event.sale", "workload=shop-1; factor=3; from=18:00; to=20:00",
                "context.event.batch", "factor=2; from=23:00; to=02:00; days=mon-fri"));
    assertThat(c.zone()).isEqualTo(ZoneId.of("Europe/Amsterdam"));
    assertThat(c.zoneOf(ACME)).isEqualTo(ZoneId.of("America/New_York"));
    // Friday 2026-12-25 18:30 in Amsterdam is 17:30 UTC.
    Instant sale = Instant.parse("2026-12-25T17:30:00Z");
    Context at = c.at(SHOP, AccountId.DEFAULT, sale);
    assertThat(at.factor()).isEqualTo(3);
    assertThat(at.holiday()).isTrue();
    assertThat(at.dayOfWeek()).isEqualTo(DayOfWeek.FRIDAY);
    assertThat(at.hourOfDay()).isEqualTo(18.5);
    assertThat(c.at(OTHER, AccountId.DEFAULT, sale).factor()).isEqualTo(1);
    // The same instant is 12:30 in New York: the sale window is not on for acme's workload.
    assertThat(c.at(SHOP, ACME, sale).factor()).isEqualTo(1);
  }

  @Test
  void aWindowOverMidnightBelongsToTheDayItStarts() {
    DemandEvent batch = DemandEvent.parse("batch", "factor=2; from=23:00; to=02:00; days=fri");
    ContextCalendar c =
        new ContextCalendar(
            ZoneId.of("UTC"), Map.of(), java.util.Set.of(), java.util.List.of(batch));
    // Friday 23:30 and Saturday 01:00 are in; Saturday 23:30 and Friday 01:00 are not.
    assertThat(c.at(OTHER, AccountId.DEFAULT, Instant.parse("2026-11-27T23:30:00Z")).factor())
        .isEqualTo(2);
    assertThat(c.at(OTHER, AccountId.DEFAULT, Instant.parse("2026-11-28T01:00:00Z")).factor())
        .isEqualTo(2);
    assertThat(c.at(OTHER, AccountId.DEFAULT, Instant.parse("2026-11-28T23:30:00Z")).factor())
        .isEqualTo(1);
    assertThat(c.at(OTHER, AccountId.DEFAULT, Instant.parse("2026-11-27T01:00:00Z")).factor())
        .isEqualTo(1);
  }

  @Test
  void badValuesAreRefusedNamingTheKey() {
    assertThatThrownBy(() -> ContextCalendar.load(Map.of("context.time-zone", "Mars/Olympus")))
        .hasMessageContaining("context.time-zone");
    assertThatThrownBy(() -> ContextCalendar.load(Map.of("context.holidays", "25/12/2026")))
        .hasMessageContaining("context.holidays");
    assertThatThrownBy(
            () -> ContextCalendar.load(Map.of("context.event.x", "factor=0; from=1:00; to=2:00")))
        .hasMessageContaining("context.event.x");
    assertThatThrownBy(() -> DemandEvent.parse("y", "factor=2; from=18:00"))
        .hasMessageContaining("needs factor, from and to");
    assertThatThrownBy(
            () ->
                Settings.load(
                    Map.of("context.event.z", "factor=2; from=18:00; to=19:00; days=someday"),
                    ForecasterRegistry.standard()))
        .hasMessageContaining("context.event.z");
    assertThat(
            Settings.load(
                    Map.of("context.event.z", "factor=2; from=18:00; to=19:00"),
                    ForecasterRegistry.standard())
                .interval())
        .isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void featuresPutTheClockOnCircles() {
    Context midnightMonday = new Context(0, DayOfWeek.MONDAY, false, 1);
    Context noonThursday = new Context(12, DayOfWeek.THURSDAY, true, 3);
    assertThat(midnightMonday.features()).containsExactly(0, 1, 0, 1, 0, 0);
    double[] f = noonThursday.features();
    assertThat(f[1]).isCloseTo(-1, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(f[4]).isEqualTo(1);
    assertThat(f[5]).isEqualTo(Math.log(3));
    assertThat(noonThursday.hourOfWeek()).isEqualTo(3 * 24 + 12);
  }

  @Test
  void aForecastCarriesTheEventFactorToTheTargetTime() {
    ContextCalendar c =
        ContextCalendar.load(Map.of("context.event.sale", "factor=3; from=18:00; to=20:00"));
    ContextForecaster f =
        new ContextForecaster(new LastValueForecaster(), c, OTHER, AccountId.DEFAULT);
    f.observe(Instant.parse("2026-11-25T17:00:00Z"), 100);
    // Before the window: the plain level; an hour and a half later, inside it: three times.
    assertThat(f.quantile(Duration.ofMinutes(5), 0.9)).isEqualTo(100);
    assertThat(f.quantile(Duration.ofMinutes(90), 0.9)).isEqualTo(300);
    // Seen inside the window, 300 is the event's load: after it the model expects 100 again.
    f.observe(Instant.parse("2026-11-25T18:30:00Z"), 300);
    assertThat(f.quantile(Duration.ofMinutes(5), 0.9)).isEqualTo(300);
    assertThat(f.quantile(Duration.ofHours(2), 0.9)).isEqualTo(100);
  }
}
