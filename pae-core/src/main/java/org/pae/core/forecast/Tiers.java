package org.pae.core.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pae.core.config.SettingsSource;

/**
 * Multi-tier forecasting: several models of one series (the short-term fitted ensemble, the global
 * LSTM, the long-term collaborative-filtering profile), and per horizon the one whose measured
 * pinball loss there is lowest. Each horizon asked keeps its own score: forecasts made at a horizon
 * are kept until their target time passes, then scored against the sample that arrives, as an
 * exponentially weighted mean. Another model replaces the chosen one at a horizon when its loss is
 * lower by the hysteresis share. A model that cannot answer yet ({@code NaN}) is passed over. Its
 * name is {@code tiers/<model chosen at the horizon last asked>}.
 *
 * <p>Members' forecasts are taken when the loop asks (after every series has observed), never while
 * observing, so a model that batches a tick across series still batches.
 */
public final class Tiers implements Forecaster {
  public static final String NAME = "tiers";

  /** The most horizons scored per series (beyond them the first-listed model answers). */
  public static final int MAX_HORIZONS = 4;

  /** Forecasts kept per horizon awaiting their outcome: one per horizon/this of time. */
  static final int RECORDS = 32;

  private final Forecaster[] members;
  private final double rate;
  private final double hysteresis;
  private final long[] horizons = new long[MAX_HORIZONS];
  private final double[][] loss = new double[MAX_HORIZONS][];
  private final int[] chosen = new int[MAX_HORIZONS];
  private final List<ArrayDeque<Made>> waiting = new ArrayList<>();
  private int horizonCount;
  private int lastChosen;
  private long lastMillis;
  private long n;

  private record Made(long madeMillis, long targetMillis, double q, double[] predicted) {}

  /**
   * @param members the models, the default first
   * @param rate weight of the newest scored forecast in a model's loss, in (0, 1]
   * @param hysteresis the share by which another model must be better to be chosen, in [0, 1)
   */
  public Tiers(List<Forecaster> members, double rate, double hysteresis) {
    if (members.isEmpty()) {
      throw new IllegalArgumentException("tiers need at least one model");
    }
    check(rate, hysteresis);
    this.members = members.toArray(Forecaster[]::new);
    this.rate = rate;
    this.hysteresis = hysteresis;
  }

  /**
   * The registry entry: {@code models} (comma-separated names of registered models, the default
   * first), {@code rate}, {@code hysteresis}; any {@code <model>.<key>} parameter is passed to that
   * member as {@code <key>}.
   */
  public static ForecasterFactory factory(ForecasterRegistry registry, Map<String, String> params) {
    String list = params.getOrDefault("models", SettingsSource.defaultOf("forecast.tiers.models"));
    double rate = number(params, "rate");
    double hysteresis = number(params, "hysteresis");
    List<String> names = new ArrayList<>();
    for (String m : list.split(",")) {
      if (!m.isBlank()) {
        names.add(m.trim());
      }
    }
    if (names.isEmpty() || names.contains(NAME)) {
      throw new IllegalArgumentException(
          "forecast.tiers.models must name one or more models other than tiers: " + list);
    }
    for (String key : params.keySet()) {
      int dot = key.indexOf('.');
      boolean own = key.equals("models") || key.equals("rate") || key.equals("hysteresis");
      if (!own && (dot < 0 || !names.contains(key.substring(0, dot)))) {
        throw new IllegalArgumentException(
            "unknown parameter forecast.tiers."
                + key
                + "; allowed: models, rate, hysteresis, <member>.<key> for a member in "
                + names);
      }
    }
    List<ForecasterFactory> factories = new ArrayList<>();
    for (String m : names) {
      Map<String, String> own = new HashMap<>();
      params.forEach(
          (k, v) -> {
            if (k.startsWith(m + ".")) {
              own.put(k.substring(m.length() + 1), v);
            }
          });
      factories.add(registry.factory(m, own));
    }
    check(rate, hysteresis);
    return new Factory(List.copyOf(factories), rate, hysteresis);
  }

  /** Makes each series' tiers, every member from the same specification. */
  private record Factory(List<ForecasterFactory> members, double rate, double hysteresis)
      implements ForecasterFactory {
    @Override
    public Forecaster create(SeriesSpec spec) {
      List<Forecaster> f = new ArrayList<>();
      members.forEach(x -> f.add(x.create(spec)));
      return new Tiers(f, rate, hysteresis);
    }

    @Override
    public List<Learner> learners() {
      return members.stream().flatMap(x -> x.learners().stream()).toList();
    }
  }

