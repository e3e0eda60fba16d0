/**
 * The fitted models by name (naive, seasonal-naive, profile, arima, ets, holt-winters, ensemble)
 * with their parameters, registered through the FittedModels provider. It may depend on forecast
 * and every model package; nothing in the core depends on it (the registry finds it through
 * ServiceLoader).
 */
package org.pae.core.forecast.ensemble;
