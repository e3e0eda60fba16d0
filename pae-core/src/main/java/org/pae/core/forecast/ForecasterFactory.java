package org.pae.core.forecast;

import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import org.pae.core.model.Resource;
import org.pae.core.model.SeriesKey;
import org.pae.core.model.Workload;
import org.pae.core.ports.PastSource;

/**
 * Makes a fresh model for a series. Its one abstract method takes everything the model may need in
 * one {@link SeriesSpec}, so that a factory wrapping another (a context, the dashboard's tracking,
 * the tiers) cannot drop part of it: it forwards the specification. The other methods are
 * conveniences that build a specification, and {@link #learners}, which every wrapper forwards.
 */
@FunctionalInterface
public interface ForecasterFactory {
  /** A fresh model of the series {@code spec} describes. */
  Forecaster create(SeriesSpec spec);

  /** A fresh model for a series known by its key only ({@link SeriesSpec#of(SeriesKey)}). */
  default Forecaster create(SeriesKey series) {
    return create(SeriesSpec.of(series));
  }

  /** A fresh model for a workload's resource ({@link SeriesSpec#of(Workload, Resource)}). */
  default Forecaster create(Workload workload, Resource resource) {
    return create(SeriesSpec.of(workload, resource));
  }

  /**
   * This factory, its forecasters reading the history their refits need from {@code source} instead
   * of keeping it in each series' state (a model that keeps no long history ignores it).
   */
  default ForecasterFactory reading(PastSource source) {
    Objects.requireNonNull(source, "source");
    return new Wrapped(this, spec -> spec.reading(source), (spec, f) -> f);
  }

  /**
   * This factory, each model it makes passed with its specification through {@code after} (e.g.
   * remembered by the dashboard); its learners are this one's.
   */
  default ForecasterFactory then(BiFunction<SeriesSpec, Forecaster, Forecaster> after) {
    return new Wrapped(this, spec -> spec, after);
  }

  /**
   * The models behind this factory that can be retrained from the engine's history; none by
   * default. A factory that wraps others returns theirs.
   */
  default List<Learner> learners() {
    return List.of();
  }

  /**
   * A factory that adjusts the specification before its inner factory makes the model, and the
   * model (given the specification it was made for) after; its learners are the inner factory's.
   */
  record Wrapped(
      ForecasterFactory inner,
      UnaryOperator<SeriesSpec> before,
      BiFunction<SeriesSpec, Forecaster, Forecaster> after)
      implements ForecasterFactory {
    public Wrapped {
      Objects.requireNonNull(inner, "inner");
      Objects.requireNonNull(before, "before");
      Objects.requireNonNull(after, "after");
    }

    @Override
    public Forecaster create(SeriesSpec spec) {
      SeriesSpec adjusted = before.apply(spec);
      return after.apply(adjusted, inner.create(adjusted));
    }

    @Override
    public List<Learner> learners() {
      return inner.learners();
    }
  }
}
