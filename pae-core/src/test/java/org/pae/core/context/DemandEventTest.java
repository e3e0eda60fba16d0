package org.pae.core.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pae.core.model.Resource;
import org.pae.core.model.WorkloadId;

class DemandEventTest {
  private static final WorkloadId SHOP = WorkloadId.of("shop-1");
  private static final WorkloadId OTHER = WorkloadId.of("other-1");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  @Test
  void aRecurringWindowOverlapsASpanWhenOneOfItsOccurrencesDoes() {
    // Fridays 23:00-02:00 New York time: Friday 2026-11-27 23:00 EST is Saturday 04:00 UTC.
    DemandEvent.Window batch =
        DemandEvent.parse("batch", "factor=2; from=23:00; to=02:00; days=fri").window();
    Instant saturday0330 = Instant.parse("2026-11-28T03:30:00Z");
    assertThat(batch.overlaps(saturday0330, saturday0330.plusSeconds(3600), NEW_YORK)).isTrue();
    assertThat(batch.overlaps(saturday0330, saturday0330.plusSeconds(1800), NEW_YORK)).isFalse();
    // Saturday 01:30 to 02:30 New York: the tail of Friday's occurrence, not a Saturday one.
    Instant saturday0630 = Instant.parse("2026-11-28T06:30:00Z");
    assertThat(batch.overlaps(saturday0630, saturday0630.plusSeconds(3600), NEW_YORK)).isTrue();
    Instant sunday0630 = Instant.parse("2026-11-29T06:30:00Z");
    assertThat(batch.overlaps(sunday0630, sunday0630.plusSeconds(3600), NEW_YORK)).isFalse();
  }

  @Test
  void aOneOffWindowIsTheSameInstantsInEveryZone() {
    Instant from = Instant.parse("2026-12-01T10:00:00Z");
    DemandEvent.Once launch = new DemandEvent.Once(from, from.plusSeconds(7200));
    assertThat(launch.covers(from.atZone(NEW_YORK))).isTrue();
    assertThat(launch.covers(from.plusSeconds(7200).atZone(ZoneOffset.UTC))).isFalse();
    assertThat(launch.overlaps(from.minusSeconds(60), from, NEW_YORK)).isFalse();
    assertThat(launch.overlaps(from.minusSeconds(60), from.plusSeconds(1), ZoneOffset.UTC))
        .isTrue();
    assertThatThrownBy(() -> new DemandEvent.Once(from, from))
        .hasMessageContaining("until must be after from");
  }

  @Test
  void itsScopeNamesAWorkloadAndAResourceOrEvery() {
    Instant from = Instant.parse("2026-12-01T10:00:00Z");
    DemandEvent cpuOfShop =
        new DemandEvent(
            "launch",
            Optional.of(SHOP),
            Optional.of(Resource.CPU),
            new DemandEvent.Once(from, from.plusSeconds(60)),
            2);
    assertThat(cpuOfShop.concerns(SHOP, Resource.CPU)).isTrue();
    assertThat(cpuOfShop.concerns(SHOP, Resource.MEMORY)).isFalse();
    assertThat(cpuOfShop.concerns(OTHER, Resource.CPU)).isFalse();
    assertThat(cpuOfShop.covers(OTHER, from.atZone(ZoneOffset.UTC))).isFalse();
    assertThat(cpuOfShop.covers(SHOP, from.atZone(ZoneOffset.UTC))).isTrue();
    assertThatThrownBy(
            () ->
                new DemandEvent("none", Optional.empty(), Optional.empty(), cpuOfShop.window(), 0))
        .hasMessageContaining("factor must be > 0");
    // The calendar's models see one context per workload: its events concern every resource.
    assertThatThrownBy(
            () -> new ContextCalendar(ZoneOffset.UTC, Map.of(), Set.of(), List.of(cpuOfShop)))
        .hasMessageContaining("launch must concern every resource, not cpu");
  }
}
