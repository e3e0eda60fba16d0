/**
 * Seasonal period detection (daily, weekly or none) from a series. It depends on nothing else in
 * PAE; the online forecaster and the periodicity command may depend on it.
 */
package org.pae.core.forecast.period;
