package org.pae.server.auth;

import java.util.Objects;
import java.util.Optional;
import org.pae.core.model.Account;
import org.pae.core.model.Role;

/**
 * Who a valid token stands for: a name (the key of {@link Account#roles()}) and, for the host's own
 * operator, a role held in every account.
 */
public record Principal(String name, Optional<Role> everywhere) {
  public Principal {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(everywhere, "everywhere");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a principal needs a name");
    }
  }

  /** The role held in {@code account} (its own grant or the one held everywhere), if any. */
  public Optional<Role> role(Optional<Account> account) {
    Optional<Role> granted = account.map(a -> a.roles().get(name));
    if (granted.isEmpty()) {
      return everywhere;
    }
    return everywhere.filter(e -> e.includes(granted.get())).or(() -> granted);
  }

  @Override
  public String toString() {
    return name;
  }
}
