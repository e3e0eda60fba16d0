/**
 * The one assembly of PAE's engine from its settings and the registry: the allocation policy, the
 * forecaster stack (model, context, past source, observer, in that order), the loop's bounds, its
 * steering and churn budgets, and the learners, with a describable record of what was assembled.
 * Every command that runs the engine (run, simulate, forecast-eval, the benchmarks) assembles it
 * here. It may depend on settings, allocate, context, forecast, loop, model and ports.past; nothing
 * in the core depends on it.
 */
package org.pae.core.assembly;
