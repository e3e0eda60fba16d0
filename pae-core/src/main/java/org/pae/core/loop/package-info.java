/**
 * The control loop: ControlLoop.step(now, observations) turns observations into a Plan of decisions
 * with reasons, within limits, steering and budgets; time is an argument. It may depend on model
 * and allocate; ports and engine depend on it, never the reverse.
 */
package org.pae.core.loop;
