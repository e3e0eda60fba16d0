/**
 * Tiered placement of blocks (hot, warm, cold): epochs, access counts, placement policies and the
 * moves they decide. It depends only on the settings loader ({@code tier.*}) and the registry
 * ({@link org.pae.core.tier.TierPolicies#KIND}); the tier simulation and the file tiers depend on
 * it.
 */
package org.pae.core.tier;
