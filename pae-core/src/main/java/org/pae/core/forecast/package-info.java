/**
 * The forecasting contract: Forecaster (observe; track, which starts calibrating a horizon and
 * level; quantile, a pure read), ForecasterFactory with its one abstract method create(SeriesSpec),
 * SeriesSpec, Forecast, Learner, the simplest models (last value, EWMA), the tiers that choose
 * among models per horizon, and ForecasterRegistry, which finds models by name (the core's fitted
 * ones through its ServiceLoader provider, so that this package does not depend on them). It may
 * depend on model, ports.past, registry and config (for the defaults of its parameters); every
 * model package, allocate, context and the edges depend on it.
 */
package org.pae.core.forecast;
