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

/**
 * Plots as plain SVG, written directly (no plotting dependency): the frontier (footprint against
 * short_rate, one point per policy and swept value, one panel per resource — lower left is better;
 * the point's size and label give its changes per VM-day, the third dimension) and, per chosen
 * workload, usage, the forecast band and every policy's allocation over time.
 */
public final class SvgPlots {
  private static final String[] COLOURS = {
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf"
  };
  private static final int PANEL_W = 520;
  private static final int PANEL_H = 380;
  private static final int MARGIN = 60;

  private SvgPlots() {}

  /**
   * The frontier plot: one panel per resource, x = short_rate (%), y = footprint, and chg_day as
   * the point's size (its radius grows with the logarithm) and in its label.
   */
  public static String frontier(List<Figures> figures, String title) {
    Map<Resource, List<Figures>> byResource = new LinkedHashMap<>();
    for (Figures f : figures) {
      byResource.computeIfAbsent(f.resource(), r -> new ArrayList<>()).add(f);
    }
    List<String> policies = new ArrayList<>();
    figures.forEach(
        f -> {
          if (!policies.contains(f.policy())) {
            policies.add(f.policy());
          }
        });
    int w = PANEL_W * Math.max(1, byResource.size());
    int h = PANEL_H + 56;
    StringBuilder s = header(w, h);
    s.append(text(w / 2.0, 20, title, "middle", 15, "bold"));
    int panel = 0;
    for (Map.Entry<Resource, List<Figures>> e : byResource.entrySet()) {
      double ox = panel * PANEL_W;
      double oy = 30;
      double xMax =
          niceMax(e.getValue().stream().mapToDouble(f -> f.shortRate() * 100).max().orElse(1));
      double yMax = niceMax(e.getValue().stream().mapToDouble(Figures::footprint).max().orElse(1));
      axes(
          s,
          ox,
          oy,
          xMax,
          yMax,
          "short_rate (% of VM-steps with usage > allocation)",
          "footprint (Σa / Σp)");
      s.append(text(ox + PANEL_W / 2.0, oy + 14, e.getKey().key(), "middle", 13, "bold"));
      for (Figures f : e.getValue()) {
        double x = ox + MARGIN + f.shortRate() * 100 / xMax * plotW();
        double y = oy + PANEL_H - MARGIN - f.footprint() / yMax * plotH();
        String c = COLOURS[policies.indexOf(f.policy()) % COLOURS.length];
        s.append(
            String.format(
                Locale.ROOT,
                "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\" fill-opacity=\"0.7\">"
                    + "<title>%s: footprint %.3f, short_rate %.3f %%, chg_day %.2f</title>"
                    + "</circle>%n",
                x,
                y,
                churnRadius(f.chgDay()),
                c,
                esc(f.policy()),
                f.footprint(),
                f.shortRate() * 100,
                f.chgDay()));
        s.append(
            text(
                x + 7,
                y - 6,
                String.format(
                    Locale.ROOT,
                    f.chgDay() < 10 ? "%s (%.2f/day)" : "%s (%.0f/day)",
                    f.policy(),
                    f.chgDay()),
                "start",
                10,
                "normal"));
      }
      panel++;
    }
    s.append(
        text(
            w / 2.0,
            h - 8,
            "point size and (n/day): allocation changes per VM-day (chg_day)",
            "middle",
            11,
            "normal"));
    return s.append("</svg>\n").toString();
  }

  /** A point's radius for its changes per VM-day: 3 at none, 3 more per factor of 10. */
  private static double churnRadius(double chgDay) {
    return 3 + 3 * Math.log10(1 + (Double.isFinite(chgDay) ? Math.max(0, chgDay) : 0));
  }

