package org.pae.core.forecast;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.pae.core.model.AccountId;
import org.pae.core.model.Criticality;
import org.pae.core.model.ProgramCode;
import org.pae.core.model.Resource;
import org.pae.core.model.SeriesKey;
import org.pae.core.model.Workload;
import org.pae.core.model.WorkloadKind;
import org.pae.core.ports.PastSource;

/**
 * Everything a {@link ForecasterFactory} may need to make one series' model, in one value, so that
 * a factory wrapping another forwards all of it by forwarding this.
 *
 * @param workload the workload, with its program, account and criticality: models that learn across
 *     workloads start a new one from similar ones, a context reads its account's calendar
 * @param resource the resource forecast
 * @param horizons the horizons the model will be asked; empty when the caller does not say
 * @param levels the quantile levels it will be asked, each in (0, 1); empty when the caller does
 *     not say
 * @param past where its refits read the series' recorded samples instead of keeping them in the
 *     series' state; empty: it keeps them
 */
public record SeriesSpec(
    Workload workload,
    Resource resource,
    List<Duration> horizons,
    List<Double> levels,
    Optional<PastSource> past) {
  public SeriesSpec {
    Objects.requireNonNull(workload, "workload");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(past, "past");
    horizons = List.copyOf(horizons);
    levels = List.copyOf(levels);
    for (Duration h : horizons) {
      if (h.isNegative() || h.isZero()) {
        throw new IllegalArgumentException("a forecast horizon must be positive: " + h);
      }
    }
    for (double q : levels) {
      if (!(q > 0 && q < 1)) {
        throw new IllegalArgumentException("a quantile level must lie in (0, 1): " + q);
      }
    }
  }

  /** A workload's resource, horizons and levels not declared, its past kept by the model. */
  public static SeriesSpec of(Workload workload, Resource resource) {
    return new SeriesSpec(workload, resource, List.of(), List.of(), Optional.empty());
  }

  /**
   * A series known by its key only: a VM of the default account whose program is unknown (what a
   * replayed trace or an evaluation knows of a series).
   */
  public static SeriesSpec of(SeriesKey series) {
    return of(
        new Workload(
            series.workload(),
            WorkloadKind.VM,
            Optional.empty(),
            ProgramCode.UNKNOWN,
            AccountId.DEFAULT,
            Criticality.NORMAL),
        series.resource());
  }

  /** The series' key. */
  public SeriesKey key() {
    return new SeriesKey(workload.id(), resource);
  }

  /** The same series, its refits reading from {@code source}. */
  public SeriesSpec reading(PastSource source) {
    return new SeriesSpec(workload, resource, horizons, levels, Optional.of(source));
  }

  /** The same series, its model keeping its past itself. */
  public SeriesSpec keepingPast() {
    return new SeriesSpec(workload, resource, horizons, levels, Optional.empty());
  }

  /** The same series, asked at {@code horizons} and {@code levels}. */
  public SeriesSpec asking(List<Duration> horizons, List<Double> levels) {
    return new SeriesSpec(workload, resource, horizons, levels, past);
  }
}
