package org.pae.core.model;

import java.util.Objects;
import java.util.Optional;

/**
 * Something whose resources PAE allocates.
 *
 * @param id its stable name
 * @param kind VM, container or process
 * @param parent the workload it runs inside (a container's VM), whose allocation bounds its
 *     children's
 * @param program what it runs
 * @param account who owns it: quotas and roles come from there
 * @param criticality its tier when demand exceeds a quota or a parent's budget
 */
public record Workload(
    WorkloadId id,
    WorkloadKind kind,
    Optional<WorkloadId> parent,
    ProgramCode program,
    AccountId account,
    Criticality criticality) {
  public Workload {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(parent, "parent");
    Objects.requireNonNull(program, "program");
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(criticality, "criticality");
    if (parent.filter(id::equals).isPresent()) {
      throw new IllegalArgumentException("workload " + id + " cannot be its own parent");
    }
  }

  /** A top-level workload of the default account, with an unknown program. */
  public static Workload of(String id, WorkloadKind kind) {
    return new Workload(
        WorkloadId.of(id),
        kind,
        Optional.empty(),
        ProgramCode.UNKNOWN,
        AccountId.DEFAULT,
        Criticality.NORMAL);
  }

  public Workload withParent(WorkloadId p) {
    return new Workload(id, kind, Optional.of(p), program, account, criticality);
  }

  public Workload withAccount(AccountId a) {
    return new Workload(id, kind, parent, program, a, criticality);
  }

  public Workload withCriticality(Criticality c) {
    return new Workload(id, kind, parent, program, account, c);
  }

  public Workload withProgram(ProgramCode p) {
    return new Workload(id, kind, parent, p, account, criticality);
  }
}
