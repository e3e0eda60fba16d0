package org.pae.sim.report;

import java.util.List;
import java.util.Locale;
import org.pae.sim.replay.Figures;

/** How a replay's figures are printed; each figure is declared once, in {@link #COLUMNS}. */
public enum ReportFormat {
  /** An aligned table for the console; rates in percent. */
  TABLE,
  /** {@code policy,resource,footprint,rel_slack,short_rate,short_vol,chg_day}, plain numbers. */
  CSV,
  /** A Markdown table; rates in percent. */
  MARKDOWN;

  /** The figure columns, in order. */
  public static final List<String> COLUMNS =
      List.of("footprint", "rel_slack", "short_rate", "short_vol", "chg_day");

  public static ReportFormat parse(String name) {
    for (ReportFormat f : values()) {
      if (f.name().equalsIgnoreCase(name.trim())) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "unknown report format '" + name + "'; allowed: table, csv, markdown");
  }

  /** The figures as text in this format, one row per policy and resource. */
  public String render(List<Figures> figures) {
    StringBuilder b = new StringBuilder();
    switch (this) {
      case CSV -> {
        b.append("policy,resource,").append(String.join(",", COLUMNS)).append('\n');
        for (Figures f : figures) {
          b.append(f.policy().contains(",") ? '"' + f.policy() + '"' : f.policy())
              .append(',')
              .append(f.resource().key());
          for (double v : values(f)) {
            b.append(',').append(plain(v));
          }
          b.append('\n');
        }
      }
      case MARKDOWN -> {
        b.append("| policy | resource | ").append(String.join(" | ", COLUMNS)).append(" |\n");
        b.append("|---|---|").append("---:|".repeat(COLUMNS.size())).append('\n');
        for (Figures f : figures) {
          b.append("| ").append(f.policy()).append(" | ").append(f.resource().key());
          for (String s : human(f)) {
            b.append(" | ").append(s);
          }
          b.append(" |\n");
        }
      }
      case TABLE -> {
        int w = Math.max(8, figures.stream().mapToInt(f -> f.policy().length()).max().orElse(8));
        String row = "%-" + w + "s %-8s %10s %10s %11s %10s %9s%n";
        b.append(
            String.format(
                Locale.ROOT,
                row,
                "policy",
                "resource",
                "footprint",
                "rel_slack",
                "short_rate",
                "short_vol",
                "chg_day"));
        for (Figures f : figures) {
          List<String> h = human(f);
          b.append(
              String.format(
                  Locale.ROOT,
                  row,
                  f.policy(),
                  f.resource().key(),
                  h.get(0),
                  h.get(1),
                  h.get(2),
                  h.get(3),
                  h.get(4)));
        }
      }
    }
    return b.toString();
  }

  private static double[] values(Figures f) {
    return new double[] {f.footprint(), f.relSlack(), f.shortRate(), f.shortVol(), f.chgDay()};
  }

  private static List<String> human(Figures f) {
    return List.of(
        String.format(Locale.ROOT, "%.3f", f.footprint()),
        percent(f.relSlack()),
        percent(f.shortRate()),
        percent(f.shortVol()),
        f.chgDay() >= 10
            ? String.format(Locale.ROOT, "%.0f", f.chgDay())
            : String.format(Locale.ROOT, "%.2f", f.chgDay()));
  }

  /** A share as a percentage, e.g. {@code 1.04 %}; {@code 0} for none. */
  static String percent(double v) {
    if (v == 0) {
      return "0";
    }
    return v < 0.001
        ? String.format(Locale.ROOT, "%.3f %%", v * 100)
        : String.format(Locale.ROOT, "%.2f %%", v * 100);
  }

  private static String plain(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
  }
}
