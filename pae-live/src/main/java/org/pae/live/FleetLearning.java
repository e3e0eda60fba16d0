package org.pae.live;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.pae.core.fleet.FleetHistory;
import org.pae.core.fleet.FleetModels;
import org.pae.core.fleet.FleetUnavailable;
import org.pae.core.fleet.ModelArchive;
import org.pae.core.forecast.PortableLearner;
import org.pae.core.ports.past.TrainingHistory;

/**
 * This host's part in its fleet's learned models, checked on the trainer's thread every {@code
 * fleet.model-check}: every {@code every} it uploads the series its learners train on from its own
 * history, and at its next check bids for each model's training turn, which one host of the fleet
 * takes at most once an {@code every}; the host that takes it trains the model over every host's
 * uploaded series and publishes it. At every check it loads the newest published version of each
 * model whose checksum verifies and takes it into use, the trainer included, so that every host
 * serves the same bytes.
 *
 * <p>When the store does not answer, a published model's checksum does not verify, or the model
 * does not load, the model serving keeps serving: said once in the log (once per refused version),
 * never thrown.
 */
public final class FleetLearning {
  private final String host;
  private final FleetModels store;
  private final List<PortableLearner> learners;
  private final Duration every;
  private final Consumer<String> log;
  private final Map<String, FleetModels.Version> serving = new ConcurrentHashMap<>();
  private final Set<String> refused = new HashSet<>();
  private Instant nextUpload;
  private boolean bidding;
  private boolean reachable = true;

  /**
   * @param host this host's name in the fleet
   * @param store the fleet's models, on a connection of the trainer's thread's own
   * @param learners the models to share
   * @param every how often this host uploads its series, and the fleet trains at most ({@code
   *     history.retrain-every}); zero: never, the host only loads what others publish
   * @param log where it says what it trained, published, loaded or refused
   */
  public FleetLearning(
      String host,
      FleetModels store,
      List<PortableLearner> learners,
      Duration every,
      Consumer<String> log) {
    this.host = Objects.requireNonNull(host, "host");
    this.store = Objects.requireNonNull(store, "store");
    this.learners = List.copyOf(learners);
    this.every = Objects.requireNonNull(every, "every");
    this.log = Objects.requireNonNull(log, "log");
  }

  /**
   * One check at {@code now}: loads the newest published versions; then uploads this host's series
   * of {@code local} when a period has passed since the first check and since the last upload (an
   * upload the store did not take is tried again at the next check), or at the check after an
   * upload bids for the training turns, and trains, publishes and loads the models whose turn it
   * takes.
   */
  public void check(TrainingHistory local, Instant now) {
    try {
      // First what the store has: when it does not answer, nothing is read for an upload.
      for (PortableLearner l : learners) {
        load(l);
      }
      if (!every.isZero()) {
        if (nextUpload == null) {
          nextUpload = now.plus(every);
        } else if (!now.isBefore(nextUpload)) {
          upload(local, now);
          nextUpload = now.plus(every);
          bidding = true;
        } else if (bidding) {
          bidding = false;
          for (PortableLearner l : learners) {
            if (store.claim(l.name(), host, every)) {
              trainForTheFleet(l, now);
              load(l);
            }
          }
        }
      }
      if (!reachable) {
        log.accept("fleet store reachable again for the learned models");
        reachable = true;
      }
    } catch (FleetUnavailable e) {
      if (reachable) {
        log.accept(
            "fleet store unreachable for the learned models, the models serving keep serving: "
                + e.getMessage());
        reachable = false;
      }
    }
  }

  private void upload(TrainingHistory local, Instant now) {
    for (PortableLearner l : learners) {
      List<FleetModels.Series> series;
      try {
        series = FleetHistory.read(local, host, now, l.reading());
      } catch (RuntimeException e) {
        log.accept(
            "cannot read this host's history to upload for "
                + l.name()
                + ", the fleet trains on what it uploaded before: "
                + e.getMessage());
        continue;
      }
      store.upload(l.name(), host, series);
    }
  }

  private void trainForTheFleet(PortableLearner l, Instant now) {
    try {
      FleetHistory fleet = new FleetHistory(store.training(l.name()));
      FleetModels.Version v = publish(store, host, l, fleet, now);
      log.accept(
          "trained "
              + l.name()
              + " over the history of hosts "
              + fleet.hosts()
              + " and published it as version "
              + v.version()
              + " ("
              + v.bytes()
              + " bytes, "
              + v.series()
              + " series)");
    } catch (FleetUnavailable e) {
      throw e;
    } catch (RuntimeException e) {
      log.accept(
          "training "
              + l.name()
              + " for the fleet failed, the model serving keeps serving: "
              + e.getMessage());
    }
  }

  /**
   * Trains {@code learner}'s model over {@code history} up to {@code now} and publishes it in
   * {@code store} as {@code host}'s: what a fleet's trainer does, and what a command training a
   * model for a fleet can call.
   *
   * @return the version published
   * @throws FleetUnavailable when the store does not take it
   * @throws RuntimeException what the training throws (history too short, files not written)
   */
  public static FleetModels.Version publish(
      FleetModels store, String host, PortableLearner learner, FleetHistory history, Instant now) {
    PortableLearner.Trained trained = learner.train(history, now);
    return store.publish(
        new FleetModels.Draft(
            learner.name(),
            host,
            now,
            learner.reading().span(),
            history.series(learner.reading().resources()),
            ModelArchive.pack(trained.files())));
  }

  /** Takes the newest published version of {@code l}'s model into use when it is new here. */
  private void load(PortableLearner l) {
    Optional<FleetModels.Version> newest = store.newest(l.name());
    if (newest.isEmpty()) {
      return;
    }
    FleetModels.Version v = newest.get();
    FleetModels.Version now = serving.get(l.name());
    String id = l.name() + " version " + v.version();
    if ((now != null && now.version() == v.version()) || refused.contains(id)) {
      return;
    }
    byte[] files = store.files(l.name(), v.version());
    String checksum = FleetModels.checksum(files);
    String keeping =
        now == null
            ? "the model loaded at start keeps serving"
            : "version " + now.version() + " keeps serving";
    if (!checksum.equals(v.checksum())) {
      refused.add(id);
      log.accept(
          "refusing "
              + id
              + ": its files' checksum "
              + checksum
              + " is not the published "
              + v.checksum()
              + "; "
              + keeping);
      return;
    }
    try {
      String adopted = l.adopt(ModelArchive.unpack(files));
      serving.put(l.name(), v);
      log.accept(
          id
              + " (trained by "
              + v.host()
              + " up to "
              + v.trainedAt()
              + " on "
              + v.series()
              + " series) now serving: "
              + adopted);
    } catch (RuntimeException e) {
      refused.add(id);
      log.accept("cannot load " + id + ", " + keeping + ": " + e.getMessage());
    }
  }

  /** The version of each model this host serves, once it loaded one from the fleet. */
  public Map<String, FleetModels.Version> serving() {
    return Map.copyOf(serving);
  }
}
