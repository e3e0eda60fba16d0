package org.pae.core.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pae.core.allocate.ChoiceSettings;
import org.pae.core.allocate.ChurnBudget;
import org.pae.core.allocate.CostChoicePolicy;
import org.pae.core.allocate.RiskSettings;
import org.pae.core.allocate.ThresholdPolicy;
import org.pae.core.allocate.ThresholdSettings;
import org.pae.core.forecast.ForecasterRegistry;
import org.pae.core.loop.LoopBounds;
import org.pae.core.model.Resource;
import org.pae.core.model.WorkloadKind;

class SettingsTest {
  private final ForecasterRegistry registry = ForecasterRegistry.standard();

  @Test
  void theDefaultsFileLoadsAndMatchesTheBuiltInDefaults() {
    Settings s = Settings.load(registry);
    assertThat(s.interval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.forecastModel()).isEqualTo("ensemble");
    assertThat(s.bounds().get(Resource.NETWORK)).isEqualTo(LoopBounds.DEFAULTS);
    assertThat(s.bounds().get(Resource.MEMORY).usageMargin()).isEqualTo(0.05);
    assertThat(s.allocation()).isEqualTo("choice");
    CostChoicePolicy.Setup choice = (CostChoicePolicy.Setup) s.policy();
    assertThat(choice.choice()).isEqualTo(ChoiceSettings.DEFAULTS);
    assertThat(choice.resources().get(Resource.MEMORY).riskBudget()).isEqualTo(0.001);
    assertThat(choice.resources().get(Resource.CPU).riskBudget()).isEqualTo(0.02);
    assertThat(choice.resources().get(Resource.NETWORK)).isEqualTo(RiskSettings.DEFAULTS);
    ThresholdPolicy.Setup threshold = (ThresholdPolicy.Setup) s.policies().get("threshold");
    assertThat(threshold.resources().get(Resource.MEMORY).riskBudget()).isEqualTo(0.001);
    assertThat(threshold.resources().get(Resource.NETWORK)).isEqualTo(ThresholdSettings.DEFAULTS);
    assertThat(s.policies()).containsOnlyKeys("choice", "threshold");
    assertThat(
            s.allocationPolicy("pae", registry.factory("ewma", java.util.Map.of()), s.interval()))
        .isInstanceOf(CostChoicePolicy.class);
  }

  @Test
  void aBadAllocationSettingIsRefusedNamingTheKey() {
    assertThatThrownBy(() -> Settings.load(java.util.Map.of("allocate.policy", "magic"), registry))
        .hasMessageContaining("allocate.policy");
    assertThatThrownBy(
            () -> Settings.load(java.util.Map.of("allocate.choice.forecast", "maybe"), registry))
        .hasMessageContaining("allocate.choice.forecast");
    assertThatThrownBy(
            () -> Settings.load(java.util.Map.of("allocate.choice.windows", "1x"), registry))
        .hasMessageContaining("allocate.choice.windows");
  }

  @Test
  void theChurnBudgetIsPerActuatorWithCgroupsUnlimited() {
    Settings s = Settings.load(registry);
    Map<WorkloadKind, ChurnBudget> managed = s.churn(Settings.MANAGED);
    assertThat(managed.get(WorkloadKind.PROCESS)).isEqualTo(ChurnBudget.UNLIMITED);
    assertThat(managed.get(WorkloadKind.VM).maxChangesPerDay()).isEqualTo(4);
    assertThat(managed.get(WorkloadKind.CONTAINER).limited()).isTrue();
    // this host's daemon resizes every kind through its cgroup
    assertThat(s.churn(Settings.CGROUPS).values()).containsOnly(ChurnBudget.UNLIMITED);
    Settings other =
        Settings.load(
            Map.of(
                "allocate.max-changes-per-day.vm",
                "unlimited",
                "allocate.max-changes-per-day.cgroup",
                "24"),
            registry);
    assertThat(other.churn(Settings.MANAGED).get(WorkloadKind.VM).limited()).isFalse();
    assertThat(other.churn(Settings.CGROUPS).get(WorkloadKind.VM).maxChangesPerDay()).isEqualTo(24);
    assertThatThrownBy(
            () -> Settings.load(Map.of("allocate.max-changes-per-day.vm", "0"), registry))
        .hasMessageContaining("max-changes-per-day")
        .hasMessageContaining("vm");
    assertThatThrownBy(() -> Settings.load(Map.of("allocate.change-cost.pod", "soon"), registry))
        .hasMessageContaining("allocate.change-cost.pod");
    assertThatThrownBy(
            () -> Settings.load(Map.of("allocate.max-changes-per-day.container", "4"), registry))
        .hasMessageContaining("unknown setting 'allocate.max-changes-per-day.container'");
  }

