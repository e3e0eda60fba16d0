package org.pae.sim.tier;

import java.util.List;
import java.util.Locale;

/** The figures of BENCHMARKS §5 as a console table, CSV or Markdown, and as an SVG plot. */
public final class TierReport {
  private static final String[] COLOURS = {
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"
  };

  private TierReport() {}

  /** The columns, in order. */
  public static final List<String> COLUMNS =
      List.of(
          "trace",
          "policy",
          "hot_share",
          "warm_share",
          "cold_share",
          "migrations_per_epoch",
          "access_per_request",
          "total_per_request",
          "requests_per_second");

  /** One row per figures, as CSV with plain numbers. */
  public static String csv(List<TierFigures> figures, long allRequests) {
    StringBuilder b = new StringBuilder(String.join(",", COLUMNS)).append('\n');
    for (TierFigures f : figures) {
      b.append(f.trace()).append(',').append(f.policy());
      for (double v : values(f, allRequests)) {
        b.append(',').append(String.format(Locale.ROOT, "%.6g", v));
      }
      b.append('\n');
    }
    return b.toString();
  }

  /** A Markdown table; shares in percent, migrations as a share of the hot capacity. */
  public static String markdown(List<TierFigures> figures, long allRequests) {
    StringBuilder b =
        new StringBuilder(
            "| trace | policy | hot | warm | cold | migrations / epoch (× hot capacity) |"
                + " access / request | total / request | Mreq/s |\n");
    b.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (TierFigures f : figures) {
      b.append("| ").append(f.trace()).append(" | ").append(f.policy());
      for (String s : human(f, allRequests)) {
        b.append(" | ").append(s);
      }
      b.append(" |\n");
    }
    return b.toString();
  }

