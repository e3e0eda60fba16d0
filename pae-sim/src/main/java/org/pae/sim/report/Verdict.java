package org.pae.sim.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.pae.sim.replay.Figures;

/**
 * One line per PAE row and resource that says how PAE did against the best baseline at about the
 * same short_rate, e.g. {@code pae memory: 0.47x autopilot's footprint at short_rate 1.04 % vs 0.98
 * %}.
 *
 * <p>The best baseline at equal short_rate: among the baselines of the same resource (every row
 * whose policy is not {@code pae…}, except {@code perfect}, which knows the next step), those whose
 * short_rate is at most PAE's × {@value #TOLERANCE_FACTOR} (as safe as PAE, or riskier by at most
 * {@value #TOLERANCE_PERCENT} % of its rate); of them, the one with the lowest footprint. Where
 * none is (every baseline is riskier), the baseline with the lowest short_rate, and the line says
 * so.
 */
public final class Verdict {
  /** A baseline may have a short_rate up to this factor of PAE's and still count as equal. */
  public static final double TOLERANCE_FACTOR = 1.1;

  /** The tolerance as a percentage, for the documentation. */
  public static final int TOLERANCE_PERCENT = 10;

  private Verdict() {}

  /** The verdict lines, in the order of the PAE rows; none when there is no PAE row or baseline. */
  public static List<String> lines(List<Figures> figures) {
    List<String> out = new ArrayList<>();
    for (Figures pae : figures) {
      if (!isPae(pae.policy())) {
        continue;
      }
      List<Figures> baselines =
          figures.stream()
              .filter(f -> f.resource() == pae.resource())
              .filter(f -> !isPae(f.policy()) && !f.policy().startsWith("perfect"))
              .filter(f -> !Double.isNaN(f.footprint()) && !Double.isNaN(f.shortRate()))
              .toList();
      Optional<Figures> equal =
          baselines.stream()
              .filter(b -> b.shortRate() <= pae.shortRate() * TOLERANCE_FACTOR)
              .min(Comparator.comparingDouble(Figures::footprint));
      Optional<Figures> safest =
          baselines.stream().min(Comparator.comparingDouble(Figures::shortRate));
      equal.or(() -> safest).ifPresent(b -> out.add(line(pae, b, equal.isPresent())));
    }
    return out;
  }

  private static String line(Figures pae, Figures baseline, boolean equalRisk) {
    String ratio =
        baseline.footprint() > 0
            ? String.format(Locale.ROOT, "%.2fx", pae.footprint() / baseline.footprint())
            : "n/a";
    return String.format(
        Locale.ROOT,
        "verdict: %s %s: %s %s's footprint at short_rate %s vs %s%s",
        pae.policy(),
        pae.resource().key(),
        ratio,
        baseline.policy(),
        ReportFormat.percent(pae.shortRate()),
        ReportFormat.percent(baseline.shortRate()),
        equalRisk
            ? ""
            : " (every baseline riskier by more than "
                + TOLERANCE_PERCENT
                + " %; the safest shown)");
  }

  private static boolean isPae(String policy) {
    return policy.equals("pae") || policy.startsWith("pae[");
  }
}
