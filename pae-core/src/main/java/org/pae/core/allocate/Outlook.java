package org.pae.core.allocate;

import java.time.Duration;

/**
 * How far ahead a decision must look: it takes effect after one interval and should hold until the
 * next decision, so the horizon is one interval plus the lead time of a critical workload.
 */
public record Outlook(Duration horizon, PolicySettings settings) {}
