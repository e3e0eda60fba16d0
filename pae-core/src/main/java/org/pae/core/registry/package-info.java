/**
 * The one registry of PAE's pluggable things, found by kind and name with their characteristics:
 * forecasters ({@code ForecasterRegistry.KIND}), allocation policies ({@code Allocations.KIND}),
 * the replay's baselines and trace formats (pae-sim's {@code Baselines.KIND}, {@code
 * TraceFormat.KIND}), and any kind a module declares. A typo is refused as {@code unknown
 * forecaster 'arma'; did you mean 'arima'? known: ...}. This package depends on nothing else in
 * PAE; every other package may depend on it.
 *
 * <p>To add a new kind (an anomaly detector, a tier policy): declare its {@link
 * org.pae.core.registry.Kind} next to the interface its entries implement, e.g. {@code public
 * static final Kind<DetectorFactory> KIND = new Kind<>("anomaly detector")}, and a static {@code
 * register(Registry)} that registers the module's own entries with {@link
 * org.pae.core.registry.Registry#register(Kind, String, String, Object)} (or an {@link
 * org.pae.core.registry.Entry} with traits). Include it where the kind is used, once per registry:
 * {@code registry.include("my-module detectors", Detectors::register)}, and from a module that
 * others need not depend on, list a {@link org.pae.core.registry.RegistryProvider} in {@code
 * META-INF/services/org.pae.core.registry.RegistryProvider}: {@link
 * org.pae.core.registry.Registry#discovered} includes it. Look entries up with {@code
 * registry.get(KIND, name)}; never keep a second list of the names.
 *
 * <p>To add an entry of an existing kind, register it in its module's {@code register}: a
 * forecaster with {@code ForecasterRegistry.register(name, description, params -> spec -> ...)}, a
 * baseline in pae-sim's {@code Baselines.register}, an allocation policy in {@code
 * Allocations.register}.
 */
package org.pae.core.registry;
