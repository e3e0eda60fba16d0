package org.pae.sim.replay;

import java.util.List;
import java.util.Map;

/**
 * One workload's replay step by step, kept for plotting: usage, the forecast band the configured
 * model gave one step ahead, and each policy's allocation in effect.
 *
 * @param workload the workload
 * @param times epoch seconds per step
 * @param usage per resource
 * @param bandLow per resource, the lower band quantile forecast for that step ({@code NaN} before
 *     the model has data)
 * @param bandHigh per resource, the upper one
 * @param allocation per policy label, per resource, the allocation in effect
 * @param labels the policy labels in report order
 */
public record Trajectory(
    String workload,
    long[] times,
    Map<org.pae.core.model.Resource, double[]> usage,
    Map<org.pae.core.model.Resource, double[]> bandLow,
    Map<org.pae.core.model.Resource, double[]> bandHigh,
    Map<String, Map<org.pae.core.model.Resource, double[]>> allocation,
    List<String> labels) {}
