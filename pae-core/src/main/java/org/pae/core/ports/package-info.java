/**
 * What the loop needs from the outside, as interfaces: metric sources, actuators and history stores
 * (what the models read of a series' past is in ports.past). It may depend on model, allocate and
 * loop (the plans an actuator applies); adapters at the edges implement it, and engine uses it.
 */
package org.pae.core.ports;
