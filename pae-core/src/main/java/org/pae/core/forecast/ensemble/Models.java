package org.pae.core.forecast.ensemble;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.pae.core.config.SettingsSource;
import org.pae.core.forecast.Forecaster;
import org.pae.core.forecast.ForecasterFactory;
import org.pae.core.forecast.ForecasterRegistry;
import org.pae.core.forecast.SeriesSpec;
import org.pae.core.forecast.arima.Arima;
import org.pae.core.forecast.arima.ArimaPredictor;
import org.pae.core.forecast.ets.Ets;
import org.pae.core.forecast.ets.EtsKind;
import org.pae.core.forecast.ets.EtsPredictor;
import org.pae.core.forecast.online.Fitter;
import org.pae.core.forecast.online.NaivePredictor;
import org.pae.core.forecast.online.OnlineForecaster;
import org.pae.core.forecast.online.OnlineForecaster.Member;
import org.pae.core.forecast.online.Predictor;
import org.pae.core.forecast.season.SeasonalNaivePredictor;
import org.pae.core.forecast.season.SeasonalProfilePredictor;
import org.pae.core.model.SeriesKey;

/**
 * The fitted models PAE registers by name, each run online by {@link OnlineForecaster}, and the
 * ensemble that picks among them per series and horizon. Their parameters and defaults are
 * documented in {@code pae-defaults.properties}.
 */
public final class Models {
  private Models() {}

  public static final String NAIVE = "naive";
  public static final String SEASONAL_NAIVE = "seasonal-naive";
  public static final String PROFILE = "profile";
  public static final String ARIMA = "arima";
  public static final String ETS = "ets";
  public static final String HOLT_WINTERS = "holt-winters";
  public static final String ENSEMBLE = "ensemble";

  /**
   * The default of a fitted model's parameter, from the defaults file only: {@code
   * forecast.<owner>.<key>} where the file sets it, else the member's own ({@code
   * forecast.arima.max-p} for the ensemble's arima), else the ensemble's ({@code
   * forecast.ensemble.history}): every fitted model takes the parameters the file shows for the
   * ensemble under its own name.
   */
  public static String parameterDefault(String owner, String member, String key) {
    Map<String, String> d = SettingsSource.defaults();
    for (String m : List.of(owner, member, ENSEMBLE)) {
      String k = "forecast." + m + "." + key;
      if (d.containsKey(k)) {
        return d.get(k);
      }
    }
    return SettingsSource.defaultOf("forecast." + owner + "." + key);
  }

  private static final Set<String> COMMON =
      Set.of("history", "refit-every", "reselect-every", "calibration-rate", "max-period");

  /** Registers naive, seasonal-naive, profile, arima, ets, holt-winters and ensemble. */
  public static void register(ForecasterRegistry r) {
    for (String model : List.of(NAIVE, SEASONAL_NAIVE, PROFILE, ARIMA, ETS, HOLT_WINTERS)) {
      r.register(model, description(model), params -> factory(model, List.of(model), params));
    }
    r.register(
        ENSEMBLE,
        "per horizon and level, the fitted model whose calibrated loss is lowest",
        params -> {
          String list =
              params.getOrDefault("models", parameterDefault(ENSEMBLE, ENSEMBLE, "models"));
          List<String> names = new ArrayList<>();
          for (String n : list.split(",")) {
            if (!n.isBlank()) {
              names.add(n.trim());
            }
          }
          return factory(ENSEMBLE, names, params);
        });
  }

  private static String description(String model) {
    return switch (model) {
      case NAIVE -> "the last sample with its step errors' spread";
      case SEASONAL_NAIVE -> "the sample one detected period ago";
      case PROFILE -> "the median of the same slot in past periods";
      case ARIMA -> "auto ARIMA refitted on the recent history";
      case ETS -> "exponential smoothing (error, trend, season) chosen by AICc";
      default -> "Holt-Winters with a detected or given season";
    };
  }

  private static ForecasterFactory factory(
      String name, List<String> models, Map<String, String> params) {
    Set<String> allowed = new TreeSet<>(COMMON);
    Map<String, String> all = new HashMap<>();
    for (String m : models) {
      allowed.addAll(parameters(m));
    }
    if (name.equals(ENSEMBLE)) {
      allowed.add("models");
      allowed.add("hysteresis");
    }
    for (String key : params.keySet()) {
      if (!allowed.contains(key)) {
        throw new IllegalArgumentException(
            "unknown parameter forecast." + name + "." + key + "; allowed: " + allowed);
      }
    }
    all.putAll(params);
    if (models.isEmpty()) {
      throw new IllegalArgumentException("forecast." + name + ".models names no model");
    }
    List<Member> members = new ArrayList<>();
    for (String m : models) {
      members.add(member(m, all, name));
    }
    OnlineForecaster.Config config =
        new OnlineForecaster.Config(
            integer(all, name, name, "history"),
            integer(all, name, name, "refit-every"),
            integer(all, name, name, "reselect-every"),
            0,
            number(all, name, "calibration-rate"),
            number(all, name, "hysteresis"),
            integer(all, name, name, "max-period"));
    return new Online(name, List.copyOf(members), config);
  }

