/**
 * The calendar the models see (time zones, holidays, event windows) and the forecaster wrapper that
 * learns load net of events. It may depend on model, config and forecast; settings depends on it.
 */
package org.pae.core.context;