  /**
   * One workload over time: per resource a panel with usage (black), the forecast band (shaded) and
   * each policy's allocation (coloured steps); the y axis stops at twice the peak usage.
   */
  public static String trajectory(Trajectory t, String bandLabel) {
    List<Resource> resources = new ArrayList<>(t.usage().keySet());
    int w = 1100;
    int h = (PANEL_H - 60) * resources.size() + 60 + 20 * t.labels().size();
    StringBuilder s = header(w, h);
    long t0 = t.times()[0];
    DateTimeFormatter day =
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
    s.append(
        text(
            w / 2.0,
            20,
            "workload "
                + t.workload()
                + ", "
                + day.format(Instant.ofEpochSecond(t0))
                + " to "
                + day.format(Instant.ofEpochSecond(t.times()[t.times().length - 1]))
                + " UTC",
            "middle",
            15,
            "bold"));
    double span = Math.max(1, t.times()[t.times().length - 1] - t0);
    double pw = w - 2 * MARGIN;
    double ph = PANEL_H - 60 - 50;
    int row = 0;
    for (Resource r : resources) {
      double oy = 40 + row * (PANEL_H - 60);
      double[] u = t.usage().get(r);
      double peak = 0;
      for (double v : u) {
        peak = Math.max(peak, Double.isNaN(v) ? 0 : v);
      }
      double yMax = niceMax(Math.max(peak * 2, 1e-9));
      s.append(
          String.format(
              Locale.ROOT,
              "<clipPath id=\"c%d\"><rect x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/></clipPath>%n",
              row,
              MARGIN,
              oy,
              pw,
              ph));
      s.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" stroke=\"#999\"/>%n",
              MARGIN,
              oy,
              pw,
              ph));
      s.append(text(MARGIN - 5, oy + 10, fmt(yMax), "end", 10, "normal"));
      s.append(text(MARGIN - 5, oy + ph, "0", "end", 10, "normal"));
      s.append(text(MARGIN + 4, oy + 12, r.key(), "start", 12, "bold"));
      String g = "<g clip-path=\"url(#c" + row + ")\">";
      s.append(g).append(band(t, r, t0, span, pw, ph, oy, yMax)).append("</g>\n");
      int i = 0;
      for (String label : t.labels()) {
        s.append(g)
            .append(
                line(
                    t.times(),
                    t.allocation().get(label).get(r),
                    t0,
                    span,
                    pw,
                    ph,
                    oy,
                    yMax,
                    COLOURS[i++ % COLOURS.length],
                    true))
            .append("</g>\n");
      }
      s.append(g)
          .append(line(t.times(), u, t0, span, pw, ph, oy, yMax, "#000", false))
          .append("</g>\n");
      row++;
    }
    double ly = 40 + resources.size() * (PANEL_H - 60) - 20;
    s.append(legendLine(MARGIN, ly, "#000", "usage"));
    s.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%.1f\" y=\"%.1f\" width=\"20\" height=\"8\" fill=\"#9ecae1\"/>%n",
            MARGIN + 200.0,
            ly - 6));
    s.append(text(MARGIN + 225.0, ly + 2, bandLabel, "start", 11, "normal"));
    int i = 0;
    for (String label : t.labels()) {
      s.append(
          legendLine(
              MARGIN, ly + 20 * (i + 1), COLOURS[i % COLOURS.length], label + " allocation"));
      i++;
    }
    return s.append("</svg>\n").toString();
  }

  /** Writes a plot; the folder is created. */
  public static void write(Path file, String svg) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, svg, StandardCharsets.UTF_8);
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
    StringBuilder up = new StringBuilder();
    StringBuilder down = new StringBuilder();
    for (int c = 0; c < columns; c++) {
      if (!Double.isNaN(colHi[c])) {
        point(up, MARGIN + c, y(colHi[c], oy, ph, yMax));
      }
      int back = columns - 1 - c;
      if (!Double.isNaN(colLo[back])) {
        point(down, MARGIN + back, y(colLo[back], oy, ph, yMax));
      }
    }
    if (up.isEmpty()) {
      return "";
    }
    return "<polygon fill=\"#9ecae1\" fill-opacity=\"0.7\" stroke=\"none\" points=\""
        + up
        + down
        + "\"/>";
  }

  /**
   * A polyline of one series. Many steps share a pixel column, so per column only the first,
   * lowest, highest and last values are drawn: the picture is the same, the file a fraction.
   */
  private static String line(
      long[] times,
      double[] v,
      long t0,
      double span,
      double pw,
      double ph,
      double oy,
      double yMax,
      String colour,
      boolean steps) {
    StringBuilder p = new StringBuilder();
    long column = Long.MIN_VALUE;
    double first = Double.NaN;
    double low = Double.NaN;
    double high = Double.NaN;
    double last = Double.NaN;
    double lastY = Double.NaN;
    for (int i = 0; i <= v.length; i++) {
      long c = i < v.length ? Math.round((times[i] - t0) / span * pw) : Long.MAX_VALUE;
      if (c != column && column != Long.MIN_VALUE && !Double.isNaN(first)) {
        double x = MARGIN + column;
        if (steps && !Double.isNaN(lastY)) {
          point(p, x, lastY);
        }
        for (double value : new double[] {first, low, high, last}) {
          point(p, x, y(value, oy, ph, yMax));
        }
        lastY = y(last, oy, ph, yMax);
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
    return "<polyline fill=\"none\" stroke=\""
        + colour
        + "\" stroke-width=\""
        + (steps ? "1\" stroke-opacity=\"0.85" : "1.4")
        + "\" points=\""
        + p
        + "\"/>";
  }

  private static void point(StringBuilder p, double x, double y) {
    p.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
  }

  private static double y(double v, double oy, double ph, double yMax) {
    return oy + ph - Math.min(v, yMax * 1.05) / yMax * ph;
  }

  private static String legendLine(double x, double y, String colour, String label) {
    return String.format(
            Locale.ROOT,
            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\"/>%n",
            x,
            y - 2,
            x + 20,
            y - 2,
            colour)
        + text(x + 25, y + 2, label, "start", 11, "normal");
  }

  private static void axes(
      StringBuilder s, double ox, double oy, double xMax, double yMax, String xl, String yl) {
    double x0 = ox + MARGIN;
    double y0 = oy + PANEL_H - MARGIN;
    s.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>%n",
            x0,
            oy + 20,
            plotW(),
            plotH()));
    for (int i = 0; i <= 4; i++) {
      double fx = x0 + i / 4.0 * plotW();
      double fy = y0 - i / 4.0 * plotH();
      s.append(text(fx, y0 + 15, fmt(xMax * i / 4), "middle", 10, "normal"));
      s.append(text(x0 - 5, fy + 3, fmt(yMax * i / 4), "end", 10, "normal"));
    }
    s.append(text(x0 + plotW() / 2.0, y0 + 35, xl, "middle", 11, "normal"));
    s.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\" font-family=\"sans-serif\""
                + " transform=\"rotate(-90 %.1f %.1f)\">%s</text>%n",
            ox + 15,
            oy + PANEL_H / 2.0,
            ox + 15,
            oy + PANEL_H / 2.0,
            esc(yl)));
  }

  private static int plotW() {
    return PANEL_W - MARGIN - 20;
  }

  private static int plotH() {
    return PANEL_H - MARGIN - 20;
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
      if (v <= m * p) {
        return m * p;
      }
    }
    return 10 * p;
  }

  private static String fmt(double v) {
    return v >= 1000 || v == Math.rint(v)
        ? String.format(Locale.ROOT, "%.0f", v)
        : String.format(Locale.ROOT, "%.3g", v);
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
