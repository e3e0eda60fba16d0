package org.pae.core.anomaly;

/**
 * A forecast band a sample was judged against: the forecast's median and its lower and upper
 * quantiles for the sample's time, as the series' forecaster gave them beforehand.
 */
public record Band(double low, double median, double high) {}
