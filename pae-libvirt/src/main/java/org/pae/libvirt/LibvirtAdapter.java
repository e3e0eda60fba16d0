package org.pae.libvirt;

import java.util.Optional;
import org.pae.core.config.SettingsSource;
import org.pae.core.ports.Adapter;
import org.pae.core.registry.Registry;
import org.pae.core.registry.RegistryProvider;

/**
 * The adapter {@code libvirt}: when {@code libvirt.uri} names a connection, {@code pae run} reads
 * its running domains every tick ({@link LibvirtSource}) and resizes them ({@link LibvirtActuator},
 * under {@code --enforce}). A connection libvirt refuses stops the start with libvirt's own
 * message.
 */
public final class LibvirtAdapter implements Adapter, RegistryProvider {
  @Override
  public Optional<Connector> configure(SettingsSource settings) {
    LibvirtSettings s = LibvirtSettings.from(settings);
    if (s.uri().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        (now, warnings) -> {
          Fleet fleet = Fleet.open(s.uri());
          return new Attached(
              "libvirt at " + s.uri(),
              new LibvirtSource(fleet, warnings),
              Optional.of(new LibvirtActuator(fleet, s.actuator())),
              id -> id.value().startsWith(Fleet.PREFIX),
              Warm.NONE,
              fleet::close);
        });
  }

  @Override
  public void accept(Registry registry) {
    registry.register(
        KIND, "libvirt", "running VMs of a libvirt connection (libvirt.uri)", new LibvirtAdapter());
  }
}
