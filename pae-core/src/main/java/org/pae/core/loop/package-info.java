/**
 * The control loop: ControlLoop.step(now, observations) turns observations into a Plan of decisions
 * with reasons, within limits, steering, budgets and its own bounds (LoopBounds, read from its keys
 * through config); time is an argument. It may depend on model, allocate, anomaly and config; ports
 * and engine depend on it, never the reverse.
 */
package org.pae.core.loop;
