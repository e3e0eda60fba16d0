package org.pae.core.allocate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pae.core.config.SettingsSource;
import org.pae.core.loop.LoopBounds;
import org.pae.core.model.Resource;
import org.pae.core.registry.Registry;

class AllocationsTest {
  @Test
  void everyPolicyKeyIsTheLoopsOrReadByAPolicyFromItsOwnSettings() {
    Registry r = new Registry();
    Allocations.register(r);
    SettingsSource source = SettingsSource.of(Map.of());
    Set<String> covered = new HashSet<>(LoopBounds.KEYS);
    for (String policy : r.names(Allocations.KIND)) {
      PolicySetup own = r.get(Allocations.KIND, policy).read(source);
      for (Resource resource : Resource.values()) {
        assertThat(own.values(resource).keySet())
            .as("%s names what its own settings hold", policy)
            .containsExactlyInAnyOrderElementsOf(Allocations.reads(r, policy));
      }
      assertThat(Allocations.reads(r, policy)).doesNotContainAnyElementsOf(LoopBounds.KEYS);
      covered.addAll(Allocations.reads(r, policy));
    }
    List<String> policyKeys =
        SettingsSource.defaults().keySet().stream()
            .filter(k -> k.startsWith("policy.") && k.indexOf('.', "policy.".length()) < 0)
            .map(k -> k.substring("policy.".length()))
            .toList();
    assertThat(covered).containsExactlyInAnyOrderElementsOf(policyKeys);
    assertThat(Allocations.reads(r, "choice")).containsExactly("risk-budget");
    assertThat(Allocations.reads(r, "threshold"))
        .containsExactly("threshold", "reduction-threshold", "headroom", "risk-budget");
  }
}