  /**
   * Makes each series' {@link OnlineForecaster}, keeping its refit history or reading it from the
   * specification's past source.
   */
  private record Online(String name, List<Member> members, OnlineForecaster.Config config)
      implements ForecasterFactory {
    @Override
    public Forecaster create(SeriesSpec spec) {
      SeriesKey series = spec.key();
      OnlineForecaster.Config c = config.withPhase(series.hashCode());
      return spec.past().isEmpty()
          ? new OnlineForecaster(name, members, c)
          : new OnlineForecaster(name, members, c, series, spec.past().get());
    }
  }

  private static Set<String> parameters(String model) {
    return switch (model) {
      case ARIMA -> Set.of("max-p", "max-q");
      case HOLT_WINTERS -> Set.of("seasonality");
      case NAIVE, SEASONAL_NAIVE, PROFILE, ETS -> Set.of();
      default ->
          throw new IllegalArgumentException(
              "no model '"
                  + model
                  + "' to run online; known: "
                  + String.join(", ", NAIVE, SEASONAL_NAIVE, PROFILE, ARIMA, ETS, HOLT_WINTERS));
    };
  }

  private static Member member(String model, Map<String, String> p, String owner) {
    return switch (model) {
      case NAIVE -> new Member(NAIVE, (y, period, day) -> NaivePredictor.fit(y), 3);
      case SEASONAL_NAIVE ->
          new Member(
              SEASONAL_NAIVE,
              (y, period, day) ->
                  day > 0 && y.length > day
                      ? new SeasonalNaivePredictor(day, y)
                      : NaivePredictor.fit(y),
              3);
      case PROFILE ->
          new Member(
              PROFILE,
              (y, period, day) -> {
                int m = period > day && y.length >= 2 * period ? period : day;
                return m > 1 && y.length >= 2 * m
                    ? new SeasonalProfilePredictor(m, y)
                    : NaivePredictor.fit(y);
              },
              3);
      case ARIMA -> {
        int maxP = integer(p, owner, ARIMA, "max-p");
        int maxQ = integer(p, owner, ARIMA, "max-q");
        if (maxP < 0 || maxP > 5 || maxQ < 0 || maxQ > 5) {
          throw new IllegalArgumentException(
              "forecast." + owner + ".max-p and max-q must lie in 0..5: " + maxP + ", " + maxQ);
        }
        yield new Member(
            ARIMA,
            refitting(
                ArimaPredictor.class,
                (y, period, day) -> Arima.auto(y, period, maxP, maxQ).predictor(y),
                (y, period, day, a) -> Arima.refit(y, period, maxP, maxQ, a.model()).predictor(y)),
            24);
      }
      case ETS -> {
        yield new Member(
            ETS,
            refitting(
                EtsPredictor.class,
                (y, period, day) -> Ets.auto(y, period).end(),
                (y, period, day, e) -> Ets.refit(y, period, e).end()),
            12);
      }
      case HOLT_WINTERS -> {
        String s =
            p.getOrDefault("seasonality", parameterDefault(owner, HOLT_WINTERS, "seasonality"));
        EtsKind kind =
            switch (s) {
              case "additive" -> EtsKind.ADDITIVE;
              case "multiplicative" -> EtsKind.MULTIPLICATIVE;
              default ->
                  throw new IllegalArgumentException(
                      "forecast."
                          + owner
                          + ".seasonality = "
                          + s
                          + "; allowed: additive, multiplicative");
            };
        Refitter<EtsPredictor> hw =
            (y, period, day, from) -> {
              int m = period > 0 ? period : day;
              boolean positive = kind == EtsKind.ADDITIVE || min(y) > 0;
              return m > 1 && y.length >= 2 * m && positive
                  ? Ets.fit(y, kind, m, from).end()
                  : Ets.fit(y, EtsKind.DAMPED, 0, from).end();
            };
        yield new Member(
            HOLT_WINTERS,
            refitting(EtsPredictor.class, (y, period, day) -> hw.refit(y, period, day, null), hw),
            12);
      }
      default -> throw new IllegalArgumentException("no model '" + model + "'");
    };
  }

  /** A refit from a previous predictor of one kind, as a lambda. */
  @FunctionalInterface
  private interface Refitter<P extends Predictor> {
    Predictor refit(double[] history, int period, int day, P previous);
  }

  /**
   * A fitter whose full fits are {@code full} and whose refits are {@code warm}, from a previous
   * predictor of {@code kind}; a previous predictor of another kind (a fallback for short history)
   * gives a full fit.
   */
  private static <P extends Predictor> Fitter refitting(
      Class<P> kind, Fitter full, Refitter<P> warm) {
    return new Fitter() {
      @Override
      public Predictor fit(double[] history, int period, int day) {
        return full.fit(history, period, day);
      }

      @Override
      public Predictor refit(double[] history, int period, int day, Predictor previous) {
        return kind.isInstance(previous)
            ? warm.refit(history, period, day, kind.cast(previous))
            : full.fit(history, period, day);
      }
    };
  }

  private static double min(double[] y) {
    double m = Double.POSITIVE_INFINITY;
    for (double v : y) {
      m = Math.min(m, v);
    }
    return m;
  }

  private static int integer(Map<String, String> p, String owner, String member, String key) {
    String v = p.getOrDefault(key, parameterDefault(owner, member, key));
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "forecast." + owner + "." + key + " = '" + v + "' is not a whole number", e);
    }
  }

  private static double number(Map<String, String> p, String owner, String key) {
    String v = p.getOrDefault(key, parameterDefault(owner, owner, key));
    try {
      return Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "forecast." + owner + "." + key + " = '" + v + "' is not a number", e);
    }
  }
}
