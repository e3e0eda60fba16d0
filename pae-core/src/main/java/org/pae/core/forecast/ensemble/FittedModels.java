package org.pae.core.forecast.ensemble;

import org.pae.core.forecast.ForecasterProvider;
import org.pae.core.forecast.ForecasterRegistry;

/**
 * The core's fitted models ({@link Models}) as a provider, listed in the core's {@code
 * META-INF/services}: the registry finds them there, so that the forecasting interfaces do not
 * depend on the models built on them.
 */
public final class FittedModels implements ForecasterProvider {
  @Override
  public void register(ForecasterRegistry registry) {
    Models.register(registry);
  }
}
