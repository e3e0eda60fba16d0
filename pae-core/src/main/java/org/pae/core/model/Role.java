package org.pae.core.model;

/** What a principal may do within an account. Each role includes the rights of those before it. */
public enum Role {
  /** Reads workloads, usage, forecasts, allocations and decisions. */
  VIEWER,
  /** Also steers: policies, pins, event hints, pre-allocation, pause and resume. */
  OPERATOR,
  /** Also manages the account itself: quotas, tokens, roles. */
  ADMIN;

  public boolean includes(Role other) {
    return compareTo(other) >= 0;
  }
}
