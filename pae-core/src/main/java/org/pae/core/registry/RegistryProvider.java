package org.pae.core.registry;

import java.util.function.Consumer;

/**
 * A module's contribution to the {@link Registry}, found with {@link java.util.ServiceLoader} (a
 * {@code META-INF/services/org.pae.core.registry.RegistryProvider} file in its jar): a module with
 * heavy dependencies adds its entries to any program that has its jar on the class path.
 */
public interface RegistryProvider extends Consumer<Registry> {
  /** The contribution's name; a registry includes each name once. */
  default String name() {
    return getClass().getName();
  }
}
