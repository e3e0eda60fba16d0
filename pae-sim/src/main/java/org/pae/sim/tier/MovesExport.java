package org.pae.sim.tier;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.pae.core.tier.Tier;

/**
 * BENCHMARKS §5's export of one policy's run: every change of tier as CSV {@code epoch,key,tier},
 * {@code epoch} the first epoch in which the key is in that tier, {@code key} the trace's own key.
 */
public final class MovesExport implements TierSim.MoveSink, AutoCloseable {
  private final BufferedWriter out;

  public MovesExport(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    out.write("epoch,key,tier\n");
  }

  /** {@code moves.csv} for one policy, {@code moves-lru.csv} beside it for several. */
  public static Path perPolicy(Path file, String label, boolean several) {
    if (!several) {
      return file;
    }
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String safe = label.replaceAll("[^A-Za-z0-9=._-]", "_");
    return file.resolveSibling(
        dot > 0 ? name.substring(0, dot) + "-" + safe + name.substring(dot) : name + "-" + safe);
  }

  @Override
  public void moved(int epoch, long key, Tier tier) {
    try {
      out.write(Integer.toString(epoch));
      out.write(',');
      out.write(Long.toString(key));
      out.write(',');
      out.write(tier.key());
      out.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the moves export: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
