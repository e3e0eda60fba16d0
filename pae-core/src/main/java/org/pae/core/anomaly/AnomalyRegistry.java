package org.pae.core.anomaly;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.pae.core.config.SettingsSource;
import org.pae.core.forecast.ForecasterFactory;
import org.pae.core.model.Resource;
import org.pae.core.registry.Kind;
import org.pae.core.registry.Registry;

/**
 * Anomaly detectors by name. Each entry turns its parameters (settings keys below {@code
 * anomaly.<name>.}) and the engine's forecasters into a factory of detectors, so that a detector
 * judges a series against the same calibrated forecasts the allocation follows.
 */
public final class AnomalyRegistry {
  /** Makes a detector factory from its parameters and the forecasters it reads. */
  @FunctionalInterface
  public interface Entry {
    AnomalyDetectorFactory factory(Map<String, String> params, ForecasterFactory forecasts);
  }

  /**
   * Every detector's parameters may carry {@code least-change.<resource>}: the least distance from
   * the forecast, in the resource's unit, that can count as surprising ({@code
   * anomaly.least-change.*}, which {@link AnomalySettings#detectorParams} adds).
   */
  public static final String LEAST_CHANGE = "least-change.";

  /** The detector of {@link SurpriseDetector}. */
  public static final String SURPRISE = "surprise";

  private static final Set<String> SURPRISE_PARAMS =
      Set.of(
          "horizons",
          "band",
          "short-window",
          "long-window",
          "warmup",
          "scale",
          "range-tolerance",
          "quiet",
          "margin");

  /** The one registry's kind of anomaly detectors. */
  public static final Kind<Entry> KIND = new Kind<>("anomaly detector");

  private final Registry registry = new Registry();

  /** The detectors of the core: {@value #SURPRISE}. */
  public static AnomalyRegistry standard() {
    return new AnomalyRegistry().register(SURPRISE, AnomalyRegistry::surprise);
  }

  /** Registers a detector; a name taken is refused. */
  public AnomalyRegistry register(String name, Entry entry) {
    registry.register(KIND, name, name, entry);
    return this;
  }

  /** The factory for {@code name}; a name nobody registered is refused with the closest known. */
  public AnomalyDetectorFactory factory(
      String name, Map<String, String> params, ForecasterFactory forecasts) {
    return registry.get(KIND, name).factory(params, forecasts);
  }

  /** The detectors' names, sorted. */
  public Set<String> names() {
    return Collections.unmodifiableSet(new TreeSet<>(registry.names(KIND)));
  }

  /**
   * A parameter not given is the defaults file's ({@code anomaly.surprise.*}, with their meaning
   * there; docs/anomaly.md says how each was measured on NAB). The NAB evaluation passes its own
   * range tolerance, Numenta's 0.05, where the engine's default is 0.5.
   */
  private static AnomalyDetectorFactory surprise(
      Map<String, String> params, ForecasterFactory forecasts) {
    Map<Resource, Double> least = new EnumMap<>(Resource.class);
    for (String key : params.keySet()) {
      if (key.startsWith(LEAST_CHANGE)) {
        least.put(Resource.parse(key.substring(LEAST_CHANGE.length())), number(params, key));
        continue;
      }
      if (!SURPRISE_PARAMS.contains(key)) {
        throw new IllegalArgumentException(
            "unknown parameter anomaly."
                + SURPRISE
                + "."
                + key
                + "; allowed: "
                + new TreeSet<>(SURPRISE_PARAMS));
      }
    }
    SurpriseDetector.Config config =
        new SurpriseDetector.Config(
            horizons(param(params, "horizons")),
            number(params, "band"),
            integer(params, "short-window"),
            integer(params, "long-window"),
            integer(params, "warmup"),
            number(params, "scale"),
            number(params, "range-tolerance"),
            integer(params, "quiet"),
            number(params, "margin"));
    return spec ->
        new SurpriseDetector(
            forecasts.create(spec), config, least.getOrDefault(spec.resource(), 0.0));
  }

  private static int[] horizons(String text) {
    try {
      return Arrays.stream(text.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "anomaly." + SURPRISE + ".horizons = " + text + ": expected steps such as 1,12", e);
    }
  }

  /** The parameter {@code key} as given, else the defaults file's. */
  private static String param(Map<String, String> params, String key) {
    String text = params.get(key);
    return text != null ? text : SettingsSource.defaultOf("anomaly." + SURPRISE + "." + key);
  }

  private static int integer(Map<String, String> params, String key) {
    String text = param(params, key);
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "anomaly." + SURPRISE + "." + key + " = " + text + " is not a whole number", e);
    }
  }

  private static double number(Map<String, String> params, String key) {
    String text = param(params, key);
    try {
      return Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "anomaly." + SURPRISE + "." + key + " = " + text + " is not a number", e);
    }
  }
}
