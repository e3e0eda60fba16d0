package org.pae.core.allocate;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.pae.core.config.SettingsSource;
import org.pae.core.forecast.Forecaster;
import org.pae.core.forecast.ForecasterFactory;
import org.pae.core.model.Resource;
import org.pae.core.model.Workload;

/**
 * PAE's allocation by choice, the Autopilot recommender's idea on a fleet-wide price: for each
 * series a family of candidate allocations — a base times a margin, the bases being the last usage,
 * the peak of usage over each of {@link ChoiceSettings#windows}, decaying peaks, and the
 * forecaster's quantile at the risk budget — is scored on the series' own past. A candidate's cost
 * is the sum, decaying with a half-life of {@link ChoiceSettings#memory}, of the allocation it
 * would have made each interval plus the {@link ShortfallPrice price} of a shortfall for each
 * interval in which usage exceeded it. The cheapest candidate allocates, and the decision names it.
 *
 * <p>The price is one per resource for the whole fleet, steered so that the fleet's shortfall rate
 * tends to the risk budget: a workload whose peaks are cheap to cover is covered, one whose spikes
 * would need a large standing allocation takes its shortfalls, and the fleet as a whole keeps to
 * its budget at the least allocation — where a budget held by every series alone would spend
 * allocation on the spikiest workloads to keep each at the same rate.
 *
 * <p>Confined to the thread of the loop that steps its series, as its prices are.
 */
public final class CostChoicePolicy implements AllocationPolicy {
  /**
   * The settings {@code choice} reads itself: what its registry entry makes PAE's policy of.
   *
   * @param choice how it builds and scores its candidates ({@code allocate.choice.*})
   * @param resources its risk budget for each resource
   */
  public record Setup(ChoiceSettings choice, Map<Resource, RiskSettings> resources)
      implements PolicySetup {
    public Setup {
      Objects.requireNonNull(choice, "choice");
      resources = Map.copyOf(PolicyKeys.everyResource(resources, "choice"));
    }

    /** Reads {@code allocate.choice.*} and {@link RiskSettings#KEYS} for every resource. */
    public static Setup read(SettingsSource source) {
      Map<Resource, RiskSettings> m = new EnumMap<>(Resource.class);
      for (Resource r : Resource.values()) {
        m.put(r, RiskSettings.read(source, Optional.of(r)));
      }
      return new Setup(ChoiceSettings.read(source), m);
    }

    @Override
    public AllocationPolicy make(String name, ForecasterFactory models, Duration loopInterval) {
      return new CostChoicePolicy(name, loopInterval, choice, resources, models);
    }

    @Override
    public Map<String, Double> values(Resource resource) {
      return Map.of("risk-budget", resources.get(resource).riskBudget());
    }

    /** {@code allocate.choice.warm-up}. */
    @Override
    public Duration warmUp(Duration loopInterval) {
      return choice.warmUp();
    }
  }

  private final String name;
  private final Duration interval;
  private final ChoiceSettings settings;
  private final Map<Resource, RiskSettings> risks;
  private final Optional<ForecasterFactory> forecasts;
  private final Map<Resource, ShortfallPrice> prices = new EnumMap<>(Resource.class);
  private final Map<Resource, Double> agreed = new EnumMap<>(Resource.class);
  private final double[] margins;
  // Scratch of one series' proposal, shared by the series: the prices it is chosen at (the grid
  // levels around the price, then the price), each price's least cost and its candidate.
  private final double[] atPrice = new double[ShortfallPrice.SPAN * 2 + 2];
  private final int[] picks = new int[atPrice.length];
  // The series' candidates as costs: the fixed part (NaN where the base is unknown) and the part
  // per unit of price.
  private double[] fixedCosts = new double[0];
  private double[] pricedCosts = new double[0];
  private final CheapestCandidates choices = new CheapestCandidates();

  /**
   * @param interval the loop's interval: windows and half-lives are counted in it
   * @param risks the risk budget per resource (every resource), which an operator's tuning of a
   *     series may override ({@link Outlook#tuning})
   * @param forecasts the model whose quantile is one of the bases, when {@link
   *     ChoiceSettings#forecast} is on
   */
  public CostChoicePolicy(
      String name,
      Duration interval,
      ChoiceSettings settings,
      Map<Resource, RiskSettings> risks,
      ForecasterFactory forecasts) {
    this.name = Objects.requireNonNull(name, "name");
    this.interval = Objects.requireNonNull(interval, "interval");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.risks = Map.copyOf(PolicyKeys.everyResource(risks, name));
    this.forecasts = settings.forecast() ? Optional.of(forecasts) : Optional.empty();
    this.margins = settings.marginValues();
  }

  @Override
  public String name() {
    return name;
  }

  /** Its series share one price per resource. */
  @Override
  public boolean sharesAcrossWorkloads() {
    return true;
  }

