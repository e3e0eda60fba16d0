/**
 * The domain's values: workloads, their resources, accounts, programs, observations and series
 * keys, as records validated in their constructors. It depends on nothing else in PAE; every
 * package may depend on it.
 */
package org.pae.core.model;
