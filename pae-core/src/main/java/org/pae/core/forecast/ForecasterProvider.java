package org.pae.core.forecast;

/**
 * A module's contribution of forecasting models, found with {@link java.util.ServiceLoader} (a
 * {@code META-INF/services/org.pae.core.forecast.ForecasterProvider} file in its jar). A module
 * with heavy dependencies (the learned models' native libraries) thus adds its models to any
 * program that has its jar on the class path, and nothing needs it to run without.
 */
public interface ForecasterProvider {
  /** Registers this module's models. */
  void register(ForecasterRegistry registry);
}
