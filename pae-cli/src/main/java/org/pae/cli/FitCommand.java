package org.pae.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.pae.core.forecast.arima.Arima;
import org.pae.core.forecast.arima.ArimaModel;
import org.pae.core.forecast.arima.ArimaOrder;
import org.pae.core.forecast.arima.ArimaPredictor;
import org.pae.core.forecast.ets.Ets;
import org.pae.core.forecast.ets.EtsKind;
import org.pae.core.forecast.online.Predictor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pae fit}: fits one model to one series and prints its coefficients and forecasts as JSON,
 * for comparison with other implementations (tools/statsmodels_check.py).
 */
@Command(
    name = "fit",
    mixinStandardHelpOptions = true,
    description =
        "Fit one model to a series (one number per line) and print its coefficients and its"
            + " forecast mean and standard deviation per horizon as JSON.")
final class FitCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", description = "the series: one number per line, oldest first")
  Path file;

  /** The models {@code --model} takes. */
  static final List<String> MODELS =
      List.of("arima", "arima-auto", "simple", "damped", "additive", "multiplicative", "ets-auto");

  @Option(
      names = "--model",
      defaultValue = "arima",
      description = "arima, arima-auto, simple, damped, additive, multiplicative or ets-auto")
  String model;

  @Option(names = "--order", defaultValue = "1,0,0", description = "p,d,q for --model arima")
  String order;

  @Option(names = "--period", defaultValue = "0", description = "seasonal period in steps")
  int period;

  @Option(names = "--horizon", defaultValue = "12", description = "steps to forecast")
  int horizon;

  @Override
  public Integer call() throws IOException {
    if (!MODELS.contains(model)) {
      throw new IllegalArgumentException(
          "unknown model '" + model + "'; --model takes one of " + String.join(", ", MODELS));
    }
    double[] y = series(Files.readAllLines(file));
    PrintWriter out = spec.commandLine().getOut();
    StringBuilder json = new StringBuilder("{");
    Predictor p;
    switch (model) {
      case "arima", "arima-auto" -> {
        ArimaModel m;
        if (model.equals("arima")) {
          int[] o = order();
          int seasonalD = period > 1 ? 1 : 0;
          m =
              Arima.fit(
                  y, new ArimaOrder(o[0], o[1], o[2], seasonalD, seasonalD == 1 ? period : 0));
        } else {
          m = Arima.auto(y, period, 2, 2);
        }
        ArimaPredictor a = m.predictor(y);
        p = a;
        json.append("\"order\":\"").append(m.order()).append('"');
        json.append(",\"phi\":").append(array(m.phi()));
        json.append(",\"theta\":").append(array(m.theta()));
        json.append(",\"seasonal_theta\":").append(num(m.seasonalTheta()));
        json.append(",\"mean\":").append(num(m.mean()));
        json.append(",\"sigma2\":").append(num(m.sigma2()));
      }
      default -> {
        Ets.Fit f =
            model.equals("ets-auto")
                ? Ets.auto(y, period)
                : Ets.fit(y, EtsKind.valueOf(model.toUpperCase(Locale.ROOT)), period);
        p = f.end();
        json.append("\"kind\":\"").append(f.kind()).append('"');
        json.append(",\"params\":").append(array(f.params()));
        json.append(",\"sigma2\":").append(num(f.sigma2()));
      }
    }
    double[] mean = new double[horizon];
    double[] sd = new double[horizon];
    for (int h = 1; h <= horizon; h++) {
      mean[h - 1] = p.mean(h);
      sd[h - 1] = Math.sqrt(p.variance(h));
    }
    json.append(",\"forecast\":").append(array(mean));
    json.append(",\"sd\":").append(array(sd)).append('}');
    out.println(json);
    out.flush();
    return 0;
  }

  /** The series, one number per line (blank lines skipped); a line that is not one is named. */
  private double[] series(List<String> lines) {
    List<Double> values = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).trim();
      if (line.isEmpty()) {
        continue;
      }
      try {
        values.add(Double.parseDouble(line));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            file
                + ":"
                + (i + 1)
                + ": '"
                + line
                + "' is not a number; the series is one number per"
                + " line, oldest first",
            e);
      }
    }
    if (values.size() < 3) {
      throw new IllegalArgumentException(
          file + " holds " + values.size() + " number(s); a fit needs at least 3, one per line");
    }
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** {@code --order p,d,q}: three whole numbers, none negative. */
  private int[] order() {
    String[] o = order.split(",");
    int[] pdq = new int[3];
    boolean ok = o.length == 3;
    for (int i = 0; ok && i < 3; i++) {
      try {
        pdq[i] = Integer.parseInt(o[i].trim());
        ok = pdq[i] >= 0;
      } catch (NumberFormatException e) {
        ok = false;
      }
    }
    if (!ok) {
      throw new IllegalArgumentException(
          "--order takes p,d,q, three whole numbers 0 or more (e.g. 2,1,1); got '" + order + "'");
    }
    return pdq;
  }

  private static String num(double v) {
    return Double.isFinite(v) ? Double.toString(v) : "null";
  }

  private static String array(double[] a) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < a.length; i++) {
      b.append(i > 0 ? "," : "").append(num(a[i]));
    }
    return b.append(']').toString();
  }
}
