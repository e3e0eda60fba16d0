/**
 * Tiered placement of blocks (hot, warm, cold): epochs, access counts, placement policies and the
 * moves they decide. It depends on nothing else in PAE; the tier simulation depends on it.
 */
package org.pae.core.tier;
