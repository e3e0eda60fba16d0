package org.pae.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.pae.core.registry.Registry;
import org.pae.core.tier.TierPolicies;
import org.pae.core.tier.TierPolicyFactory;
import org.pae.core.tier.TierStatus;
import org.pae.host.tier.FileTiers;
import org.pae.host.tier.OpenFiles;
import org.pae.host.tier.StorageSettings;
import org.pae.host.tier.StorageTiering;
import org.pae.server.metrics.EngineMetrics;

/**
 * {@code pae run}'s storage tiering, when {@code storage.tiers} names the tier directories: every
 * tick it counts the files opened since the last, and every {@code storage.epoch} it ends an epoch
 * (adopt, decide, move or recommend) and publishes the status to the API and {@code /metrics}.
 */
final class StorageTierLoop {
  private final StorageTiering tiering;
  private final StorageSettings settings;
  private final AtomicReference<TierStatus> status = new AtomicReference<>();
  private Instant epochEnd;

  private StorageTierLoop(StorageTiering tiering, StorageSettings settings) {
    this.tiering = tiering;
    this.settings = settings;
  }

  /**
   * The policy {@code storage.policy} names, from the registry (checked whether or not tiers are
   * configured, so a typo is refused at start).
   */
  static TierPolicyFactory policy(StorageSettings settings, Registry registry) {
    return registry
        .include(TierPolicies.CONTRIBUTION, TierPolicies::register)
        .get(TierPolicies.KIND, settings.policy());
  }

  /**
   * Opens the tiers (finishing a move a crash left unfinished, which it reports) when configured.
   */
  static Optional<StorageTierLoop> open(
      StorageSettings settings, TierPolicyFactory policy, Path proc, PrintWriter err)
      throws IOException {
    if (settings.layout().isEmpty()) {
      return Optional.empty();
    }
    FileTiers tiers = FileTiers.open(settings.layout().get());
    FileTiers.Recovery r = tiers.recovery();
    if (!r.rolledForward().isEmpty() || !r.rolledBack().isEmpty()) {
      err.println(
          "pae: storage tiers: finished the move a restart interrupted (completed: "
              + r.rolledForward()
              + ", undone: "
              + r.rolledBack()
              + ")");
      err.flush();
    }
    return Optional.of(
        new StorageTierLoop(
            new StorageTiering(
                settings, tiers, new OpenFiles(proc), policy.create(settings.setup())),
            settings));
  }

  /** Counts this tick's opens and, when the epoch is over, ends it. */
  void tick(Instant now, EngineMetrics metrics, PrintWriter err) throws IOException {
    if (epochEnd == null) {
      epochEnd = now.plus(settings.epoch());
    }
    tiering.observe();
    if (now.isBefore(epochEnd)) {
      return;
    }
    TierStatus s = tiering.endEpoch(now);
    status.set(s);
    metrics.tierEpoch(s);
    long decided = s.moves().stream().filter(m -> m.time().equals(now)).count();
    err.println(
        "pae: storage epoch "
            + s.epoch()
            + ": files hot "
            + s.files().get(org.pae.core.tier.Tier.HOT)
            + ", warm "
            + s.files().get(org.pae.core.tier.Tier.WARM)
            + ", cold "
            + s.files().get(org.pae.core.tier.Tier.COLD)
            + "; "
            + decided
            + (settings.enforce() ? " moves" : " moves recommended"));
    err.flush();
    epochEnd = now.plus(settings.epoch());
  }

  /** The latest epoch's status, once one has ended. */
  Optional<TierStatus> status() {
    return Optional.ofNullable(status.get());
  }
}
