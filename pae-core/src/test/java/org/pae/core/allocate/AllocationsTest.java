package org.pae.core.allocate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pae.core.registry.Registry;

class AllocationsTest {
  @Test
  void everyPolicySettingIsTheLoopsOrNamedByThePoliciesThatReadIt() {
    Registry r = new Registry();
    Allocations.register(r);
    Set<String> covered = new HashSet<>(Allocations.LOOP_KEYS);
    for (String policy : r.names(Allocations.KIND)) {
      assertThat(Allocations.reads(r, policy)).as(policy).isSubsetOf(PolicySettings.KEYS);
      covered.addAll(Allocations.reads(r, policy));
    }
    assertThat(covered).containsExactlyInAnyOrderElementsOf(PolicySettings.KEYS);
    assertThat(Allocations.reads(r, "choice")).containsExactly("risk-budget");
    assertThat(Allocations.reads(r, "threshold"))
        .containsExactly("threshold", "reduction-threshold", "headroom", "risk-budget");
  }
}
