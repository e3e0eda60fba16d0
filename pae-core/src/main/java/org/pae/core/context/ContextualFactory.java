package org.pae.core.context;

import java.util.List;
import java.util.Objects;
import org.pae.core.forecast.Forecaster;
import org.pae.core.forecast.ForecasterFactory;
import org.pae.core.forecast.Learner;
import org.pae.core.forecast.SeriesSpec;

/** Wraps every model a factory makes in a {@link ContextForecaster} over one calendar. */
public record ContextualFactory(ForecasterFactory inner, ContextCalendar calendar)
    implements ForecasterFactory {
  public ContextualFactory {
    Objects.requireNonNull(inner, "inner");
    Objects.requireNonNull(calendar, "calendar");
  }

  /** {@code inner} itself when the calendar has no events: nothing to adjust. */
  public static ForecasterFactory of(ForecasterFactory inner, ContextCalendar calendar) {
    return calendar.events().isEmpty() ? inner : new ContextualFactory(inner, calendar);
  }

  /**
   * The inner model learns the load without the events, so it keeps its own past: a past source
   * holds the recorded load, events included.
   */
  @Override
  public Forecaster create(SeriesSpec spec) {
    return new ContextForecaster(
        inner.create(spec.keepingPast()),
        calendar,
        spec.workload().id(),
        spec.workload().account());
  }

  @Override
  public List<Learner> learners() {
    return inner.learners();
  }
}
