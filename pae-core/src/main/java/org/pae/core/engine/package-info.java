/**
 * One tick of PAE: observe from a MetricSource, step the ControlLoop, apply the Plan through an
 * Actuator, driven by the daemon on the wall clock and by the simulator on the trace's. It may
 * depend on loop and ports; the edges (server, cli, bench) depend on it.
 */
package org.pae.core.engine;