  private static void check(double rate, double hysteresis) {
    if (!(rate > 0 && rate <= 1) || !(hysteresis >= 0 && hysteresis < 1)) {
      throw new IllegalArgumentException(
          "forecast.tiers.rate must lie in (0, 1] and hysteresis in [0, 1): "
              + rate
              + ", "
              + hysteresis);
    }
  }

  private static double number(Map<String, String> p, String key) {
    String v = p.getOrDefault(key, SettingsSource.defaultOf("forecast.tiers." + key));
    try {
      return Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "forecast.tiers." + key + " = '" + v + "' is not a number", e);
    }
  }

  @Override
  public String name() {
    return NAME + "/" + members[lastChosen].name();
  }

  @Override
  public void observe(Instant time, double value) {
    for (Forecaster m : members) {
      m.observe(time, value);
    }
    long t = time.toEpochMilli();
    for (int j = 0; j < horizonCount; j++) {
      ArrayDeque<Made> queue = waiting.get(j);
      while (!queue.isEmpty() && queue.peekFirst().targetMillis() <= t) {
        score(j, queue.pollFirst(), value);
      }
      choose(j);
    }
    lastMillis = t;
    n++;
  }

  private void score(int j, Made made, double actual) {
    for (int i = 0; i < members.length; i++) {
      double p = made.predicted()[i];
      if (Double.isNaN(p)) {
        continue;
      }
      double d = actual - p;
      double l = Math.max(made.q() * d, (made.q() - 1) * d);
      loss[j][i] = Double.isNaN(loss[j][i]) ? l : loss[j][i] + rate * (l - loss[j][i]);
    }
  }

  private void choose(int j) {
    int current = chosen[j];
    double currentLoss = loss[j][current];
    int best = current;
    double bestLoss = currentLoss;
    for (int i = 0; i < members.length; i++) {
      double l = loss[j][i];
      if (!Double.isNaN(l) && (Double.isNaN(bestLoss) || l < bestLoss)) {
        best = i;
        bestLoss = l;
      }
    }
    if (best != current
        && (Double.isNaN(currentLoss) || bestLoss < (1 - hysteresis) * currentLoss)) {
      chosen[j] = best;
    }
  }

  @Override
  public long observations() {
    return n;
  }

  /** The model chosen at {@code horizon}, by its name; the first model before any is scored. */
  public String chosen(Duration horizon) {
    int j = index(horizon.toMillis(), false);
    return members[j < 0 ? 0 : chosen[j]].name();
  }

  private int index(long h, boolean add) {
    for (int j = 0; j < horizonCount; j++) {
      if (horizons[j] == h) {
        return j;
      }
    }
    if (!add || horizonCount == MAX_HORIZONS) {
      return -1;
    }
    horizons[horizonCount] = h;
    loss[horizonCount] = new double[members.length];
    Arrays.fill(loss[horizonCount], Double.NaN);
    waiting.add(new ArrayDeque<>());
    return horizonCount++;
  }

  /**
   * Scores the members at the pair from now on: records what each forecasts now (at most {@value
   * #RECORDS} times per horizon's length) to score them when the target time comes, and tracks the
   * pair in the members it would be read from.
   */
  @Override
  public void track(Duration horizon, double q) {
    if (n == 0) {
      return;
    }
    long h = horizon.toMillis();
    int j = index(h, true);
    int pick = j < 0 ? 0 : chosen[j];
    if (j >= 0) {
      ArrayDeque<Made> queue = waiting.get(j);
      Made newest = queue.peekLast();
      if (newest == null || lastMillis - newest.madeMillis() >= Math.max(1, h / RECORDS)) {
        double[] predicted = new double[members.length];
        for (int i = 0; i < members.length; i++) {
          members[i].track(horizon, q);
          predicted[i] = members[i].quantile(horizon, q);
        }
        queue.addLast(new Made(lastMillis, lastMillis + h, q, predicted));
        if (!Double.isNaN(predicted[pick])) {
          return;
        }
      }
    }
    for (int k = 0; k < members.length; k++) {
      int i = k == 0 ? pick : (k <= pick ? k - 1 : k);
      members[i].track(horizon, q);
      if (!Double.isNaN(members[i].quantile(horizon, q))) {
        return;
      }
    }
  }

  /** The chosen member's quantile, or the next member's while it has none. */
  @Override
  public double quantile(Duration horizon, double q) {
    if (n == 0) {
      return Double.NaN;
    }
    int j = index(horizon.toMillis(), false);
    int pick = j < 0 ? 0 : chosen[j];
    for (int k = 0; k < members.length; k++) {
      int i = k == 0 ? pick : (k <= pick ? k - 1 : k);
      double v = members[i].quantile(horizon, q);
      if (!Double.isNaN(v)) {
        lastChosen = i;
        return v;
      }
    }
    lastChosen = pick;
    return Double.NaN;
  }
}
