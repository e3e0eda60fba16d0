package org.pae.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleBiFunction;
import org.pae.core.model.Observation;
import org.pae.core.model.ProgramCode;
import org.pae.core.model.Resource;
import org.pae.core.model.SeriesKey;
import org.pae.core.model.Workload;
import org.pae.core.model.WorkloadKind;
import org.pae.core.ports.MetricSource;

/**
 * NVIDIA GPUs through {@code nvidia-smi --query-gpu=index,utilization.gpu}: each GPU a workload
 * {@code gpu:INDEX} with its utilisation in percent, recommend-only. Only where {@code nvidia-smi}
 * is on the PATH: {@link #find} says whether it is.
 */
public final class GpuSource implements MetricSource {
  private static final ProgramCode GPU = ProgramCode.of("gpu");
  private final Path nvidiaSmi;
  private final ToDoubleBiFunction<SeriesKey, Double> allocation;

  GpuSource(Path nvidiaSmi, ToDoubleBiFunction<SeriesKey, Double> allocation) {
    this.nvidiaSmi = nvidiaSmi;
    this.allocation = allocation;
  }

  /** The source, if {@code nvidia-smi} is on {@code path} (the PATH variable's value). */
  public static Optional<GpuSource> find(
      String path, ToDoubleBiFunction<SeriesKey, Double> allocation) {
    for (String dir : (path == null ? "" : path).split(":")) {
      if (!dir.isEmpty()) {
        Path candidate = Path.of(dir, "nvidia-smi");
        if (Files.isExecutable(candidate)) {
          return Optional.of(new GpuSource(candidate, allocation));
        }
      }
    }
    return Optional.empty();
  }

  @Override
  public List<Observation> observe(Instant now) {
    try {
      Process p =
          new ProcessBuilder(
                  nvidiaSmi.toString(),
                  "--query-gpu=index,utilization.gpu",
                  "--format=csv,noheader,nounits")
              .redirectErrorStream(true)
              .start();
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new SourceUnavailableException(nvidiaSmi + " failed: " + text.strip(), null);
      }
      return parse(text);
    } catch (IOException e) {
      throw new SourceUnavailableException("cannot run " + nvidiaSmi + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SourceUnavailableException("interrupted while running " + nvidiaSmi, e);
    }
  }

  /** One observation per line {@code INDEX, PERCENT}; "[N/A]" reads as missing. */
  List<Observation> parse(String csv) {
    List<Observation> out = new ArrayList<>();
    for (String line : csv.split("\n")) {
      String[] f = line.split(",");
      if (f.length != 2) {
        continue;
      }
      Workload w = Workload.of("gpu:" + f[0].trim(), WorkloadKind.DEVICE).withProgram(GPU);
      OptionalDouble usage;
      try {
        usage = OptionalDouble.of(Double.parseDouble(f[1].trim()));
      } catch (NumberFormatException e) {
        usage = OptionalDouble.empty();
      }
      double allocated =
          allocation.applyAsDouble(new SeriesKey(w.id(), Resource.GPU), usage.orElse(100));
      out.add(new Observation(w, Resource.GPU, usage, allocated));
    }
    return out;
  }
}
