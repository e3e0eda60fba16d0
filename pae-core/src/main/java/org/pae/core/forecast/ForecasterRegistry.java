package org.pae.core.forecast;

import java.util.Collections;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.pae.core.forecast.ensemble.Models;

/**
 * Forecasting models by name. Each entry turns the model's parameters (settings keys below {@code
 * forecast.<name>.}) into a factory. Other modules add their models with {@link #register}.
 */
public final class ForecasterRegistry {
  private final Map<String, Function<Map<String, String>, ForecasterFactory>> entries =
      new TreeMap<>();

  /**
   * The models of the core: {@code last-value}, {@code ewma}, and the fitted ones of {@link
   * Models}: {@code naive}, {@code seasonal-naive}, {@code arima}, {@code ets}, {@code
   * holt-winters}, {@code ensemble}; and {@link Tiers}, which chooses among any registered models
   * per horizon.
   */
  public static ForecasterRegistry standard() {
    ForecasterRegistry r = new ForecasterRegistry();
    r.register(LastValueForecaster.NAME, params -> series -> new LastValueForecaster());
    r.register(
        EwmaForecaster.NAME,
        params -> {
          double alpha =
              EwmaForecaster.checkAlpha(Double.parseDouble(params.getOrDefault("alpha", "0.3")));
          return series -> new EwmaForecaster(alpha);
        });
    Models.register(r);
    r.register(Tiers.NAME, params -> Tiers.factory(r, params));
    return r;
  }

  /**
   * The standard models and those of every {@link ForecasterProvider} on the class path of {@code
   * loader}.
   */
  public static ForecasterRegistry discovered(ClassLoader loader) {
    ForecasterRegistry r = standard();
    ServiceLoader.load(ForecasterProvider.class, loader).forEach(p -> p.register(r));
    return r;
  }

  public ForecasterRegistry register(
      String name, Function<Map<String, String>, ForecasterFactory> entry) {
    if (entries.putIfAbsent(name, entry) != null) {
      throw new IllegalArgumentException("forecaster '" + name + "' is registered already");
    }
    return this;
  }

  /** The factory for {@code name} with its parameters; a name nobody registered is refused. */
  public ForecasterFactory factory(String name, Map<String, String> params) {
    var entry = entries.get(name);
    if (entry == null) {
      throw new IllegalArgumentException(
          "forecaster '" + name + "' not found; known: " + String.join(", ", entries.keySet()));
    }
    return entry.apply(params);
  }

  public Set<String> names() {
    return Collections.unmodifiableSet(entries.keySet());
  }
}
