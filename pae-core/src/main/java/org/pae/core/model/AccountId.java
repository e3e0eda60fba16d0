package org.pae.core.model;

import java.util.Objects;

/** The name of an account (a tenant, a team). */
public record AccountId(String value) {
  public static final AccountId DEFAULT = new AccountId("default");

  public AccountId {
    Objects.requireNonNull(value, "account id");
    if (value.isBlank()) {
      throw new IllegalArgumentException("an account id must not be blank");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
