package org.pae.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pae.core.allocate.Decision;
import org.pae.core.allocate.Reason;
import org.pae.core.allocate.Rule;
import org.pae.core.context.ContextCalendar;
import org.pae.core.fleet.FleetHistory;
import org.pae.core.fleet.FleetModels;
import org.pae.core.forecast.Forecaster;
import org.pae.core.forecast.ForecasterFactory;
import org.pae.core.forecast.ForecasterRegistry;
import org.pae.core.forecast.Learner;
import org.pae.core.forecast.PortableLearner;
import org.pae.core.loop.Plan;
import org.pae.core.model.Resource;
import org.pae.core.model.SeriesKey;
import org.pae.core.model.Workload;
import org.pae.core.model.WorkloadId;
import org.pae.core.model.WorkloadKind;
import org.pae.core.ports.HistoryStore;
import org.pae.ml.cf.CfConfig;
import org.pae.ml.cf.CfFleet;
import org.pae.ml.cf.CfModel;
import org.pae.ml.lstm.LstmConfig;
import org.pae.ml.lstm.LstmFleet;
import org.pae.ml.lstm.LstmNetwork;
import org.pae.store.JdbcHistoryStore;
import org.pae.store.StoreException;
import org.pae.store.StoreTrainingHistory;

/**
 * The learned models retrain from a daemon's history: a real DuckDB store holding ten days of six
 * workloads, and the models as {@code pae run} finds them (ServiceLoader, settings parameters,
 * tiers). Training is three epochs of a small hourly network: a few seconds.
 */
class RetrainingTest {
  private static final LstmConfig SHAPE =
      new LstmConfig(
          Duration.ofHours(1),
          24,
          new int[] {1, 6},
          new double[] {0.5, 0.9},
          32,
          1,
          3,
          64,
          1e-2f,
          2,
          7);
  private static final int DAYS = 10;

  @TempDir Path dir;

  @Test
  void learnedModelsRetrainFromTheStoreSaveAndServeTheNewModelAndAFailureKeepsTheOld()
      throws IOException {
    // Models trained elsewhere on four series, as a user brings them.
    List<UsageSeries> first = Synthetic.daily(4, 24 * 7, 3);
    Path lstmDir = dir.resolve("lstm");
    Path cfDir = dir.resolve("cf");
    try (LstmNetwork n = LstmNetwork.train(first, ContextCalendar.UTC, SHAPE, e -> {})) {
      n.save(lstmDir);
    }
    CfFleet.save(
        Map.of(Resource.CPU, CfModel.train(first, ContextCalendar.UTC, CfConfig.standard(1))),
        cfDir);

    // The daemon's history: six workloads' CPU, ten days of one tick per hour.
    List<UsageSeries> lived = Synthetic.daily(6, 24 * DAYS, 9);
    Instant now = Synthetic.MONDAY.plus(Duration.ofDays(DAYS));
    HistoryStore store =
        JdbcHistoryStore.open(
            dir.resolve("history.duckdb").toString(),
            new HistoryStore.Retention(
                Duration.ofHours(6), Duration.ofMinutes(1), Duration.ofDays(28)));
    for (UsageSeries s : lived) {
      store.describe(Workload.of(s.workload().value(), WorkloadKind.VM));
    }
    for (int t = 0; t < 24 * DAYS; t++) {
      List<Decision> decisions = new ArrayList<>();
      for (UsageSeries s : lived) {
        double used = s.values()[t];
        decisions.add(
            new Decision.Hold(
                new SeriesKey(s.workload(), Resource.CPU),
                2 * used + 1,
                new Reason(Rule.WITHIN_BAND, OptionalDouble.of(used), Optional.empty(), Set.of())));
      }
      store.record(new Plan(lived.getFirst().time(t), decisions));
    }
    store.retain(now);

    ForecasterRegistry registry =
        ForecasterRegistry.discovered(RetrainingTest.class.getClassLoader());
    ForecasterFactory tiers =
        registry.factory(
            "tiers",
            Map.of(
                "models",
                "lstm,cf",
                "lstm.model",
                lstmDir.toString(),
                "lstm.history",
                DAYS + "d",
                "cf.model",
                cfDir.toString()));
    List<Learner> learners = tiers.learners();
    assertThat(learners).extracting(Learner::name).containsExactly("lstm", "cf");
    UsageSeries probe = lived.get(2);
    double before = median(tiers, probe);
    byte[] savedBefore = Files.readAllBytes(lstmDir.resolve("pae-lstm-0000.params"));

    StoreTrainingHistory history = new StoreTrainingHistory(store);
    assertThat(learners.get(0).retrain(history, now))
        .contains("6 series")
        .contains(lstmDir.toString());
    assertThat(learners.get(1).retrain(history, now)).contains("cpu (6 workloads)");

    byte[] savedAfter = Files.readAllBytes(lstmDir.resolve("pae-lstm-0000.params"));
    assertThat(savedAfter).isNotEqualTo(savedBefore);
    assertThat(CfFleet.load(cfDir).get(Resource.CPU).workloads()).isEqualTo(6);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("no half-written model left beside")
          .noneMatch(name -> name.contains(".new-"));
    }
    // What serves is what was saved: a fleet loading the saved network answers the same.
    double after = median(tiers, probe);
    assertThat(after).isNotEqualTo(before);
    try (LstmNetwork saved = LstmNetwork.load(lstmDir)) {
      assertThat(median(LstmFleet.serving(saved, ContextCalendar.UTC), probe))
          .isCloseTo(after, org.assertj.core.api.Assertions.within(1e-6 * after));
    }

