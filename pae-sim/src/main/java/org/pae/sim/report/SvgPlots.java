package org.pae.sim.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pae.core.model.Resource;
import org.pae.sim.replay.Figures;
import org.pae.sim.replay.Trajectory;
import org.pae.sim.trace.Unit;

/**
 * Plots as plain SVG, written directly (no plotting dependency): the frontier (footprint against
 * short_rate on log axes, one point per policy and swept value, one panel per resource; lower left
 * is better; the point's size and label give its changes per VM-day, the third dimension) and, per
 * chosen workload, usage, the forecast band and every policy's allocation over time with dated
 * ticks and values in their units.
 */
public final class SvgPlots {
  /** Policy colours, far apart in hue; PAE's rows take the first ones. */
  private static final String[] COLOURS = {
    "#d62728", "#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
    "#bcbd22", "#7f7f7f"
  };

  /** Dash patterns, cycled with the colours so that two lines never look alike. */
  private static final String[] DASHES = {"", "6,3", "2,2", "8,3,2,3"};

  private static final String[] PAE_COLOURS = {"#d62728", "#1f77b4", "#e377c2", "#8c564b"};
  private static final String BAND = "#c6dbef";
  private static final int PANEL_W = 560;
  private static final int PANEL_H = 440;
  private static final int LEFT = 70;
  private static final int TOP = 50;
  private static final int PLOT_W = PANEL_W - LEFT - 25;
  private static final int PLOT_H = PANEL_H - TOP - 60;
  private static final double CHAR_W = 5.6;
  private static final int LONG_NAME = 28;
  private static final double ZERO_STRIP = 50;

  private SvgPlots() {}

  /**
   * The frontier plot: one panel per resource, x = short_rate (%) and y = footprint, both on log
   * scales, and chg_day as the point's size (its radius grows with the logarithm) and in its label,
   * so that the baselines' cluster near the lower left stays readable beside {@code provisioned} at
   * 1.0; a short_rate of 0 sits on the left edge, marked "0". Labels are placed where they overlap
   * no other label or point.
   */
  public static String frontier(List<Figures> figures, String title) {
    Map<Resource, List<Figures>> byResource = new LinkedHashMap<>();
    for (Figures f : figures) {
      byResource.computeIfAbsent(f.resource(), r -> new ArrayList<>()).add(f);
    }
    List<String> policies = policyOrder(figures);
    Map<String, String> names = pointNames(policies);
    List<String> keyed = policies.stream().filter(p -> !names.get(p).equals(p)).toList();
    int w = PANEL_W * Math.max(1, byResource.size());
    int h = PANEL_H + 10 + (keyed.isEmpty() ? 0 : 14 * keyed.size() + 6);
    StringBuilder s = header(w, h);
    s.append(text(w / 2.0, 22, title, "middle", 14, "bold"));
    int panel = 0;
    for (Map.Entry<Resource, List<Figures>> e : byResource.entrySet()) {
      frontierPanel(s, panel * PANEL_W, e.getKey(), e.getValue(), policies, names);
      panel++;
    }
    for (int k = 0; k < keyed.size(); k++) {
      String p = keyed.get(k);
      s.append(
          text(LEFT, PANEL_H + 14.0 * (k + 1), names.get(p) + " = " + p, "start", 10, "normal"));
    }
    return s.append("</svg>\n").toString();
  }

  /**
   * The name a point carries: the policy's own, or for a name longer than {@link #LONG_NAME}
   * characters (a policy with its settings) its base and a number, spelled out under the plot,
   * since such labels cannot be placed apart in a panel.
   */
  static Map<String, String> pointNames(List<String> policies) {
    Map<String, String> names = new LinkedHashMap<>();
    int n = 0;
    for (String p : policies) {
      int bracket = p.indexOf('[');
      names.put(
          p,
          p.length() <= LONG_NAME ? p : (bracket > 0 ? p.substring(0, bracket) : "") + " #" + ++n);
    }
    return names;
  }

