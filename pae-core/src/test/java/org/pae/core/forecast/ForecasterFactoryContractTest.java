package org.pae.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pae.core.context.ContextCalendar;
import org.pae.core.context.ContextualFactory;
import org.pae.core.context.DemandEvent;
import org.pae.core.model.AccountId;
import org.pae.core.model.ProgramCode;
import org.pae.core.model.Resource;
import org.pae.core.model.Workload;
import org.pae.core.model.WorkloadKind;
import org.pae.core.ports.past.PastSource;
import org.pae.core.ports.past.TrainingHistory;

/**
 * What every factory and every wrapper of one owes (issue 16): the series specification reaches the
 * model it wraps whole, its learners are the wrapped ones', every registered model is made alike
 * from a key, a workload or a full specification, and reading a model's quantiles changes nothing
 * that later reads answer: only {@link Forecaster#track} does.
 */
class ForecasterFactoryContractTest {
  private static final Workload SHOP =
      Workload.of("shop", WorkloadKind.CONTAINER)
          .withAccount(new AccountId("tokyo"))
          .withProgram(ProgramCode.UNKNOWN);
  private static final PastSource EMPTY =
      (series, until, count) -> new PastSource.Window(new long[0], new double[0]);
  private static final SeriesSpec SPEC =
      SeriesSpec.of(SHOP, Resource.CPU)
          .asking(List.of(Duration.ofMinutes(5), Duration.ofHours(1)), List.of(0.5, 0.99))
          .reading(EMPTY);

  /** A real model behind a factory that keeps the specifications it was given. */
  private static final class Recording implements ForecasterFactory {
    final List<SeriesSpec> made = new ArrayList<>();
    final Learner learner =
        new Learner() {
          @Override
          public String name() {
            return "recording";
          }

          @Override
          public String retrain(TrainingHistory history, Instant now) {
            return "nothing to learn";
          }
        };

    @Override
    public Forecaster create(SeriesSpec spec) {
      made.add(spec);
      return new LastValueForecaster();
    }

    @Override
    public List<Learner> learners() {
      return List.of(learner);
    }
  }

