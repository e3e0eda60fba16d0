package org.pae.core.fleet;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.pae.core.model.Resource;
import org.pae.core.model.Workload;

/**
 * Where the hosts of a fleet share their learned models: each host uploads the series a model
 * trains on, one host at a time takes the model's training turn, and the trainer publishes the
 * model's files as a new version for every host to load. One connection serves one thread at a
 * time; every method throws {@link FleetUnavailable} when the store cannot be reached or the
 * statement did not complete (nothing of it is then kept).
 */
public interface FleetModels extends AutoCloseable {
  /**
   * One host's series of usage as a model trains on it.
   *
   * @param host the host it was read on
   * @param workload the workload, as that host describes it
   * @param resource the resource
   * @param from the start of its first bucket
   * @param step the buckets' length
   * @param usage the mean usage of each bucket, {@code NaN} where nothing was read
   */
  record Series(
      String host,
      Workload workload,
      Resource resource,
      Instant from,
      Duration step,
      double[] usage) {
    public Series {
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(workload, "workload");
      Objects.requireNonNull(resource, "resource");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(step, "step");
      usage = usage.clone();
      if (step.isNegative() || step.isZero()) {
        throw new IllegalArgumentException("a series' step must be positive: " + step);
      }
    }

    @Override
    public double[] usage() {
      return usage.clone();
    }
  }

  /**
   * A published version of a model.
   *
   * @param model the model's name ({@code cf}, {@code lstm})
   * @param version its number, 1 and up in the order published
   * @param host the host that trained it
   * @param trainedAt the time its training read the history up to (the trainer's clock)
   * @param span how much history before then it read
   * @param series how many series it was trained on
   * @param bytes the length of its files' archive
   * @param checksum the archive's SHA-256 as the trainer computed it ({@link #checksum})
   */
  record Version(
      String model,
      long version,
      String host,
      Instant trainedAt,
      Duration span,
      int series,
      long bytes,
      String checksum) {
    public Version {
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(trainedAt, "trainedAt");
      Objects.requireNonNull(span, "span");
      Objects.requireNonNull(checksum, "checksum");
    }
  }

  /**
   * A model to publish.
   *
   * @param model the model's name
   * @param host the host that trained it
   * @param trainedAt the time its training read the history up to
   * @param span how much history before then it read
   * @param series how many series it was trained on
   * @param files its files' archive
   */
  record Draft(
      String model, String host, Instant trainedAt, Duration span, int series, byte[] files) {
    public Draft {
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(trainedAt, "trainedAt");
      Objects.requireNonNull(span, "span");
      files = files.clone();
    }

    @Override
    public byte[] files() {
      return files.clone();
    }
  }

  /** Replaces every series {@code host} uploaded for {@code model} by {@code series}, at once. */
  void upload(String model, String host, List<Series> series);

  /**
   * Takes {@code model}'s training turn for {@code host} when the last turn (any host's) was taken
   * at least {@code every} ago by the store's clock, or none was ever taken; returns whether it
   * did. Of hosts asking at once, one gets the turn.
   */
  boolean claim(String model, String host, Duration every);

  /** Every series every host uploaded for {@code model}. */
  List<Series> training(String model);

  /** Publishes {@code draft} as the model's next version, with its checksum. */
  Version publish(Draft draft);

  /** The newest published version of {@code model}, if any. */
  Optional<Version> newest(String model);

  /** The files' archive of one published version, as stored. */
  byte[] files(String model, long version);

  @Override
  void close();

  /**
   * The SHA-256 of {@code files}, in hexadecimal: what a loader compares with the published one.
   */
  static String checksum(byte[] files) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(files));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
