package org.pae.core.anomaly;

import java.util.Locale;

/** What an anomaly of a workload looks like, across its resources. */
public enum AnomalyKind {
  /** One resource's samples broke its forecast band briefly. */
  SPIKE,
  /** One resource broke its band and stayed away from where it was: a new level. */
  LEVEL_SHIFT,
  /** Memory climbing steadily while CPU stays flat: a memory leak. */
  LEAK,
  /** CPU pinned while network traffic rises: possibly a crypto-miner or an exfiltration. */
  MINING_OR_EXFILTRATION,
  /** Disk I/O surging while CPU is idle. */
  DISK_SURGE,
  /** Every resource of the workload moved far from its usual level at once: new behaviour. */
  PROFILE_CHANGE;

  /** The lower-case name used in the API, metrics and settings ({@code level_shift}). */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses an API or settings name, case-insensitively; {@code level-shift} too. */
  public static AnomalyKind parse(String name) {
    String normal = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (AnomalyKind k : values()) {
      if (k.name().equals(normal)) {
        return k;
      }
    }
    throw new IllegalArgumentException(
        "unknown anomaly kind '"
            + name
            + "'; allowed: spike, level_shift, leak, mining_or_exfiltration, disk_surge,"
            + " profile_change");
  }
}
