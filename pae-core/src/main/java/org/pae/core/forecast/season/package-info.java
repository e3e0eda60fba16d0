/**
 * Seasonal predictors: the seasonal naive forecast and the time-of-day profile, as online
 * Predictors. It may depend on online; ensemble depends on it.
 */
package org.pae.core.forecast.season;
