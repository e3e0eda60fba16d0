/**
 * Allocation policies and their decisions as values: the threshold rule, the cost-based choice,
 * each policy's own settings (PolicySetup, read by its registry entry from its own keys) and an
 * operator's Tuning of them per series, proposals with their evidence and reasons, and Allocations,
 * their registry entries. It may depend on model, forecast, registry and config (its settings
 * records read their keys through the one loader); loop, ports and settings depend on it.
 */
package org.pae.core.allocate;
