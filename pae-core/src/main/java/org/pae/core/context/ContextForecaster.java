package org.pae.core.context;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.pae.core.forecast.Forecaster;
import org.pae.core.model.AccountId;
import org.pae.core.model.WorkloadId;

/**
 * Makes any model event-aware: it learns the load without the calendar's events (each sample
 * divided by the event factor in force when it was taken) and forecasts it times the factor in
 * force at the target time. A model that already sees a 3× evening peak is thus not fooled into
 * expecting it every hour, and one that has never seen it is told before it comes.
 */
public final class ContextForecaster implements Forecaster {
  private final Forecaster inner;
  private final ContextCalendar calendar;
  private final WorkloadId workload;
  private final AccountId account;
  private Instant last;

  public ContextForecaster(
      Forecaster inner, ContextCalendar calendar, WorkloadId workload, AccountId account) {
    this.inner = Objects.requireNonNull(inner, "inner");
    this.calendar = Objects.requireNonNull(calendar, "calendar");
    this.workload = Objects.requireNonNull(workload, "workload");
    this.account = Objects.requireNonNull(account, "account");
  }

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public void observe(Instant time, double value) {
    inner.observe(time, value / calendar.at(workload, account, time).factor());
    last = time;
  }

  @Override
  public long observations() {
    return inner.observations();
  }

  @Override
  public void track(Duration horizon, double q) {
    inner.track(horizon, q);
  }

  @Override
  public double quantile(Duration horizon, double q) {
    double base = inner.quantile(horizon, q);
    return last == null ? base : base * calendar.at(workload, account, last.plus(horizon)).factor();
  }
}
