package org.pae.host.tier;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pae.core.tier.Tier;
import org.pae.core.tier.TierEngine;
import org.pae.core.tier.TierPolicy;
import org.pae.core.tier.TierStatus;

/**
 * {@code pae run}'s storage tiering: watches the opens of files under the tiers and the managed
 * tree ({@link #observe}, every tick), and at each epoch's end ({@link #endEpoch}) adopts new
 * files, asks the {@link TierEngine} for the moves and makes them ({@code storage.enforce}) or
 * records them as recommendations. A file open for writing is not moved; the engine asks for it
 * again next epoch.
 */
public final class StorageTiering {
  private static final int RECENT_MOVES = 200;

  private final FileTiers tiers;
  private final OpenFiles openFiles;
  private final TierEngine engine;
  private final StorageSettings settings;
  private final Deque<TierStatus.MoveRecord> recent = new ArrayDeque<>();
  private Set<OpenFiles.Handle> seen = Set.of();
  private TierStatus status;

  public StorageTiering(
      StorageSettings settings, FileTiers tiers, OpenFiles openFiles, TierPolicy policy) {
    this.settings = settings;
    this.tiers = tiers;
    this.openFiles = openFiles;
    this.engine = new TierEngine(settings.policy(), policy);
  }

  /**
   * Scans the open files: each descriptor not open at the previous scan is one access to its file.
   * Returns the accesses counted.
   */
  public int observe() throws IOException {
    Set<OpenFiles.Handle> now = new HashSet<>(openFiles.under(tiers.layout().roots()));
    int counted = 0;
    for (OpenFiles.Handle h : now) {
      if (!seen.contains(h)) {
        String file = relative(h.file());
        if (file != null) {
          engine.access(file);
          counted++;
        }
      }
    }
    seen = now;
    return counted;
  }

  /** One access to {@code file} (relative to the tiers), from a source other than the scan. */
  public void access(String file) {
    engine.access(file);
  }

  /** Ends the epoch: adopts, decides, moves or recommends; returns the status it leaves. */
  public TierStatus endEpoch(Instant now) throws IOException {
    Set<Path> writing = OpenFiles.writing(openFiles.under(tiers.layout().roots()));
    tiers.sync(writing);
    TierEngine.EpochEnd end = engine.end(now, tiers.files());
    for (TierEngine.FileMove m : end.moves()) {
      TierStatus.MoveRecord r;
      if (!settings.enforce()) {
        r = new TierStatus.MoveRecord(now, m, TierStatus.Outcome.RECOMMENDED, "");
      } else {
        FileTiers.Outcome o = tiers.move(m.file(), m.to(), writing);
        r =
            new TierStatus.MoveRecord(
                now,
                m,
                o.moved() ? TierStatus.Outcome.MOVED : TierStatus.Outcome.REFUSED,
                o.moved() ? "" : o.reason());
      }
      recent.addFirst(r);
      if (recent.size() > RECENT_MOVES) {
        recent.removeLast();
      }
    }
    Map<String, Tier> after = tiers.files();
    java.util.EnumMap<Tier, Integer> files = new java.util.EnumMap<>(Tier.class);
    for (Tier t : Tier.values()) {
      files.put(t, 0);
    }
    after.values().forEach(t -> files.merge(t, 1, Integer::sum));
    status =
        new TierStatus(
            now,
            end.epoch(),
            settings.policy(),
            settings.enforce(),
            settings.setup().capacities(),
            files,
            end.served(),
            new ArrayList<>(recent));
    return status;
  }

  /** The status after the latest epoch; null before the first. */
  public TierStatus status() {
    return status;
  }

  /** The file a handle's path names, relative to its tier or the managed tree; null for others. */
  private String relative(Path p) {
    List<Path> roots = tiers.layout().roots();
    for (Path root : roots) {
      if (p.startsWith(root) && !p.equals(root)) {
        String name = p.getFileName().toString();
        if (name.startsWith(".")
            && (name.endsWith(FileTiers.PART) || name.endsWith(FileTiers.NEW_LINK))) {
          return null;
        }
        return root.relativize(p).toString();
      }
    }
    return null;
  }
}