  @Test
  void overridesApplyPerResourceOrToAll() {
    Settings s =
        Settings.load(
            Map.of(
                "policy.headroom",
                "0.3",
                "policy.disk_io.threshold",
                "0.8",
                "loop.interval",
                "500ms"),
            registry);
    assertThat(s.interval()).isEqualTo(Duration.ofMillis(500));
    Map<Resource, ThresholdSettings> threshold =
        ((ThresholdPolicy.Setup) s.policies().get("threshold")).resources();
    assertThat(threshold.get(Resource.GPU).headroom()).isEqualTo(0.3);
    assertThat(threshold.get(Resource.DISK_IO).threshold()).isEqualTo(0.8);
    assertThat(threshold.get(Resource.CPU).threshold()).isEqualTo(0.9);
  }

  @Test
  void refusesAnUnknownKeyNamingIt() {
    assertThatThrownBy(() -> Settings.load(Map.of("policy.treshold", "0.9"), registry))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown setting 'policy.treshold'")
        .hasMessageContaining("policy.threshold");
    assertThatThrownBy(() -> Settings.load(Map.of("policy.ram.threshold", "0.9"), registry))
        .hasMessageContaining("policy.ram.threshold");
  }

  @Test
  void refusesABadValueNamingTheKeyAndTheAllowedValues() {
    assertThatThrownBy(() -> Settings.load(Map.of("policy.cpu.threshold", "1.5"), registry))
        .hasMessageContaining("threshold")
        .hasMessageContaining("in (0, 1]")
        .hasMessageContaining("cpu");
    assertThatThrownBy(() -> Settings.load(Map.of("policy.headroom", "lots"), registry))
        .hasMessageContaining("policy.memory.headroom = 'lots' is not a number");
    assertThatThrownBy(() -> Settings.load(Map.of("loop.interval", "5 parsecs"), registry))
        .hasMessageContaining("loop.interval = '5 parsecs' is not a duration");
    assertThatThrownBy(() -> Settings.load(Map.of("forecast.model", "oracle"), registry))
        .hasMessageContaining("forecast.model = oracle")
        .hasMessageContaining("ewma");
    assertThatThrownBy(
            () ->
                Settings.load(
                    Map.of("forecast.model", "ewma", "forecast.ewma.alpha", "2"), registry))
        .hasMessageContaining("forecast.ewma.alpha");
  }

  @Test
  void readsTheDefaultsFileFormat() throws Exception {
    String text = "# a comment\npolicy.cooldown = 2m\n";
    Map<String, String> read =
        Settings.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    assertThat(Settings.load(read, registry).bounds().get(Resource.CPU).cooldown())
        .isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void parsesDurationsWithUnitsOrIso() {
    assertThat(Settings.duration("k", "1d")).isEqualTo(Duration.ofDays(1));
    assertThat(Settings.duration("k", "PT1H30M")).isEqualTo(Duration.ofMinutes(90));
    assertThatThrownBy(() -> Settings.duration("k", "")).hasMessageContaining("k = ''");
  }
}