  /** An aligned console table. */
  public static String table(List<TierFigures> figures, long allRequests) {
    int w = Math.max(6, figures.stream().mapToInt(f -> f.policy().length()).max().orElse(6));
    String row = "%-" + w + "s %7s %7s %7s %10s %10s %10s %8s%n";
    StringBuilder b =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                row,
                "policy",
                "hot",
                "warm",
                "cold",
                "migr/ep",
                "access/rq",
                "total/rq",
                "Mreq/s"));
    for (TierFigures f : figures) {
      List<String> h = human(f, allRequests);
      b.append(
          String.format(
              Locale.ROOT,
              row,
              f.policy(),
              h.get(0),
              h.get(1),
              h.get(2),
              h.get(3),
              h.get(4),
              h.get(5),
              h.get(6)));
    }
    return b.toString();
  }

  private static double[] values(TierFigures f, long allRequests) {
    return new double[] {
      f.hotShare(),
      f.warmShare(),
      f.coldShare(),
      f.migrationsPerEpoch(),
      f.accessPerRequest(),
      f.totalPerRequest(),
      f.requestsPerSecond(allRequests)
    };
  }

  private static List<String> human(TierFigures f, long allRequests) {
    return List.of(
        pct(f.hotShare()),
        pct(f.warmShare()),
        pct(f.coldShare()),
        String.format(Locale.ROOT, "%.3f", f.migrationsPerEpoch()),
        String.format(Locale.ROOT, "%.1f", f.accessPerRequest()),
        String.format(Locale.ROOT, "%.1f", f.totalPerRequest()),
        String.format(Locale.ROOT, "%.2f", f.requestsPerSecond(allRequests) / 1e6));
  }

  private static String pct(double v) {
    return String.format(Locale.ROOT, "%.1f %%", v * 100);
  }

  /**
   * Two panels: the total cost per request of each policy split into accesses and migrations, and
   * the shares of requests served hot, warm and cold.
   */
  public static String svg(List<TierFigures> figures, String title) {
    int rows = figures.size();
    int label = 150;
    int panel = 380;
    int rowH = 28;
    int top = 60;
    int w = label + panel + 60 + label + panel + 40;
    int h = top + rows * rowH + 70;
    double max = 0;
    for (TierFigures f : figures) {
      max = Math.max(max, f.totalPerRequest());
    }
    max = niceMax(max);
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " font-family=\"sans-serif\">%n<rect width=\"100%%\" height=\"100%%\""
                + " fill=\"white\"/>%n",
            w,
            h));
    s.append(text(w / 2.0, 22, esc(title), "middle", 15, "bold"));
    double x0 = label;
    double x1 = label + panel + 60 + label;
    s.append(
        text(
            x0 + panel / 2.0,
            45,
            "total cost per request (accesses + migrations)",
            "middle",
            12,
            "bold"));
    s.append(text(x1 + panel / 2.0, 45, "requests served hot / warm / cold", "middle", 12, "bold"));
    for (int i = 0; i < rows; i++) {
      TierFigures f = figures.get(i);
      double y = top + i * rowH;
      s.append(text(x0 - 8, y + 17, esc(f.policy()), "end", 12, "normal"));
      s.append(text(x1 - 8, y + 17, esc(f.policy()), "end", 12, "normal"));
      double a = f.accessPerRequest() / max * panel;
      double m = (f.totalPerRequest() - f.accessPerRequest()) / max * panel;
      s.append(rect(x0, y + 4, a, rowH - 8, COLOURS[0]));
      s.append(rect(x0 + a, y + 4, m, rowH - 8, COLOURS[1]));
      s.append(
          text(
              x0 + a + m + 4,
              y + 17,
              String.format(Locale.ROOT, "%.1f", f.totalPerRequest()),
              "start",
              11,
              "normal"));
      double hx = f.hotShare() * panel;
      double wx = f.warmShare() * panel;
      s.append(rect(x1, y + 4, hx, rowH - 8, COLOURS[3]));
      s.append(rect(x1 + hx, y + 4, wx, rowH - 8, COLOURS[1]));
      s.append(rect(x1 + hx + wx, y + 4, f.coldShare() * panel, rowH - 8, COLOURS[0]));
      s.append(
          text(
              x1 + 3,
              y + 17,
              String.format(Locale.ROOT, "%.0f %%", f.hotShare() * 100),
              "start",
              11,
              "normal"));
    }
    double axisY = top + rows * rowH + 4;
    for (int t = 0; t <= 4; t++) {
      double x = x0 + panel * t / 4.0;
      s.append(line(x, top, x, axisY));
      s.append(
          text(
              x,
              axisY + 14,
              String.format(Locale.ROOT, "%.0f", max * t / 4),
              "middle",
              10,
              "normal"));
      double xs = x1 + panel * t / 4.0;
      s.append(line(xs, top, xs, axisY));
      s.append(text(xs, axisY + 14, (25 * t) + " %", "middle", 10, "normal"));
    }
    double ly = axisY + 36;
    legend(s, x0, ly, COLOURS[0], "accesses");
    legend(s, x0 + 110, ly, COLOURS[1], "migrations");
    legend(s, x1, ly, COLOURS[3], "hot");
    legend(s, x1 + 70, ly, COLOURS[1], "warm");
    legend(s, x1 + 140, ly, COLOURS[0], "cold");
    return s.append("</svg>\n").toString();
  }

  private static void legend(StringBuilder s, double x, double y, String colour, String what) {
    s.append(rect(x, y - 10, 12, 12, colour));
    s.append(text(x + 16, y, what, "start", 11, "normal"));
  }

  private static String rect(double x, double y, double w, double h, String fill) {
    return String.format(
        Locale.ROOT,
        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>%n",
        x,
        y,
        Math.max(0, w),
        h,
        fill);
  }

  private static String line(double x1, double y1, double x2, double y2) {
    return String.format(
        Locale.ROOT,
        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ccc\"/>%n",
        x1,
        y1,
        x2,
        y2);
  }

  private static String text(double x, double y, String t, String anchor, int size, String weight) {
    return String.format(
        Locale.ROOT,
        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\" font-weight=\"%s\">%s</text>%n",
        x,
        y,
        anchor,
        size,
        weight,
        t);
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static double niceMax(double v) {
    if (!(v > 0)) {
      return 1;
    }
    double p = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * p >= v) {
        return m * p;
      }
    }
    return 10 * p;
  }
}
