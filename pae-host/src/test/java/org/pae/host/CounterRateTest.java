package org.pae.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CounterRateTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void firstReadingHasNoRateThenDeltasPerSecond() {
    CounterRate<String> r = new CounterRate<>();
    assertThat(r.rate("eth0", T0, 1_000, 1)).isEmpty();
    assertThat(r.rate("eth0", T0.plusSeconds(2), 5_000, 1)).hasValue(2_000);
    assertThat(r.rate("eth0", T0.plusSeconds(4), 5_000, 1e-3)).hasValue(0);
  }

  @Test
  void aResetRestartsTheRateAndAWrapCountsThrough() {
    CounterRate<String> r = new CounterRate<>();
    r.rate("c", T0, 5_000_000_000L, 1);
    assertThat(r.rate("c", T0.plusSeconds(1), 100, 1))
        .as("64-bit counter went back: reset")
        .isEmpty();
    assertThat(r.rate("c", T0.plusSeconds(2), 300, 1)).hasValue(200);

    long nearTop = 4_294_967_000L;
    r.rate("w", T0, nearTop, 1);
    assertThat(r.rate("w", T0.plusSeconds(1), 704, 1))
        .as("a 32-bit counter in its upper half wrapped")
        .hasValue(1_000);
  }

  @Test
  void aForgottenKeyStartsAfresh() {
    CounterRate<String> r = new CounterRate<>();
    r.rate("a", T0, 10, 1);
    r.retainAll(java.util.List.of("b"));
    assertThat(r.rate("a", T0.plusSeconds(1), 20, 1)).isEmpty();
  }
}
