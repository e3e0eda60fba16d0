package org.pae.host;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.pae.core.model.Observation;
import org.pae.core.ports.MetricSource;

/**
 * Several named sources as one. When one cannot be read at all, the series it gave last time come
 * back as missing observations with their allocation unchanged — the loop holds them and never
 * scales down on missing data — and the failure is reported once, until the source reads again. The
 * last observations of all sources are kept for whoever shows them.
 */
public final class CompositeSource implements MetricSource {
  private final Map<String, MetricSource> sources;
  private final Consumer<String> warnings;
  private final Map<String, List<Observation>> last = new LinkedHashMap<>();
  private final Map<String, String> failing = new LinkedHashMap<>();
  private volatile List<Observation> latest = List.of();

  public CompositeSource(Map<String, MetricSource> sources, Consumer<String> warnings) {
    this.sources = new LinkedHashMap<>(sources);
    this.warnings = warnings;
  }

  @Override
  public List<Observation> observe(Instant now) {
    List<Observation> out = new ArrayList<>();
    for (Map.Entry<String, MetricSource> e : sources.entrySet()) {
      String name = e.getKey();
      try {
        List<Observation> seen = e.getValue().observe(now);
        last.put(name, seen);
        out.addAll(seen);
        if (failing.remove(name) != null) {
          warnings.accept("source " + name + " reads again");
        }
      } catch (RuntimeException ex) {
        List<Observation> held = new ArrayList<>();
        for (Observation o : last.getOrDefault(name, List.of())) {
          held.add(Observation.missing(o.workload(), o.resource(), o.allocated()));
        }
        last.put(name, held);
        out.addAll(held);
        if (failing.put(name, ex.getMessage()) == null) {
          warnings.accept(
              "source "
                  + name
                  + " is unavailable ("
                  + ex.getMessage()
                  + "); holding the allocations of its "
                  + held.size()
                  + " series, never scaling down on missing data");
        }
      }
    }
    latest = List.copyOf(out);
    return out;
  }

  /** What the last {@link #observe} returned. */
  public List<Observation> latest() {
    return latest;
  }
}
