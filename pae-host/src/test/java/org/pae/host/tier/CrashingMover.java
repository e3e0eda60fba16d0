package org.pae.host.tier;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import org.pae.core.tier.Tier;

/**
 * A child JVM for {@link FileTiersCrashTest}: opens the layout under {@code args[0]}, then adopts
 * the managed tree's new files ({@code sync}) and makes the moves {@code file=tier} given, and at
 * the {@code args[1]}-th step reached prints {@code stopped <step> <file>} and waits to be killed.
 */
public final class CrashingMover {
  private CrashingMover() {}

  static TierLayout layout(Path base) {
    Map<Tier, Path> dirs = new EnumMap<>(Tier.class);
    for (Tier t : Tier.values()) {
      dirs.put(t, base.resolve(t.key()));
    }
    return new TierLayout(dirs, base.resolve("managed"), base.resolve("state/journal"));
  }

  public static void main(String[] args) throws Exception {
    long stopAt = Long.parseLong(args[1]);
    long[] steps = {0};
    FileTiers tiers =
        FileTiers.open(
            layout(Path.of(args[0])),
            (step, file) -> {
              if (++steps[0] == stopAt) {
                System.out.println("stopped " + step + " " + file);
                System.out.flush();
                try {
                  Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
            });
    for (int i = 2; i < args.length; i++) {
      if (args[i].equals("sync")) {
        tiers.sync(Set.of());
      } else {
        String[] m = args[i].split("=");
        tiers.move(m[0], Tier.parse(m[1]), Set.of());
      }
    }
    System.out.println("finished after " + steps[0] + " steps");
  }
}
