package org.pae.sim.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pae.core.model.Resource;
import org.pae.sim.replay.Figures;

class VerdictTest {
  private static Figures row(String policy, Resource r, double footprint, double shortRate) {
    return new Figures(policy, r, footprint, 0.5, shortRate, 0.01, 1, 1000);
  }

  @Test
  void paeIsComparedWithTheCheapestBaselineNoSaferThanItWithinTenPercent() {
    List<Figures> figures =
        List.of(
            row("provisioned", Resource.MEMORY, 1.0, 0.00007),
            row("vpa", Resource.MEMORY, 0.353, 0.0011),
            row("autopilot", Resource.MEMORY, 0.216, 0.0098),
            row("perfect", Resource.MEMORY, 0.048, 0.0),
            row("pae[risk-budget=0.01]", Resource.MEMORY, 0.102, 0.0104),
            row("pae[risk-budget=0.001]", Resource.MEMORY, 0.226, 0.0011));
    assertThat(Verdict.lines(figures))
        .containsExactly(
            // autopilot's 0.98 % is within 1.1 x 1.04 %, and cheaper than vpa and provisioned
            "verdict: pae[risk-budget=0.01] memory: 0.47x autopilot's footprint at short_rate"
                + " 1.04 % vs 0.98 %",
            // autopilot at 0.98 % is riskier than 1.1 x 0.11 %: vpa is the one to beat
            "verdict: pae[risk-budget=0.001] memory: 0.64x vpa's footprint at short_rate 0.11 %"
                + " vs 0.11 %");
  }

  @Test
  void whenEveryBaselineIsRiskierTheSafestIsShownAndSaidSo() {
    List<Figures> figures =
        List.of(
            row("vpa", Resource.CPU, 0.259, 0.028),
            row("autopilot", Resource.CPU, 0.259, 0.0179),
            row("pae", Resource.CPU, 0.08, 0.001));
    assertThat(Verdict.lines(figures))
        .containsExactly(
            "verdict: pae cpu: 0.31x autopilot's footprint at short_rate 0.10 % vs 1.79 % (every"
                + " baseline riskier by more than 10 %; the safest shown)");
  }

  @Test
  void noPaeRowOrNoBaselineGivesNoVerdict() {
    assertThat(Verdict.lines(List.of(row("vpa", Resource.CPU, 0.2, 0.01)))).isEmpty();
    assertThat(
            Verdict.lines(
                List.of(row("pae", Resource.CPU, 0.2, 0.01), row("perfect", Resource.CPU, 0.1, 0))))
        .isEmpty();
  }
}
