package org.pae.host.tier;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.pae.core.tier.Tier;

/**
 * Where tiered files live: one directory per tier (in production each on its own device), the
 * managed tree whose paths readers use (each file there a symbolic link to its copy in a tier), and
 * the journal that makes moves crash-safe.
 *
 * @param tiers the directory of each tier, all three
 * @param managed the managed tree: {@code managed/a/b} links to {@code <tier>/a/b}
 * @param journal the journal file (on a device that survives what the tiers survive)
 */
public record TierLayout(Map<Tier, Path> tiers, Path managed, Path journal) {
  public TierLayout {
    if (tiers.keySet().size() != Tier.values().length) {
      throw new IllegalArgumentException(
          "storage tiers need a directory for each of hot, warm and cold; got " + tiers.keySet());
    }
    Map<Tier, Path> t = new EnumMap<>(Tier.class);
    tiers.forEach((k, v) -> t.put(k, v.toAbsolutePath().normalize()));
    tiers = Collections.unmodifiableMap(t);
    managed = managed.toAbsolutePath().normalize();
    journal = journal.toAbsolutePath().normalize();
    List<Path> roots = new ArrayList<>(tiers.values());
    roots.add(managed);
    for (int i = 0; i < roots.size(); i++) {
      for (int j = 0; j < roots.size(); j++) {
        if (i != j && roots.get(i).startsWith(roots.get(j))) {
          throw new IllegalArgumentException(
              "storage directories must be apart, but "
                  + roots.get(i)
                  + " is inside "
                  + roots.get(j));
        }
      }
    }
    for (Path r : roots) {
      if (journal.startsWith(r)) {
        throw new IllegalArgumentException(
            "the storage journal " + journal + " must not be inside the tree " + r);
      }
    }
  }

  /** The directory of {@code tier}. */
  public Path dir(Tier tier) {
    return tiers.get(tier);
  }

  /** Where {@code file} (relative, {@code /}-separated) lives on {@code tier}. */
  public Path on(Tier tier, String file) {
    return dir(tier).resolve(file);
  }

  /** The stable path of {@code file} in the managed tree. */
  public Path link(String file) {
    return managed.resolve(file);
  }

  /** Every directory PAE reads or writes files under: the tiers and the managed tree. */
  public List<Path> roots() {
    List<Path> out = new ArrayList<>(tiers.values());
    out.add(managed);
    return out;
  }
}
