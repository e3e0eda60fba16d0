package org.pae.server.auth;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.pae.core.model.Account;
import org.pae.core.model.AccountId;
import org.pae.core.model.Role;

/**
 * Who a valid token stands for: a name (the key of {@link Account#roles()}), for the host's own
 * operator a role held in every account, and for a token issued through the API the grant that made
 * it. Such a token holds no more than that grant, and no more than its name still holds in each
 * account: a later grant to the same name (by another admin, in another account) never widens it,
 * and a demotion or revocation narrows it.
 *
 * @param name the principal's name
 * @param everywhere the role held in every account (the host's operator)
 * @param grant the roles the token was issued with, per account; empty for a token bound by no
 *     grant (the operator's, or one its holder made outside the API)
 */
public record Principal(
    String name, Optional<Role> everywhere, Optional<Map<AccountId, Role>> grant) {
  public Principal {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(everywhere, "everywhere");
    grant = grant.map(Map::copyOf);
    if (name.isBlank()) {
      throw new IllegalArgumentException("a principal needs a name");
    }
  }

  /** A principal bound by no grant: its roles are whatever the accounts grant its name. */
  public Principal(String name, Optional<Role> everywhere) {
    this(name, everywhere, Optional.empty());
  }

  /** A principal holding at most {@code grant}, as the API issues tokens. */
  public static Principal granted(String name, Map<AccountId, Role> grant) {
    return new Principal(name, Optional.empty(), Optional.of(grant));
  }

  /** The role held in {@code account} (its own grant or the one held everywhere), if any. */
  public Optional<Role> role(Optional<Account> account) {
    Optional<Role> granted = account.flatMap(a -> bounded(a, a.roles().get(name)));
    if (granted.isEmpty()) {
      return everywhere;
    }
    return everywhere.filter(e -> e.includes(granted.get())).or(() -> granted);
  }

  private Optional<Role> bounded(Account a, Role held) {
    if (held == null) {
      return Optional.empty();
    }
    if (grant.isEmpty()) {
      return Optional.of(held);
    }
    Role most = grant.get().get(a.id());
    if (most == null) {
      return Optional.empty();
    }
    return Optional.of(held.includes(most) ? most : held);
  }

  @Override
  public String toString() {
    return name;
  }
}