    // An unreadable history: the retraining fails, the saved and serving models stay.
    store.close();
    assertThatThrownBy(() -> learners.get(0).retrain(history, now.plus(Duration.ofDays(1))))
        .isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> learners.get(1).retrain(history, now.plus(Duration.ofDays(1))))
        .isInstanceOf(StoreException.class);
    assertThat(Files.readAllBytes(lstmDir.resolve("pae-lstm-0000.params"))).isEqualTo(savedAfter);
    assertThat(median(tiers, probe)).isEqualTo(after);
  }

  /**
   * A portable learner trains into a directory without touching what serves; another host's learner
   * adopts what it wrote: saved over its own model and serving it. A directory holding no model is
   * refused and the model serving stays.
   */
  @Test
  void portableLearnersTrainIntoADirectoryAndAnotherHostAdoptsWhatTheyWrote() throws IOException {
    List<UsageSeries> first = Synthetic.daily(4, 24 * 7, 3);
    List<ForecasterFactory> hosts = new ArrayList<>();
    for (String host : List.of("a", "b")) {
      try (LstmNetwork n = LstmNetwork.train(first, ContextCalendar.UTC, SHAPE, e -> {})) {
        n.save(dir.resolve(host + "-lstm"));
      }
      CfFleet.save(
          Map.of(Resource.CPU, CfModel.train(first, ContextCalendar.UTC, CfConfig.standard(1))),
          dir.resolve(host + "-cf"));
      hosts.add(
          ForecasterRegistry.discovered(RetrainingTest.class.getClassLoader())
              .factory(
                  "tiers",
                  Map.of(
                      "models",
                      "lstm,cf",
                      "lstm.model",
                      dir.resolve(host + "-lstm").toString(),
                      "lstm.history",
                      DAYS + "d",
                      "cf.model",
                      dir.resolve(host + "-cf").toString())));
    }
    List<FleetModels.Series> lived = new ArrayList<>();
    for (UsageSeries s : Synthetic.daily(6, 24 * DAYS, 9)) {
      lived.add(
          new FleetModels.Series(
              "a",
              Workload.of(s.workload().value(), WorkloadKind.VM),
              Resource.CPU,
              s.start(),
              s.step(),
              s.values()));
    }
    FleetHistory history = new FleetHistory(lived);
    Instant now = Synthetic.MONDAY.plus(Duration.ofDays(DAYS));
    UsageSeries probe = Synthetic.daily(6, 24 * DAYS, 9).get(2);
    double servedA = median(hosts.get(0), probe);
    double servedB = median(hosts.get(1), probe);
    byte[] savedA = Files.readAllBytes(dir.resolve("a-lstm").resolve("pae-lstm-0000.params"));

    for (int m = 0; m < 2; m++) {
      PortableLearner a = (PortableLearner) hosts.get(0).learners().get(m);
      PortableLearner b = (PortableLearner) hosts.get(1).learners().get(m);
      assertThat(a.reading().resources())
          .contains(Resource.CPU)
          .isEqualTo(m == 0 ? Set.of(Resource.values()) : Set.of(Resource.CPU));
      PortableLearner.Trained trained = a.train(history, now);
      assertThat(trained.summary()).contains(m == 0 ? "6 series" : "6 workloads");
      ModelFiles.write(trained.files(), dir.resolve("written-" + a.name()));
      assertThat(b.adopt(trained.files())).contains(b.name() + " adopted");
      trained
          .files()
          .forEach(
              (name, bytes) ->
                  assertThat(dir.resolve("b-" + b.name()).resolve(name))
                      .as("saved as trained")
                      .hasBinaryContent(bytes));
      assertThatThrownBy(() -> b.adopt(Map.of("nothing.cf", new byte[] {1, 2, 3})))
          .isInstanceOf(UncheckedIOException.class);
    }
    assertThat(median(hosts.get(0), probe)).as("training serves nothing").isEqualTo(servedA);
    assertThat(Files.readAllBytes(dir.resolve("a-lstm").resolve("pae-lstm-0000.params")))
        .isEqualTo(savedA);
    double adopted = median(hosts.get(1), probe);
    assertThat(adopted).isNotEqualTo(servedB);
    try (LstmNetwork saved = LstmNetwork.load(dir.resolve("written-lstm"))) {
      assertThat(median(LstmFleet.serving(saved, ContextCalendar.UTC), probe))
          .isCloseTo(adopted, org.assertj.core.api.Assertions.within(1e-6 * adopted));
    }
  }

  /** The median an hour ahead after the last day of {@code s}, from a fresh series of {@code f}. */
  private static double median(ForecasterFactory f, UsageSeries s) {
    Forecaster x = f.create(new SeriesKey(WorkloadId.of("probe"), Resource.CPU));
    int end = s.values().length;
    for (int i = end - 24; i < end; i++) {
      x.observe(s.time(i), s.values()[i]);
    }
    return x.quantile(Duration.ofHours(1), 0.5);
  }
}
