package org.pae.core.fleet;

import java.util.Objects;
import org.pae.core.model.AccountId;
import org.pae.core.model.Resource;

/** One account's quota of one resource, shared by the fleet. */
public record Pool(AccountId account, Resource resource) {
  public Pool {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(resource, "resource");
  }
}