  private static void frontierPanel(
      StringBuilder s,
      double ox,
      Resource resource,
      List<Figures> rows,
      List<String> policies,
      Map<String, String> names) {
    double minRate = Double.POSITIVE_INFINITY;
    double maxRate = 0;
    double minFoot = Double.POSITIVE_INFINITY;
    double maxFoot = 0;
    for (Figures f : rows) {
      double rate = f.shortRate() * 100;
      if (rate > 0) {
        minRate = Math.min(minRate, rate);
        maxRate = Math.max(maxRate, rate);
      }
      if (f.footprint() > 0) {
        minFoot = Math.min(minFoot, f.footprint());
        maxFoot = Math.max(maxFoot, f.footprint());
      }
    }
    LogAxis x = LogAxis.of(minRate, maxRate);
    LogAxis y = LogAxis.of(minFoot, maxFoot);
    boolean zero = rows.stream().anyMatch(f -> f.shortRate() == 0);
    double x0 = ox + LEFT;
    double y0 = TOP + PLOT_H;
    // a short_rate of 0 has no place on a log axis: such points sit in a strip left of it
    double gap = zero ? ZERO_STRIP : 0;
    double logW = PLOT_W - gap;
    s.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%.1f\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>%n",
            x0,
            TOP,
            PLOT_W,
            PLOT_H));
    for (double t : x.ticks()) {
      double px = x0 + gap + x.at(t) * logW;
      s.append(grid(px, TOP, px, y0));
      s.append(text(px, y0 + 14, fmt(t) + " %", "middle", 10, "normal"));
    }
    for (double t : y.ticks()) {
      double py = y0 - y.at(t) * PLOT_H;
      s.append(grid(x0, py, x0 + PLOT_W, py));
      s.append(text(x0 - 5, py + 3, fmt(t), "end", 10, "normal"));
    }
    if (zero) {
      s.append(text(x0 + gap / 2, y0 + 14, "0", "middle", 10, "normal"));
      s.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#999\""
                  + " stroke-dasharray=\"3,3\"/>%n",
              x0 + gap,
              TOP,
              x0 + gap,
              y0));
    }
    s.append(text(x0 + PLOT_W / 2.0, TOP - 8, resource.key(), "middle", 13, "bold"));
    s.append(
        text(
            x0 + PLOT_W / 2.0,
            y0 + 40,
            "short_rate: share of workload-steps with usage > allocation (log)",
            "middle",
            11,
            "normal"));
    s.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\""
                + " font-family=\"sans-serif\" transform=\"rotate(-90 %.1f %.1f)\">%s</text>%n",
            ox + 16,
            TOP + PLOT_H / 2.0,
            ox + 16,
            TOP + PLOT_H / 2.0,
            esc("footprint: allocation / provisioned (log)")));
    better(s, x0, y0);
    Labels labels = new Labels(x0, TOP, x0 + PLOT_W, y0);
    labels.avoid(x0 + PLOT_W - 100, y0 - 64, x0 + PLOT_W, y0 - 26);
    List<double[]> points = new ArrayList<>();
    for (Figures f : rows) {
      double px = f.shortRate() > 0 ? x0 + gap + x.at(f.shortRate() * 100) * logW : x0 + gap / 2;
      double py = y0 - y.at(f.footprint()) * PLOT_H;
      double r = churnRadius(f.chgDay()) + (isPae(f.policy()) ? 2 : 0);
      points.add(new double[] {px, py, r});
      labels.avoid(px - r, py - r, px + r, py + r);
    }
    for (int i = 0; i < rows.size(); i++) {
      Figures f = rows.get(i);
      double px = points.get(i)[0];
      double py = points.get(i)[1];
      boolean pae = isPae(f.policy());
      String c = style(policies, f.policy())[0];
      s.append(
          String.format(
              Locale.ROOT,
              "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\" stroke=\"%s\"><title>%s:"
                  + " footprint %.3f, short_rate %.3f %%, chg_day %.2f</title></circle>%n",
              px,
              py,
              points.get(i)[2],
              c,
              pae ? "#000" : "none",
              esc(f.policy()),
              f.footprint(),
              f.shortRate() * 100,
              f.chgDay()));
      String label =
          String.format(
              Locale.ROOT,
              f.chgDay() < 10 ? "%s (%.2f/day)" : "%s (%.0f/day)",
              names.get(f.policy()),
              f.chgDay());
      // bold glyphs run about a tenth wider than the regular ones CHAR_W measures
      double width = label.length() * CHAR_W * (pae ? 1.1 : 1);
      double[] at = labels.place(px, py, width, 11);
      if (at[2] > 0) {
        double lx = Math.max(at[0], Math.min(px, at[0] + width));
        s.append(
            String.format(
                Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#aaa\"/>%n",
                px,
                py,
                lx,
                at[1] + (at[1] < py ? 2 : -9)));
      }
      s.append(text(at[0], at[1], label, "start", 10, pae ? "bold" : "normal"));
    }
  }

  /** A point's radius: its changes per VM-day, the frontier's third dimension, on a log scale. */
  private static double churnRadius(double chgDay) {
    return 3 + 3 * Math.log10(1 + (Double.isFinite(chgDay) ? Math.max(0, chgDay) : 0));
  }

  /** An arrow toward the lower left, the better corner. */
  private static void better(StringBuilder s, double x0, double y0) {
    double bx = x0 + PLOT_W - 95;
    double by = y0 - 40;
    s.append(
        String.format(
            Locale.ROOT,
            "<g stroke=\"#555\" fill=\"#555\"><line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\""
                + " stroke-width=\"1.5\"/><polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f\"/></g>%n",
            bx + 18,
            by - 14,
            bx,
            by,
            bx - 3,
            by + 3,
            bx + 7,
            by + 1,
            bx + 1,
            by - 7));
    s.append(text(bx + 22, by - 14, "better:", "start", 10, "bold"));
    s.append(text(bx + 22, by - 3, "less allocated,", "start", 10, "normal"));
    s.append(text(bx + 22, by + 8, "fewer shortfalls", "start", 10, "normal"));
  }

  /**
   * One workload over time: per resource a panel with usage (black), the forecast band (shaded) and
   * each policy's allocation (coloured steps, dashed in turn), the time axis ticked per day and
   * every six hours, values in the trace's units scaled to be read (GiB, GHz, MB/s, %). The y axis
   * stops at twice the peak usage. Steps that share a pixel column are drawn as that column's
   * first, lowest, highest and last value, and an allocation only where it changes.
   */
  public static String trajectory(Trajectory t, String bandLabel) {
    List<Resource> resources = new ArrayList<>(t.usage().keySet());
    int w = 1000;
    int panelH = 230;
    int legendRows = (t.labels().size() + 2 + 2) / 3;
    int h = 50 + panelH * resources.size() + 20 * legendRows + 10;
    double pw = w - LEFT - 30;
    double ph = panelH - 50;
    StringBuilder s = header(w, h);
    long t0 = t.times()[0];
    long t1 = t.times()[t.times().length - 1];
    DateTimeFormatter day =
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
    s.append(
        text(
            w / 2.0,
            22,
            "workload "
                + t.workload()
                + ": "
                + day.format(Instant.ofEpochSecond(t0))
                + " to "
                + day.format(Instant.ofEpochSecond(t1))
                + " UTC",
            "middle",
            14,
            "bold"));
    double span = Math.max(1, t1 - t0);
    int row = 0;
    for (Resource r : resources) {
      double oy = 40 + row * panelH;
      double[] u = t.usage().get(r);
      double peak = 0;
      for (double v : u) {
        peak = Math.max(peak, Double.isNaN(v) ? 0 : v);
      }
      Scale scale = Scale.of(t.units().getOrDefault(r, Unit.ANY), peak * 2);
      double yMax = scale.top();
      s.append(
          String.format(
              Locale.ROOT,
              "<clipPath id=\"c%d\"><rect x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>"
                  + "</clipPath>%n",
              row,
              LEFT,
              oy,
              pw,
              ph));
      timeTicks(s, t0, t1, span, pw, oy, ph);
      for (double v : scale.ticks()) {
        double py = y(v, oy, ph, yMax);
        s.append(grid(LEFT, py, LEFT + pw, py));
        s.append(text(LEFT - 5, py + 3, scale.label(v), "end", 10, "normal"));
      }
      s.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\""
                  + " stroke=\"#999\"/>%n",
              LEFT,
              oy,
              pw,
              ph));
      s.append(text(LEFT + 6, oy + 14, r.key() + " (" + scale.unit() + ")", "start", 12, "bold"));
      String g = "<g clip-path=\"url(#c" + row + ")\">";
      s.append(g).append(band(t, r, t0, span, pw, ph, oy, yMax)).append("</g>\n");
      for (String label : t.labels()) {
        s.append(g)
            .append(
                steps(
                    t.times(),
                    t.allocation().get(label).get(r),
                    t0,
                    span,
                    pw,
                    ph,
                    oy,
                    yMax,
                    style(t.labels(), label)))
            .append("</g>\n");
      }
      s.append(g).append(usageLine(t.times(), u, t0, span, pw, ph, oy, yMax)).append("</g>\n");
      String above = aboveTheAxis(t, r, yMax, scale);
      if (!above.isEmpty()) {
        s.append(text(LEFT + pw - 6, oy + 14, "above the axis: " + above, "end", 11, "normal"));
      }
      row++;
    }
    double ly = 40 + resources.size() * panelH + 5;
    List<String[]> legend = new ArrayList<>();
    legend.add(new String[] {"#000", "", "usage"});
    legend.add(new String[] {BAND, "band", bandLabel});
    for (String label : t.labels()) {
      String[] st = style(t.labels(), label);
      legend.add(new String[] {st[0], st[1], label + " allocation"});
    }
    for (int k = 0; k < legend.size(); k++) {
      String[] item = legend.get(k);
      double lx = LEFT + (k % 3) * 310.0;
      double lyk = ly + (k / 3) * 20.0;
      if (item[1].equals("band")) {
        s.append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"22\" height=\"9\" fill=\"%s\"/>%n",
                lx,
                lyk - 7,
                BAND));
        s.append(text(lx + 27, lyk + 2, item[2], "start", 11, "normal"));
      } else {
        s.append(legendLine(lx, lyk, item[0], item[1], item[2]));
      }
    }
    return s.append("</svg>\n").toString();
  }

  /**
   * The allocations the panel cannot show whole because they rise above its axis (twice the peak
   * usage), each with its highest value: "provisioned ↑ 16 GiB". Empty when all fit.
   */
  private static String aboveTheAxis(Trajectory t, Resource r, double yMax, Scale scale) {
    List<String> out = new ArrayList<>();
    for (String label : t.labels()) {
      double[] a = t.allocation().get(label).get(r);
      double high = Double.NEGATIVE_INFINITY;
      for (double v : a == null ? new double[0] : a) {
        high = Double.isNaN(v) ? high : Math.max(high, v);
      }
      if (high > yMax) {
        out.add(label + " \u2191 " + scale.label(high) + " " + scale.unit());
      }
    }
    return String.join(", ", out);
  }

  /** Writes a plot; the folder is created. */
  public static void write(Path file, String svg) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, svg, StandardCharsets.UTF_8);
  }

  /** Day lines labelled with the date, and lighter lines every six hours. */
  private static void timeTicks(
      StringBuilder s, long t0, long t1, double span, double pw, double oy, double ph) {
    DateTimeFormatter date =
        DateTimeFormatter.ofPattern("MMM d", Locale.ROOT).withZone(ZoneOffset.UTC);
    long sixHours = 6 * 3600;
    long days = (t1 - t0) / 86_400;
    long every = days > 14 ? 7 * 86_400 : days > 7 ? 2 * 86_400 : 86_400;
    for (long tick = (t0 / sixHours + 1) * sixHours; tick <= t1; tick += sixHours) {
      double px = LEFT + (tick - t0) / span * pw;
      boolean midnight = tick % 86_400 == 0;
      if (midnight && (tick / 86_400) % (every / 86_400) == 0) {
        s.append(
            String.format(
                Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#bbb\"/>%n",
                px,
                oy,
                px,
                oy + ph + 4));
        s.append(
            text(
                px,
                oy + ph + 15,
                date.format(Instant.ofEpochSecond(tick)),
                "middle",
                10,
                "normal"));
      } else if (days <= 7) {
        s.append(grid(px, oy, px, oy + ph));
        if (days <= 3) {
          s.append(
              text(
                  px,
                  oy + ph + 15,
                  String.format(Locale.ROOT, "%02d:00", (tick % 86_400) / 3600),
                  "middle",
                  9,
                  "normal"));
        }
      }
    }
  }

  private static String band(
      Trajectory t,
      Resource r,
      long t0,
      double span,
      double pw,
      double ph,
      double oy,
      double yMax) {
    double[] lo = t.bandLow().get(r);
    double[] hi = t.bandHigh().get(r);
    // per pixel column, the band's widest extent
    int columns = (int) Math.round(pw) + 1;
    double[] colLo = new double[columns];
    double[] colHi = new double[columns];
    Arrays.fill(colLo, Double.NaN);
    Arrays.fill(colHi, Double.NaN);
    for (int i = 0; i < lo.length; i++) {
      if (Double.isNaN(lo[i]) || Double.isNaN(hi[i])) {
        continue;
      }
      int c = (int) Math.round((t.times()[i] - t0) / span * pw);
      colLo[c] = Double.isNaN(colLo[c]) ? lo[i] : Math.min(colLo[c], lo[i]);
      colHi[c] = Double.isNaN(colHi[c]) ? hi[i] : Math.max(colHi[c], hi[i]);
    }
    Path2 up = new Path2();
    Path2 down = new Path2();
    for (int c = 0; c < columns; c++) {
      if (!Double.isNaN(colHi[c])) {
        up.to(LEFT + c, y(colHi[c], oy, ph, yMax));
      }
      int back = columns - 1 - c;
      if (!Double.isNaN(colLo[back])) {
        down.to(LEFT + back, y(colLo[back], oy, ph, yMax));
      }
    }
    if (up.isEmpty()) {
      return "";
    }
    return "<polygon fill=\"" + BAND + "\" stroke=\"none\" points=\"" + up + down + "\"/>";
  }

  /**
   * Usage as a polyline. Many steps share a pixel column, so per column only its first, lowest,
   * highest and last values are drawn, each once.
   */
  private static String usageLine(
      long[] times,
      double[] v,
      long t0,
      double span,
      double pw,
      double ph,
      double oy,
      double yMax) {
    Path2 p = new Path2();
    long column = Long.MIN_VALUE;
    double first = Double.NaN;
    double low = Double.NaN;
    double high = Double.NaN;
    double last = Double.NaN;
    for (int i = 0; i <= v.length; i++) {
      long c = i < v.length ? Math.round((times[i] - t0) / span * pw) : Long.MAX_VALUE;
      if (c != column && column != Long.MIN_VALUE && !Double.isNaN(first)) {
        double x = LEFT + column;
        for (double value : new double[] {first, low, high, last}) {
          p.to(x, y(value, oy, ph, yMax));
        }
        first = Double.NaN;
      }
      if (i == v.length) {
        break;
      }
      column = c;
      if (Double.isNaN(v[i])) {
        continue;
      }
      if (Double.isNaN(first)) {
        first = v[i];
        low = v[i];
        high = v[i];
      }
      low = Math.min(low, v[i]);
      high = Math.max(high, v[i]);
      last = v[i];
    }
    return "<polyline fill=\"none\" stroke=\"#000\" stroke-width=\"1.2\" points=\"" + p + "\"/>";
  }

  /** An allocation as steps: a point only where it changes, and at both ends. */
  private static String steps(
      long[] times,
      double[] v,
      long t0,
      double span,
      double pw,
      double ph,
      double oy,
      double yMax,
      String[] style) {
    Path2 p = new Path2();
    double lastY = Double.NaN;
    double lastX = Double.NaN;
    for (int i = 0; i < v.length; i++) {
      if (Double.isNaN(v[i])) {
        continue;
      }
      double x = LEFT + (times[i] - t0) / span * pw;
      double y = y(v[i], oy, ph, yMax);
      if (Double.isNaN(lastY)) {
        p.to(x, y);
      } else if (Math.abs(y - lastY) >= 0.05) {
        p.to(x, lastY);
        p.to(x, y);
      }
      lastY = y;
      lastX = x;
    }
    if (!Double.isNaN(lastX)) {
      p.to(LEFT + pw, lastY);
    }
    return "<polyline fill=\"none\" stroke=\""
        + style[0]
        + "\" stroke-width=\""
        + style[2]
        + "\""
        + (style[1].isEmpty() ? "" : " stroke-dasharray=\"" + style[1] + "\"")
        + " points=\""
        + p
        + "\"/>";
  }

  /** Points of a polyline, each written once with one decimal, consecutive repeats dropped. */
  private static final class Path2 {
    private final StringBuilder b = new StringBuilder();
    private String last = "";

    void to(double x, double y) {
      String point = String.format(Locale.ROOT, "%.1f,%.1f ", x, y);
      if (!point.equals(last)) {
        b.append(point);
        last = point;
      }
    }

    boolean isEmpty() {
      return b.isEmpty();
    }

    @Override
    public String toString() {
      return b.toString();
    }
  }

  private static double y(double v, double oy, double ph, double yMax) {
    return oy + ph - Math.min(v, yMax * 1.05) / yMax * ph;
  }

  private static String legendLine(double x, double y, String colour, String dash, String label) {
    return String.format(
            Locale.ROOT,
            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\"%s/>%n",
            x,
            y - 2,
            x + 22,
            y - 2,
            colour,
            dash.isEmpty() ? "" : " stroke-dasharray=\"" + dash + "\"")
        + text(x + 27, y + 2, label, "start", 11, "normal");
  }

  private static String grid(double x1, double y1, double x2, double y2) {
    return String.format(
        Locale.ROOT,
        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>%n",
        x1,
        y1,
        x2,
        y2);
  }

  private static List<String> policyOrder(List<Figures> figures) {
    List<String> policies = new ArrayList<>();
    figures.forEach(
        f -> {
          if (!policies.contains(f.policy())) {
            policies.add(f.policy());
          }
        });
    return policies;
  }

  /**
   * How a policy's allocation is drawn: {colour, dash pattern, width}. PAE's rows solid and wider
   * in the strong colours; the baselines each in their own colour and dash, provisioned grey.
   */
  private static String[] style(List<String> labels, String label) {
    if (isPae(label)) {
      List<String> pae = labels.stream().filter(SvgPlots::isPae).toList();
      return new String[] {PAE_COLOURS[pae.indexOf(label) % PAE_COLOURS.length], "", "1.8"};
    }
    return switch (label.replaceAll("\\[.*", "")) {
      case "provisioned" -> new String[] {"#7f7f7f", "8,4", "1.3"};
      case "reactive" -> new String[] {"#ff7f0e", "6,3", "1.3"};
      case "vpa" -> new String[] {"#2ca02c", "6,3", "1.3"};
      case "autopilot" -> new String[] {"#9467bd", "2,2", "1.5"};
      case "perfect" -> new String[] {"#17becf", "1,2", "1.3"};
      default -> {
        int i = labels.indexOf(label);
        yield new String[] {COLOURS[i % COLOURS.length], DASHES[i % DASHES.length], "1.3"};
      }
    };
  }

  private static boolean isPae(String policy) {
    return policy.equals("pae") || policy.startsWith("pae[");
  }

  private static StringBuilder header(int w, int h) {
    return new StringBuilder(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">%n"
                + "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n",
            w,
            h,
            w,
            h));
  }

  private static String text(double x, double y, String t, String anchor, int size, String weight) {
    return String.format(
        Locale.ROOT,
        "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" font-weight=\"%s\" text-anchor=\"%s\""
            + " font-family=\"sans-serif\">%s</text>%n",
        x,
        y,
        size,
        weight,
        anchor,
        esc(t));
  }

  /** A round upper bound for an axis: 1, 2 or 5 times a power of ten. */
  static double niceMax(double v) {
    if (!(v > 0)) {
      return 1;
    }
    double p = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (v <= m * p * (1 + 1e-9)) {
        return m * p;
      }
    }
    return 10 * p;
  }

  /** A round lower bound for a log axis: 1, 2 or 5 times a power of ten. */
  static double niceMin(double v) {
    double p = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {5, 2, 1}) {
      if (v >= m * p * (1 - 1e-9)) {
        return m * p;
      }
    }
    return p;
  }

  private static String fmt(double v) {
    if (v >= 1000 || v == Math.rint(v)) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    String s = String.format(Locale.ROOT, "%.4f", v);
    return s.replaceAll("0+$", "").replaceAll("\\.$", "");
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  /** A log axis from a round value at or below the least to one at or above the greatest. */
  record LogAxis(double lo, double hi) {
    static LogAxis of(double min, double max) {
      if (!(min > 0) || !(max > 0)) {
        return new LogAxis(0.01, 1);
      }
      double lo = niceMin(min);
      double hi = niceMax(max);
      if (hi / lo < 10) {
        lo = hi / 10;
      }
      return new LogAxis(lo, hi);
    }

    /** Where {@code v} falls, 0 at lo and 1 at hi. */
    double at(double v) {
      return Math.log(v / lo) / Math.log(hi / lo);
    }

    /** 1, 2 and 5 times each power of ten within the axis (only 1 per decade beyond 3 decades). */
    List<Double> ticks() {
      List<Double> out = new ArrayList<>();
      boolean dense = hi / lo <= 1000.0 * (1 + 1e-9);
      for (double p = Math.pow(10, Math.floor(Math.log10(lo))); p <= hi * (1 + 1e-9); p *= 10) {
        for (double m : dense ? new double[] {1, 2, 5} : new double[] {1}) {
          double v = m * p;
          if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) {
            out.add(v);
          }
        }
      }
      return out;
    }
  }

  /**
   * The y axis of a workload plot in the trace's unit, shown in a multiple that keeps the numbers
   * short: MHz as GHz, KB (KiB) as MiB or GiB, KB/s as MB/s.
   */
  record Scale(String unit, double factor, double top) {
    static Scale of(Unit unit, double max) {
      double m = Math.max(max, 1e-9);
      return switch (unit) {
        case MHZ -> m >= 1000 ? scaled("GHz", 1e-3, m) : scaled("MHz", 1, m);
        case KB ->
            m >= 1024 * 1024
                ? scaled("GiB", 1.0 / (1024 * 1024), m)
                : m >= 1024 ? scaled("MiB", 1.0 / 1024, m) : scaled("KiB", 1, m);
        case KB_PER_S -> m >= 1000 ? scaled("MB/s", 1e-3, m) : scaled("KB/s", 1, m);
        case PERCENT -> scaled("%", 1, m);
        case ANY -> scaled("value", 1, m);
      };
    }

    private static Scale scaled(String unit, double factor, double max) {
      return new Scale(unit, factor, niceMax(max * factor) / factor);
    }

    /** Four or five round ticks from 0 to the top, in the trace's unit. */
    List<Double> ticks() {
      double shown = top * factor;
      double step = niceMax(shown / 5);
      List<Double> out = new ArrayList<>();
      for (double v = 0; v <= shown * (1 + 1e-9); v += step) {
        out.add(v / factor);
      }
      return out;
    }

    String label(double v) {
      return fmt(v * factor);
    }
  }

  /** Places labels one after another where they overlap nothing placed before. */
  private static final class Labels {
    private final double left;
    private final double top;
    private final double right;
    private final double bottom;
    private final List<double[]> taken = new ArrayList<>();

    Labels(double left, double top, double right, double bottom) {
      this.left = left;
      this.top = top;
      this.right = right;
      this.bottom = bottom;
    }

    void avoid(double x1, double y1, double x2, double y2) {
      taken.add(new double[] {x1, y1, x2, y2});
    }

    /**
     * A place for a label of the given size near (px, py): {x, baseline y, 1 if it is far enough to
     * need a leader line}. Tries the eight places around the point, then the same farther out.
     */
    double[] place(double px, double py, double w, double h) {
      double[][] around = {
        {8, 4},
        {8, -6},
        {8, 14},
        {-8 - w, 4},
        {-8 - w, -6},
        {-8 - w, 14},
        {-w / 2, -9},
        {-w / 2, 19}
      };
      for (int ring = 1; ring <= 6; ring++) {
        for (double[] d : around) {
          double dx = d[0] < 0 ? d[0] - (ring - 1) * 14 : d[0] + (ring - 1) * 14;
          double dy = d[1] < 4 ? d[1] - (ring - 1) * 12 : d[1] + (ring - 1) * 12;
          double x = px + dx;
          double base = py + dy;
          double[] box = {x - 1, base - h + 2, x + w + 1, base + 3};
          if (box[0] < left + 2 || box[2] > right - 2 || box[1] < top + 2 || box[3] > bottom - 2) {
            continue;
          }
          if (taken.stream().noneMatch(b -> overlaps(b, box))) {
            taken.add(box);
            return new double[] {x, base, ring > 1 ? 1 : 0};
          }
        }
      }
      double x = Math.min(px + 8, right - w - 2);
      double[] box = {x - 1, py - 8, x + w + 1, py + 5};
      taken.add(box);
      return new double[] {x, py + 4, 0};
    }

    private static boolean overlaps(double[] a, double[] b) {
      return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
    }
  }
}
