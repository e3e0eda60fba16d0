/**
 * The one settings loader and value parser: SettingsSource reads the defaults file
 * (pae-defaults.properties) overridden by the user's keys, section by section, and refuses whatever
 * no section read with the closest known key; Values parses booleans, durations, sizes, numbers and
 * lists by one rule each; DefaultsFile renders docs/configuration.md. It depends only on registry
 * (for suggestions); any package that reads settings may depend on it.
 */
package org.pae.core.config;
