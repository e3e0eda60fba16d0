package org.pae.sim.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pae.core.allocate.CostChoicePolicy;
import org.pae.core.allocate.RiskSettings;
import org.pae.core.forecast.ForecasterRegistry;
import org.pae.core.forecast.LastValueForecaster;
import org.pae.core.model.Resource;
import org.pae.sim.replay.PolicyVariant;
import org.pae.sim.trace.TraceFormat;

class PolicyCatalogTest {
  private final PolicyCatalog catalog = new PolicyCatalog(Map.of(), ForecasterRegistry.standard());

  @Test
  void aListOfValuesIsASweepWithOneVariantEach() {
    assertThat(catalog.parse("provisioned,vpa:margin=0.1,0.15,pae:risk-budget=0.001,0.01,perfect"))
        .extracting(PolicyVariant::label)
        .containsExactly(
            "provisioned",
            "vpa[margin=0.1]",
            "vpa[margin=0.15]",
            "pae[risk-budget=0.001]",
            "pae[risk-budget=0.01]",
            "perfect");
    assertThat(catalog.parse("pae:headroom=0.1,0.2:risk-budget=0.01,0.02")).hasSize(4);
  }

  @Test
  void paeParametersReachItsSettingsForEveryResource() {
    Map<Resource, RiskSettings> risks =
        ((CostChoicePolicy.Setup)
                catalog.paeAssembly(Map.of("risk-budget", "0.005")).settings().policy())
            .resources();
    assertThat(risks.get(Resource.MEMORY).riskBudget()).isEqualTo(0.005);
    assertThat(risks.get(Resource.CPU).riskBudget()).isEqualTo(0.005);
    PolicyVariant v = catalog.variants("pae:risk-budget=0.005").get(0);
    assertThat(v.bounds().get(Resource.CPU).usageFloor()).isTrue();
    assertThat(
            ((CostChoicePolicy.Setup) catalog.paeAssembly(Map.of()).settings().policy())
                .resources()
                .get(Resource.MEMORY)
                .riskBudget())
        .isEqualTo(0.001);
  }

  @Test
  void theModelIsResolvedByNameInTheGivenRegistry() {
    ForecasterRegistry registry =
        ForecasterRegistry.standard().register("mine", p -> s -> new LastValueForecaster());
    PolicyCatalog c = new PolicyCatalog(Map.of("forecast.model", "mine"), registry);
    assertThat(c.paeSettings(Map.of()).forecastModel()).isEqualTo("mine");
    assertThat(c.variants("pae:model=ewma").get(0).label()).isEqualTo("pae[model=ewma]");
    assertThatThrownBy(() -> catalog.variants("pae:model=mine")).hasMessageContaining("mine");
  }

  @Test
  void baselinesRunWithoutFloorCooldownOrStepBound() {
    PolicyVariant vpa = catalog.variants("vpa").get(0);
    assertThat(vpa.bounds().get(Resource.CPU).usageFloor()).isFalse();
    assertThat(vpa.bounds().get(Resource.CPU).cooldown()).isZero();
    assertThat(vpa.bounds().get(Resource.CPU).maxStep()).isInfinite();
  }

  @Test
  void mistakesAreRefusedNamingWhatIsKnown() {
    assertThatThrownBy(() -> catalog.parse("vpa,nope"))
        .hasMessageContaining("unknown policy 'nope'; known: provisioned, reactive");
    assertThatThrownBy(() -> catalog.parse("vpa:marg=0.1"))
        .hasMessageContaining("unknown parameter 'marg' of vpa; known: buckets, cpu-half-life");
    assertThatThrownBy(() -> catalog.parse("reactive:up=x"))
        .hasMessageContaining("up = 'x' is not a number");
    assertThatThrownBy(() -> catalog.parse("perfect:x=1")).hasMessageContaining("no parameters");
    assertThatThrownBy(() -> catalog.parse("vpa:buckets=log"))
        .hasMessageContaining("buckets = 'log' is not one of geometric, vpa");
    assertThat(catalog.parse("vpa:buckets=geometric,vpa")).hasSize(2);
    assertThatThrownBy(() -> catalog.parse("pae:risk-budget=0.7"))
        .hasMessageContaining("risk-budget");
  }

  @Test
  void aMistypedPaeKeyIsNamedAsTypedWithTheNearestKnownOne() {
    assertThatThrownBy(() -> catalog.parse("pae:risk-budgt=0.01"))
        .hasMessageStartingWith(
            "unknown parameter 'risk-budgt' of pae (did you mean risk-budget?); it takes"
                + " model=NAME, a policy key for every resource (")
        .hasMessageContaining("headroom")
        .hasMessageNotContaining("policy.cpu.risk-budgt")
        .hasMessageNotContaining("actuator.");
    assertThatThrownBy(() -> catalog.parse("pae:policy.memory.risk-budgt=0.01"))
        .hasMessageStartingWith(
            "unknown parameter 'policy.memory.risk-budgt' of pae (did you mean"
                + " policy.memory.risk-budget?)");
    assertThatThrownBy(() -> catalog.parse("pae:zzzz=1"))
        .hasMessageStartingWith("unknown parameter 'zzzz' of pae; it takes model=NAME");
    assertThat(catalog.parse("pae:policy.memory.risk-budget=0.01:allocate.policy=threshold"))
        .hasSize(1);
  }

  @Test
  void baselinesAndTraceFormatsAreInTheOneRegistryWithForecasters() {
    ForecasterRegistry r = ForecasterRegistry.discovered(PolicyCatalogTest.class.getClassLoader());
    assertThat(r.registry().names(Baselines.KIND))
        .containsExactly("provisioned", "reactive", "vpa", "autopilot", "perfect");
    assertThat(r.registry().entry(TraceFormat.KIND, "bitbrains").traits())
        .containsEntry("file-per-workload", "true")
        .containsEntry("step", "PT5M");
    assertThat(r.names()).contains("ensemble");
    assertThat(new PolicyCatalog(java.util.Map.of(), r).names())
        .containsExactly("provisioned", "reactive", "vpa", "autopilot", "perfect", "pae");
    assertThatThrownBy(() -> TraceFormat.parse("bitbrain"))
        .hasMessage(
            "unknown trace format 'bitbrain'; did you mean 'bitbrains'? known: bitbrains,"
                + " planetlab, nab, csv, azure, alibaba, synthetic, prometheus, parquet");
  }
}