  /** The price of a shortfall of {@code r} now; {@code NaN} before the fleet's first interval. */
  public double price(Resource r) {
    ShortfallPrice p = prices.get(r);
    return p == null ? Double.NaN : p.price();
  }

  /**
   * Makes the series choose at {@code price}, the price a fleet of hosts agreed for {@code r}, in
   * place of this policy's own; NaN chooses at its own again. Its own price keeps moving with its
   * series' outcomes: it is what this host tells the fleet. Called on the loop's thread, between
   * steps.
   */
  public void agree(Resource r, double price) {
    if (Double.isFinite(price) && price > 0) {
      agreed.put(r, price);
    } else {
      agreed.remove(r);
    }
  }

  /** The price and the young series' record of {@code r}; {@code null} before a series opens. */
  ShortfallPrice shortfallPrice(Resource r) {
    return prices.get(r);
  }

  @Override
  public Optional<ShortfallPrice> fleetPrice(Resource r) {
    return Optional.of(
        prices.computeIfAbsent(r, x -> new ShortfallPrice(interval, settings.memory())));
  }

  @Override
  public SeriesPolicy open(Workload workload, Resource resource) {
    ShortfallPrice price = fleetPrice(resource).orElseThrow();
    Forecaster model = forecasts.map(f -> f.create(workload, resource)).orElse(null);
    return new Series(resource, risks.get(resource), price, model);
  }

  private long samples(Duration d) {
    return Math.max(1, d.toNanos() / interval.toNanos());
  }

  private double decayPerInterval(Duration halfLife) {
    return Math.pow(0.5, (double) interval.toNanos() / halfLife.toNanos());
  }

  private final class Series implements SeriesPolicy {
    private final Resource resource;
    private final ShortfallPrice price;
    private final Forecaster model;
    private final Peak[] peaks;
    private final double[] decaying;
    private final double[] decays;
    private final double[] bases;
    private final double[] spent;
    private final double[] shortfalls;
    private final int[] chosen = new int[ShortfallPrice.SPAN * 2 + 1];
    private int chosenFrom = -1;
    private final double memory;
    private final long warmUp;
    private final long judgedAfter;
    private double lastUsage = Double.NaN;
    private final RiskSettings risk;
    private double budget;
    private double quantile;
    private long seen;
    private double held;
    private boolean holding;
    private Peak[] heldBases;
    private long heldWindow;
    private double marginScale = 1;

    Series(Resource resource, RiskSettings risk, ShortfallPrice price, Forecaster model) {
      this.risk = risk;
      this.resource = resource;
      this.price = price;
      this.model = model;
      this.peaks = new Peak[settings.windows().size()];
      for (int i = 0; i < peaks.length; i++) {
        peaks[i] = new Peak((int) Math.min(Integer.MAX_VALUE, samples(settings.windows().get(i))));
      }
      this.decays = new double[settings.decays().size()];
      for (int i = 0; i < decays.length; i++) {
        decays[i] = decayPerInterval(settings.decays().get(i));
      }
      this.decaying = new double[decays.length];
      int n = 1 + peaks.length + decays.length + (model == null ? 0 : 1);
      this.bases = new double[n];
      Arrays.fill(bases, Double.NaN);
      this.spent = new double[n * margins.length];
      this.shortfalls = new double[n * margins.length];
      this.memory = decayPerInterval(settings.memory());
      this.warmUp = settings.warmUp().toNanos() / interval.toNanos();
      this.judgedAfter = Math.max(warmUp, settings.judged().toNanos() / interval.toNanos());
    }

    @Override
    public void observe(Instant now, double usage) {
      take(now, usage, true);
    }

    /** As a usual sample, except that the model does not learn it. */
    @Override
    public void observeAnomalous(Instant now, double usage) {
      take(now, usage, false);
    }

    private void take(Instant now, double usage, boolean learn) {
      int age = ShortfallPrice.ageClass(seen);
      for (int b = 0; b < bases.length; b++) {
        double base = bases[b];
        if (Double.isNaN(base)) {
          continue;
        }
        int at = b * margins.length;
        for (int m = 0; m < margins.length; m++) {
          double a = base * margin(m);
          spent[at + m] = memory * spent[at + m] + a;
          shortfalls[at + m] = memory * shortfalls[at + m] + (usage > a ? 1 : 0);
          if (seen < judgedAfter) {
            price.candidate(age, at + m, spent.length, usage > a);
          }
        }
      }
      if (chosenFrom >= 0 && seen >= judgedAfter) {
        for (int k = 0; k < chosen.length; k++) {
          if (chosen[k] >= 0) {
            price.outcome(chosenFrom + k, usage > kept(candidate(chosen[k])), budget);
          }
        }
      }
      lastUsage = usage;
      for (Peak p : peaks) {
        p.add(usage);
      }
      for (int i = 0; i < decaying.length; i++) {
        decaying[i] = seen == 0 ? usage : Math.max(usage, decaying[i] * decays[i]);
      }
      if (model != null && learn) {
        model.observe(now, usage);
      }
      seen++;
    }