  /**
   * Each wrapper, and what it may change on the way in: a context keeps the past itself, since the
   * inner model learns the load without the events and a past source holds it with them.
   */
  static Stream<Arguments> wrappers() {
    ContextCalendar calendar =
        new ContextCalendar(
            ZoneId.of("UTC"),
            Map.of(),
            Set.of(),
            List.of(
                new DemandEvent(
                    "sale",
                    Optional.empty(),
                    Optional.empty(),
                    new DemandEvent.Weekly(
                        EnumSet.allOf(DayOfWeek.class), LocalTime.of(18, 0), LocalTime.of(20, 0)),
                    3)));
    UnaryOperator<SeriesSpec> same = s -> s;
    return Stream.of(
        Arguments.of(
            "context",
            (UnaryOperator<ForecasterFactory>) f -> ContextualFactory.of(f, calendar),
            (UnaryOperator<SeriesSpec>) SeriesSpec::keepingPast),
        Arguments.of("then", (UnaryOperator<ForecasterFactory>) f -> f.then((s, m) -> m), same),
        Arguments.of(
            "reading",
            (UnaryOperator<ForecasterFactory>) f -> f.reading(EMPTY),
            (UnaryOperator<SeriesSpec>) s -> s.reading(EMPTY)),
        Arguments.of(
            "tiers",
            (UnaryOperator<ForecasterFactory>)
                f -> {
                  ForecasterRegistry r = ForecasterRegistry.standard();
                  r.register("recording", params -> f);
                  return r.factory(Tiers.NAME, Map.of("models", "recording"));
                },
            same));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wrappers")
  void aWrapperForwardsTheWholeSpecificationAndTheLearners(
      String name, UnaryOperator<ForecasterFactory> wrap, UnaryOperator<SeriesSpec> expected) {
    Recording inner = new Recording();
    ForecasterFactory wrapped = wrap.apply(inner);
    wrapped.create(SPEC);
    wrapped.create(SHOP, Resource.MEMORY);
    assertThat(inner.made)
        .containsExactly(
            expected.apply(SPEC), expected.apply(SeriesSpec.of(SHOP, Resource.MEMORY)));
    assertThat(wrapped.learners()).containsExactly(inner.learner);
  }

  static Stream<String> models() {
    return ForecasterRegistry.standard().names().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void everyRegisteredModelIsMadeAlikeFromAKeyAWorkloadOrASpecification(String model) {
    ForecasterFactory f = ForecasterRegistry.standard().factory(model, Map.of());
    List<Forecaster> made =
        List.of(
            f.create(SeriesSpec.of(SHOP, Resource.CPU).key()),
            f.create(SHOP, Resource.CPU),
            f.create(SPEC),
            f.reading(EMPTY).create(SHOP, Resource.CPU));
    Instant t = Instant.parse("2026-11-02T00:00:00Z");
    for (Forecaster m : made) {
      assertThat(m.observations()).isZero();
      assertThat(m.quantile(Duration.ofMinutes(5), 0.5)).isNaN();
      for (int i = 0; i < 30; i++) {
        m.observe(t.plus(Duration.ofMinutes(5L * i)), 10 + i % 3);
      }
    }
    assertThat(made).extracting(Forecaster::name).containsOnly(made.getFirst().name());
    assertThat(made)
        .extracting(m -> m.quantile(Duration.ofMinutes(5), 0.5))
        .allSatisfy(q -> assertThat(q).isBetween(0.0, 100.0));
  }

  /** Every registered model, alone and behind each wrapper (the tiers over it, a context). */
  static Stream<Arguments> madeModels() {
    ContextCalendar calendar = new ContextCalendar(ZoneId.of("UTC"), Map.of(), Set.of(), List.of());
    ForecasterRegistry registry = ForecasterRegistry.standard();
    return registry.names().stream()
        .flatMap(
            name -> {
              ForecasterFactory f = registry.factory(name, Map.of());
              ForecasterRegistry r = ForecasterRegistry.standard();
              r.register("member", params -> f);
              return Stream.of(
                  Arguments.of(name, f),
                  Arguments.of(
                      name + " in tiers", r.factory(Tiers.NAME, Map.of("models", "member"))),
                  Arguments.of(name + " in a context", ContextualFactory.of(f, calendar)),
                  Arguments.of(name + " remembered", f.then((spec, m) -> m)),
                  Arguments.of(name + " reading a past", f.reading(EMPTY)));
            });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("madeModels")
  void readsArePureAndOnlyTrackingCalibrates(String name, ForecasterFactory factory) {
    // Two models of one series fed alike and tracking alike; one is also read as a dashboard reads
    // (three horizons, four levels and a bisection over many more): it must answer the pairs both
    // track exactly as the other, also a level first tracked late (a policy's new risk budget).
    Forecaster quiet = factory.create(SPEC);
    Forecaster read = factory.create(SPEC);
    Duration step = Duration.ofMinutes(5);
    List<Duration> shown = List.of(step, step.multipliedBy(12), step.multipliedBy(60));
    java.util.SplittableRandom random = new java.util.SplittableRandom(16);
    Instant t0 = Instant.parse("2026-11-02T00:00:00Z");
    for (int i = 0; i < 700; i++) {
      Instant t = t0.plus(step.multipliedBy(i));
      double v = 100 + 30 * Math.sin(2 * Math.PI * i / 288) + 5 * random.nextGaussian();
      quiet.observe(t, v);
      read.observe(t, v);
      read.forecast(shown, 0.05, 0.5, 0.95, 0.99);
      for (int k = 1; k < 20; k++) {
        read.quantile(step, 1 - Math.pow(10, -k / 4.0));
      }
      List<Double> levels = i < 400 ? List.of(0.98) : List.of(0.98, 0.999);
      for (double q : levels) {
        quiet.track(step, q);
        read.track(step, q);
        assertThat(read.quantile(step, q))
            .as("%s at sample %d, level %s", name, i, q)
            .isEqualTo(quiet.quantile(step, q));
      }
      assertThat(read.quantile(step, 0.98)).isEqualTo(read.quantile(step, 0.98));
    }
  }
}
