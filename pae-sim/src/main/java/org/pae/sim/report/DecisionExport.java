package org.pae.sim.report;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.pae.sim.replay.Change;
import org.pae.sim.replay.WorkloadResult;

/**
 * BENCHMARKS §1's export: every allocation change of a policy as CSV {@code
 * vm,timestamp,resource,allocated} (timestamp = the first step at which it is in effect; before a
 * VM's first change its allocation is the recorded one). With several policies, one file per
 * policy: {@code decisions.csv} becomes {@code decisions-vpa.csv}, {@code
 * decisions-pae[risk-budget=0.01].csv}.
 */
public final class DecisionExport implements AutoCloseable {
  private final List<BufferedWriter> writers = new ArrayList<>();
  private final List<Path> paths = new ArrayList<>();

  public DecisionExport(Path file, List<String> labels) throws IOException {
    for (String label : labels) {
      Path p = labels.size() == 1 ? file : perPolicy(file, label);
      Path parent = p.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      BufferedWriter w = Files.newBufferedWriter(p, StandardCharsets.UTF_8);
      w.write("vm,timestamp,resource,allocated\n");
      writers.add(w);
      paths.add(p);
    }
  }

  /** The file of each policy, in the labels' order. */
  public List<Path> paths() {
    return List.copyOf(paths);
  }

  static Path perPolicy(Path file, String label) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String safe = label.replaceAll("[^A-Za-z0-9=._,\\[\\]-]", "_");
    String out =
        dot > 0 ? name.substring(0, dot) + "-" + safe + name.substring(dot) : name + "-" + safe;
    return file.resolveSibling(out);
  }

  /** Writes one workload's changes, policy by policy. */
  public void write(WorkloadResult r) {
    try {
      for (int v = 0; v < writers.size(); v++) {
        BufferedWriter w = writers.get(v);
        for (Change c : r.changes().get(v)) {
          w.write(c.workload());
          w.write(',');
          w.write(Long.toString(c.time()));
          w.write(',');
          w.write(c.resource().key());
          w.write(',');
          w.write(String.format(Locale.ROOT, "%.6f", c.allocated()));
          w.write('\n');
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the decisions export: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    for (BufferedWriter w : writers) {
      try {
        w.close();
      } catch (IOException e) {
        if (first == null) {
          first = e;
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
