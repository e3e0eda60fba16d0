package org.pae.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pae.core.model.WorkloadId;
import org.pae.server.demo.SyntheticFleet;

/**
 * Issue 16: under {@code choice}, threshold, headroom and reduction-threshold were accepted and did
 * nothing. The API refuses a setting the active policy does not read, naming the policy and what it
 * uses, and keeps nothing of the request.
 */
class PolicySettingsInUseTest {
  @Test
  void underChoiceTheThresholdRulesSettingsAreRefusedNamingWhatItUses() {
    try (Fixture f = new Fixture(SyntheticFleet.host(3, Fixture.START, 100, Map.of(), 0), 2)) {
      WorkloadId id = f.fleet.workloads().getFirst().id();
      String w = "/api/v1/workloads/" + Fixture.enc(id.value()) + "/policy";
      // Each value valid on its own: before, each was taken and did nothing.
      Map<String, Double> values =
          Map.of("threshold", 0.95, "reductionThreshold", 0.3, "headroom", 0.3);
      for (String field : values.keySet()) {
        Fixture.Reply r =
            f.json(
                "PUT",
                w,
                f.admin,
                "{\"" + field + "\":" + values.get(field) + ",\"riskBudget\":0.05}");
        assertThat(r.status()).as(field).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.body())
            .contains("'choice' does not use " + field, "it uses riskBudget, leadTime, min, max");
      }
      assertThat(f.fleet.steering().overrides(id)).isEmpty();
      assertThat(f.json("PUT", w, f.admin, "{\"riskBudget\":0.05,\"max\":1e12}").status())
          .isEqualTo(200);
      assertThat(f.fleet.steering().overrides(id).values())
          .singleElement()
          .satisfies(o -> assertThat(o.riskBudget()).isEqualTo(0.05));
    }
  }

  @Test
  void underThresholdTheyAreTaken() {
    try (Fixture f = new Fixture(4, 2)) {
      WorkloadId id = f.fleet.workloads().getFirst().id();
      String w = "/api/v1/workloads/" + Fixture.enc(id.value()) + "/policy";
      assertThat(
              f.json("PUT", w, f.admin, "{\"threshold\":0.8,\"headroom\":0.3,\"riskBudget\":0.05}")
                  .status())
          .isEqualTo(200);
      assertThat(f.fleet.steering().overrides(id).values())
          .singleElement()
          .satisfies(o -> assertThat(o.threshold()).isEqualTo(0.8));
    }
  }
}
