/**
 * The calendar the models see (time zones, holidays, demand events) and the forecaster wrapper that
 * learns load net of events; {@link org.pae.core.context.DemandEvent}, PAE's one event concept, is
 * also the server's hints. It may depend on model, config and forecast; settings depends on it.
 */
package org.pae.core.context;
