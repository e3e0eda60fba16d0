package org.pae.core.forecast;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.pae.core.config.SettingsSource;
import org.pae.core.registry.Entry;
import org.pae.core.registry.Kind;
import org.pae.core.registry.Registry;

/**
 * The forecasters of a {@link Registry}, by name. Each entry turns the model's parameters (settings
 * keys below {@code forecast.<name>.}) into a factory. Other modules add their models with {@link
 * #register} (from a {@link ForecasterProvider} or a {@link
 * org.pae.core.registry.RegistryProvider}).
 */
public final class ForecasterRegistry {
  /** What a forecaster entry holds: its factory for the parameters given. */
  @FunctionalInterface
  public interface Maker {
    ForecasterFactory make(Map<String, String> params);
  }

  /** The kind of the forecasters' entries. */
  public static final Kind<Maker> KIND = new Kind<>("forecaster");

  private static final String CORE_PACKAGE = "org.pae.core.";

  private final Registry registry;

  /** The forecasters of {@code registry}, the core's included. */
  public ForecasterRegistry(Registry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
    registry.include("pae-core forecasters", r -> registerCore(this));
  }

  /** A registry of its own holding the core's forecasters. */
  public ForecasterRegistry() {
    this(new Registry());
  }

  /**
   * The models of the core: {@code last-value}, {@code ewma}, and the fitted ones of {@code
   * ensemble.Models}: {@code naive}, {@code seasonal-naive}, {@code arima}, {@code ets}, {@code
   * holt-winters}, {@code ensemble}; and {@link Tiers}, which chooses among any registered models
   * per horizon.
   */
  public static ForecasterRegistry standard() {
    return new ForecasterRegistry();
  }

  /**
   * The standard models and those of every {@link ForecasterProvider} and {@link
   * org.pae.core.registry.RegistryProvider} on the class path of {@code loader}, in one registry.
   */
  public static ForecasterRegistry discovered(ClassLoader loader) {
    ForecasterRegistry r = new ForecasterRegistry(Registry.discovered(loader));
    ServiceLoader.load(ForecasterProvider.class, loader)
        .forEach(p -> r.include(p.getClass().getName(), p));
    return r;
  }

  private void include(String name, ForecasterProvider provider) {
    registry.include(name, x -> provider.register(this));
  }

  private static void registerCore(ForecasterRegistry r) {
    r.register(
        LastValueForecaster.NAME,
        "the last sample, at every horizon and level",
        params -> spec -> new LastValueForecaster());
    r.register(
        EwmaForecaster.NAME,
        "an exponentially weighted mean and spread (parameter alpha)",
        params -> {
          double alpha =
              EwmaForecaster.checkAlpha(
                  Double.parseDouble(
                      params.getOrDefault(
                          "alpha", SettingsSource.defaultOf("forecast.ewma.alpha"))));
          return spec -> new EwmaForecaster(alpha);
        });
    // The core's own providers (the fitted models): those whose classes are in the core's packages.
    ServiceLoader.load(ForecasterProvider.class, ForecasterRegistry.class.getClassLoader()).stream()
        .filter(p -> p.type().getPackageName().startsWith(CORE_PACKAGE))
        .forEach(p -> r.include(p.type().getName(), p.get()));
    r.register(
        Tiers.NAME,
        "per horizon, the registered model whose measured loss is lowest",
        params -> Tiers.factory(r, params));
  }

  /** The registry these forecasters are part of. */
  public Registry registry() {
    return registry;
  }

  public ForecasterRegistry register(
      String name, Function<Map<String, String>, ForecasterFactory> entry) {
    return register(name, "a forecasting model", entry::apply);
  }

  /** Registers a model with one line saying what it is. */
  public ForecasterRegistry register(String name, String description, Maker maker) {
    registry.register(KIND, name, description, maker);
    return this;
  }

  /** The factory for {@code name} with its parameters; a name nobody registered is refused. */
  public ForecasterFactory factory(String name, Map<String, String> params) {
    return entry(name).value().make(params);
  }

  /** The entry of {@code name}, with its description; a name nobody registered is refused. */
  public Entry<Maker> entry(String name) {
    if (!registry.contains(KIND, name)) {
      throw Registry.unknown(KIND.name(), name, names());
    }
    return registry.entry(KIND, name);
  }

  /** The names, sorted. */
  public Set<String> names() {
    return Collections.unmodifiableSet(new TreeSet<>(registry.names(KIND)));
  }
}