    /**
     * It scores each base at its peak over the hold, and so already sizes for it: the churn stage's
     * own record of its past wishes would hold a passed spike for a second hold.
     */
    @Override
    public boolean sizesForHold() {
      return true;
    }

    @Override
    public Proposal propose(Instant now, double usage, double allocated, Outlook outlook) {
      RiskSettings tuned = risk.tuned(outlook.tuning());
      budget = tuned.riskBudget();
      quantile = tuned.quantile();
      if (Double.isFinite(usage) && allocated > 0) {
        price.record(now, usage, budget);
      }
      refreshBases(outlook);
      if (Double.isNaN(price.price())) {
        return warmingUp(allocated, outlook, quantile);
      }
      held = allocated;
      holding = outlook.holdsLonger();
      marginScale = holding ? 1 / Math.sqrt(settings.maxMargin()) : 1;
      chosenFrom = price.lowest();
      int levels = Math.min(chosen.length, price.highest() - chosenFrom + 1);
      for (int k = 0; k < levels; k++) {
        atPrice[k] = price.level(chosenFrom + k);
      }
      atPrice[levels] = agreed.getOrDefault(resource, price.price());
      cheapest(levels + 1);
      System.arraycopy(picks, 0, chosen, 0, levels);
      Arrays.fill(chosen, levels, chosen.length, -1);
      int best = picks[levels];
      if (seen <= warmUp || best < 0) {
        return warmingUp(allocated, outlook, quantile);
      }
      int base = best / margins.length;
      double margin = margin(best % margins.length);
      // An event hint scales the chosen candidate: the demand it was chosen for is expected to
      // change by the factor. The record and the price stay those of the candidates themselves.
      double target = candidate(best) * outlook.demandFactor();
      Evidence evidence =
          new Evidence(
              baseName(base)
                  + String.format(Locale.ROOT, "×%.2f", margin)
                  + (outlook.hinted()
                      ? String.format(Locale.ROOT, "×hint %.2f", outlook.demandFactor())
                      : ""),
              outlook.horizon(),
              quantile,
              target);
      double ahead = ahead(target, outlook);
      if (target > allocated) {
        return Proposal.resize(target, Rule.SCALE_UP, evidence).withAhead(ahead);
      }
      if (target < allocated * (1 - settings.tolerance())) {
        return Proposal.resize(target, Rule.SCALE_DOWN, evidence).withAhead(ahead);
      }
      return Proposal.hold(Rule.WITHIN_BAND, evidence).withAhead(ahead);
    }

    /**
     * Before it chooses, a series holds its allocation; an event hint of a surge (a factor above 1)
     * raises it by the factor at once, while a lull waits for the series' own record.
     */
    private static Proposal warmingUp(double allocated, Outlook outlook, double quantile) {
      if (outlook.demandFactor() > 1 && allocated > 0) {
        double raised = allocated * outlook.demandFactor();
        return Proposal.resize(
            raised,
            Rule.SCALE_UP,
            new Evidence(
                String.format(Locale.ROOT, "allocated×hint %.2f", outlook.demandFactor()),
                outlook.horizon(),
                quantile,
                raised));
      }
      return new Proposal(OptionalDouble.empty(), Rule.WARMING_UP, Optional.empty());
    }

    /**
     * The choice {@code target} grown by the growth of demand that the model's median predicts
     * between the horizon and the end of the hold (never shrunk: a fall is met when it comes); NaN
     * when the allocation holds no longer than the horizon or there is no model.
     */
    private double ahead(double target, Outlook outlook) {
      if (!outlook.holdsLonger() || model == null || model.observations() == 0) {
        return Double.NaN;
      }
      model.track(outlook.horizon(), 0.5);
      double near = model.quantile(outlook.horizon(), 0.5);
      model.track(outlook.hold(), 0.5);
      double far = model.quantile(outlook.hold(), 0.5);
      double growth = far / near;
      return Double.isFinite(growth) && growth > 1 ? target * growth : target;
    }

