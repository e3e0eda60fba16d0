/**
 * Tiered placement of blocks (hot, warm, cold): epochs, access counts, placement policies and the
 * moves they decide. It depends only on registry (the policies are a kind of the one registry); the
 * tier simulation depends on it.
 */
package org.pae.core.tier;
