/**
 * PAE's own settings section (loop, forecast, policy, allocate, with the context calendar) as a
 * typed record, read through config.SettingsSource, and the allocation policy and forecaster stack
 * they configure. It may depend on model, config, registry, forecast, allocate and context; nothing
 * in the core depends on it (the commands at the edges do).
 */
package org.pae.core.settings;