    /**
     * For each price {@code atPrice[k]}, {@code k < n}, the candidate with the least cost into
     * {@code picks[k]} ({@link CheapestCandidates}); -1 when no base is known yet. A series whose
     * record is shorter than {@link ChoiceSettings#judged} counts, for each missing interval, the
     * candidate's shortfall rate among the fleet's series of its age: on a short record the
     * cheapest candidate is one that its few samples never exceeded, though the next sample exceeds
     * the largest of n with a chance near 1/(n + 1). Ties go to the lower-numbered candidate.
     */
    private void cheapest(int n) {
      double borrowed = Math.max(0, judgedAfter - seen);
      // The record's weight: the decayed count of the samples seen.
      double record = borrowed == 0 ? 1 : (1 - Math.pow(memory, seen)) / (1 - memory);
      int age = ShortfallPrice.ageClass(seen);
      if (fixedCosts.length != spent.length) {
        fixedCosts = new double[spent.length];
        pricedCosts = new double[spent.length];
      }
      for (int b = 0; b < bases.length; b++) {
        boolean known = !Double.isNaN(bases[b]);
        for (int c = b * margins.length, end = c + margins.length; c < end; c++) {
          if (!known) {
            fixedCosts[c] = Double.NaN;
            pricedCosts[c] = 0;
          } else if (borrowed == 0) {
            fixedCosts[c] = spent[c];
            pricedCosts[c] = shortfalls[c];
          } else {
            fixedCosts[c] = spent[c] / record;
            pricedCosts[c] = shortfalls[c] + borrowed * price.candidateRate(age, c, spent.length);
          }
        }
      }
      // A judged series' cost is spent + price × shortfalls: the same with a weight of 1.
      double weight = borrowed == 0 ? 1 : record + borrowed;
      choices.choose(spent.length, fixedCosts, pricedCosts, weight, atPrice, n, picks);
    }

    /**
     * What the allocation would be with candidate {@code a} chosen: the allocation held when {@code
     * a} lies within the tolerance below it, {@code a} otherwise. When changes are spaced out by a
     * churn budget ({@link Outlook#holdsLonger}), a raise is made at once and a reduction waits, so
     * the allocation is the larger of the two: the price then steers the shortfalls that happen,
     * not those of an allocation that follows every choice.
     */
    private double kept(double a) {
      if (holding) {
        return Math.max(a, held);
      }
      return a > held || a < held * (1 - settings.tolerance()) ? a : held;
    }

    /**
     * Margin {@code m}: from 1 to {@link ChoiceSettings#maxMargin}; where changes must hold, from
     * 1/√maxMargin to √maxMargin, since a base is then its peak over the hold and an allocation
     * below that peak is one that takes the hold's highest samples as shortfalls.
     */
    private double margin(int m) {
      return margins[m] * marginScale;
    }

    private double candidate(int c) {
      return bases[c / margins.length] * margin(c % margins.length);
    }

    private void refreshBases(Outlook outlook) {
      fillBases(outlook);
      if (outlook.holdsLonger()) {
        holdBases(outlook.hold());
      }
    }

    /**
     * Replaces each base by its peak over the last {@code hold}: what an allocation that must stand
     * that long would have to cover. The candidates are then scored as they would be held, so that
     * one that is cheap only because it follows usage at every step is not chosen where changes are
     * spaced out.
     */
    private void holdBases(Duration hold) {
      long n = samples(hold);
      if (heldBases == null || heldWindow != n) {
        heldBases = new Peak[bases.length];
        for (int i = 0; i < bases.length; i++) {
          heldBases[i] = new Peak((int) Math.min(Integer.MAX_VALUE, n));
        }
        heldWindow = n;
      }
      for (int i = 0; i < bases.length; i++) {
        if (!Double.isNaN(bases[i])) {
          heldBases[i].add(bases[i]);
          bases[i] = heldBases[i].value();
        }
      }
    }

    private void fillBases(Outlook outlook) {
      int b = 0;
      bases[b++] = lastUsage;
      for (Peak p : peaks) {
        bases[b++] = p.value();
      }
      for (int i = 0; i < decaying.length; i++) {
        bases[b++] = seen == 0 ? Double.NaN : decaying[i];
      }
      if (model != null) {
        model.track(outlook.horizon(), quantile);
        double q =
            model.observations() == 0 ? Double.NaN : model.quantile(outlook.horizon(), quantile);
        bases[b] = Double.isFinite(q) && q >= 0 ? q : Double.NaN;
      }
    }

    private String baseName(int b) {
      if (b == 0) {
        return "last";
      }
      if (b <= peaks.length) {
        return "peak-" + human(settings.windows().get(b - 1));
      }
      if (b <= peaks.length + decays.length) {
        return "decaying-peak-" + human(settings.decays().get(b - 1 - peaks.length));
      }
      return model.name();
    }
  }

  private static String human(Duration d) {
    if (d.toDaysPart() > 0 && d.toHoursPart() == 0 && d.toMinutesPart() == 0) {
      return d.toDays() + "d";
    }
    if (d.toMinutes() % 60 == 0) {
      return d.toHours() + "h";
    }
    if (d.toSeconds() % 60 == 0) {
      return d.toMinutes() + "m";
    }
    return d.toSeconds() + "s";
  }
}
