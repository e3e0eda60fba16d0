package org.pae.core.context;

import java.util.List;
import java.util.Objects;
import org.pae.core.forecast.Forecaster;
import org.pae.core.forecast.ForecasterFactory;
import org.pae.core.forecast.Learner;
import org.pae.core.model.AccountId;
import org.pae.core.model.Resource;
import org.pae.core.model.SeriesKey;
import org.pae.core.model.Workload;

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

  @Override
  public Forecaster create(SeriesKey series) {
    return new ContextForecaster(
        inner.create(series), calendar, series.workload(), AccountId.DEFAULT);
  }

  @Override
  public Forecaster create(Workload workload, Resource resource) {
    return new ContextForecaster(
        inner.create(workload, resource), calendar, workload.id(), workload.account());
  }

  @Override
  public List<Learner> learners() {
    return inner.learners();
  }
}
