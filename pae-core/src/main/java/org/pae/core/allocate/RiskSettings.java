package org.pae.core.allocate;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pae.core.config.SettingsSource;
import org.pae.core.config.Values;
import org.pae.core.model.Resource;

/**
 * The one key of {@code policy.*} that {@link CostChoicePolicy} reads for a resource, beside its
 * {@link ChoiceSettings}: its risk budget (also settable per resource, {@code
 * policy.<r>.risk-budget}).
 *
 * @param riskBudget the share of intervals in which usage may exceed the allocation, in (0, 0.5):
 *     the candidates' costs price a shortfall so that the series run short about this often
 */
public record RiskSettings(double riskBudget) {
  /** The keys of {@code policy.*} it reads. */
  public static final List<String> KEYS = List.of("risk-budget");

  /** The defaults file's value, with no per-resource override. */
  public static final RiskSettings DEFAULTS = read(SettingsSource.of(Map.of()), Optional.empty());

  /** Reads {@link #KEYS} for {@code resource} from {@code source} ({@link PolicyKeys#value}). */
  public static RiskSettings read(SettingsSource source, Optional<Resource> resource) {
    try {
      return new RiskSettings(
          Values.number(
              PolicyKeys.prefix(resource) + "risk-budget",
              PolicyKeys.value(source, resource, "risk-budget")));
    } catch (IllegalArgumentException e) {
      throw PolicyKeys.naming(resource, e);
    }
  }

  public RiskSettings {
    checkBudget(riskBudget);
  }

  static void checkBudget(double riskBudget) {
    PolicyKeys.check(riskBudget > 0 && riskBudget < 0.5, "risk-budget", riskBudget, "in (0, 0.5)");
  }

  /** The forecast quantile at the risk budget. */
  public double quantile() {
    return 1 - riskBudget;
  }

  /** These settings with an operator's {@code tuning} of a series over them. */
  public RiskSettings tuned(Tuning tuning) {
    return tuning.isEmpty() ? this : new RiskSettings(tuning.or("risk-budget", riskBudget));
  }
}
