package org.pae.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pae.core.allocate.ThresholdPolicy;
import org.pae.core.assembly.Assembly;
import org.pae.core.config.SettingsSource;
import org.pae.core.forecast.ForecasterRegistry;
import org.pae.core.settings.Settings;
import org.pae.host.CgroupHierarchy;
import org.pae.host.HostSettings;
import org.pae.live.LiveEngine;
import org.pae.sim.policy.PolicyCatalog;
import org.pae.sim.replay.PolicyVariant;

/**
 * One settings file assembles the same engine in {@code pae run} and {@code pae simulate}: the same
 * allocation policy, forecaster stack, model parameters, bounds, churn budgets, warm-up and
 * learners. (Before issue 16 {@code simulate} left the context calendar out of its stack, and each
 * command put its stack together itself.)
 */
class OneAssemblyTest {
  @TempDir Path dir;

  @Test
  void oneSettingsFileAssemblesTheSamePartsForRunAndSimulate() throws Exception {
    Path file = dir.resolve("pae.properties");
    Files.writeString(
        file,
        String.join(
            "\n",
            "forecast.model = arima",
            "forecast.arima.max-p = 3",
            "allocate.policy = threshold",
            "policy.cooldown = 10m",
            "policy.memory.risk-budget = 0.005",
            "allocate.max-changes-per-day.vm = 6",
            "context.event.nightly-batch = factor=2; from=01:00; to=04:00; days=mon-sat",
            ""));

    // pae run: the engine's settings and the host's from one source, as RunCommand reads them.
    SettingsSource source = SettingsSource.of(SettingsFile.read(file));
    Assembly run = RunCommand.assemble(source);
    HostSettings host = RunCommand.hostSettings(source, run);
    source.refuseUnread();
    Assembly.Parts live;
    try (LiveEngine engine =
        new LiveEngine(
            run,
            LiveEngine.Options.of(
                host, CgroupHierarchy.host(), Path.of("/proc"), dir.resolve("data"), m -> {}))) {
      live = engine.assembly().parts();
    }

    // pae simulate: the pae policy of the replay's catalog, from the same file.
    PolicyCatalog catalog =
        new PolicyCatalog(
            SettingsFile.read(file),
            ForecasterRegistry.discovered(OneAssemblyTest.class.getClassLoader()));
    Assembly.Parts replay = catalog.assembly(Map.of()).parts();
    PolicyVariant pae = catalog.variant("pae", Map.of());

    assertThat(replay).isEqualTo(live);
    assertThat(live.allocation()).isEqualTo("threshold");
    assertThat(live.forecasting()).containsExactly("arima", "context");
    assertThat(live.modelParameters()).containsEntry("max-p", "3");
    assertThat(
            ((ThresholdPolicy.Setup) live.policy())
                .resources()
                .get(org.pae.core.model.Resource.MEMORY)
                .riskBudget())
        .isEqualTo(0.005);
    assertThat(live.churn().get("vm").maxChangesPerDay()).isEqualTo(6);
    // The replay runs what it describes: its loop's bounds and the hypervisors' churn budget.
    assertThat(pae.bounds()).isEqualTo(live.bounds());
    assertThat(pae.churn())
        .isEqualTo(
            Settings.load(SettingsFile.read(file), ForecasterRegistry.standard())
                .churn(Settings.MANAGED));
  }
}
