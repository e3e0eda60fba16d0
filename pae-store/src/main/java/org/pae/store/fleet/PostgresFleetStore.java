package org.pae.store.fleet;

import java.util.Optional;
import org.pae.core.fleet.FleetSettings;
import org.pae.core.fleet.FleetStore;
import org.pae.core.registry.Registry;
import org.pae.core.registry.RegistryProvider;

/**
 * The fleet store {@code postgresql}: the hosts of a fleet coordinate through tables in one
 * PostgreSQL database ({@code fleet.store = jdbc:postgresql://host/db?user=..&password=..}; a
 * {@code currentSchema} parameter puts them in that schema). See {@link PostgresFleetConnection}
 * and, for the learned models, {@link PostgresFleetModels}.
 */
public final class PostgresFleetStore implements FleetStore, RegistryProvider {
  @Override
  public Optional<Connection> open(FleetSettings settings) {
    if (!settings.store().startsWith("jdbc:postgresql:")) {
      return Optional.empty();
    }
    return Optional.of(PostgresFleetConnection.open(settings));
  }

  @Override
  public void accept(Registry registry) {
    registry.register(
        KIND,
        "postgresql",
        "account quotas, shortfall prices and learned models shared by the hosts of a fleet"
            + " through PostgreSQL (fleet.store = jdbc:postgresql://...)",
        new PostgresFleetStore());
  }
}
