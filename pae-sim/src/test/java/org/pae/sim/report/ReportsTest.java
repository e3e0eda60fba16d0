package org.pae.sim.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pae.core.model.Resource;
import org.pae.sim.replay.Change;
import org.pae.sim.replay.Figures;
import org.pae.sim.replay.Trajectory;
import org.pae.sim.replay.WorkloadResult;
import org.pae.sim.trace.Unit;
import org.xml.sax.InputSource;

class ReportsTest {
  @TempDir Path dir;

  static final List<Figures> FIGURES =
      List.of(
          new Figures("provisioned", Resource.CPU, 1, 0.9, 0.0147, 0.0142, 0.2, 100),
          new Figures("vpa[margin=0.1]", Resource.MEMORY, 0.352, 0.86, 0.00116, 0.0044, 0.44, 100));

  @Test
  void csvHasTheDocumentedColumnsAndPlainNumbers() {
    String csv = ReportFormat.CSV.render(FIGURES);
    assertThat(csv.lines().toList())
        .containsExactly(
            "policy,resource,footprint,rel_slack,short_rate,short_vol,chg_day",
            "provisioned,cpu,1.00000,0.900000,0.0147000,0.0142000,0.200000",
            "vpa[margin=0.1],memory,0.352000,0.860000,0.00116000,0.00440000,0.440000");
  }

  @Test
  void markdownAndTableShowRatesInPercent() {
    String md = ReportFormat.MARKDOWN.render(FIGURES);
    assertThat(md)
        .startsWith(
            "| policy | resource | footprint | rel_slack | short_rate | short_vol | chg_day |")
        .contains("| provisioned | cpu | 1.000 | 90.00 % | 1.47 % | 1.42 % | 0.20 |")
        .contains("| vpa[margin=0.1] | memory | 0.352 | 86.00 % | 0.12 % | 0.44 % | 0.44 |");
    assertThat(ReportFormat.TABLE.render(FIGURES)).contains("1.47 %").contains("policy");
    assertThat(ReportFormat.parse("Markdown")).isEqualTo(ReportFormat.MARKDOWN);
  }

  @Test
  void decisionsAreOneFilePerPolicyWithTheDocumentedColumns() throws IOException {
    Path file = dir.resolve("d.csv");
    WorkloadResult r =
        new WorkloadResult(
            "17",
            3,
            List.of(Map.of(), Map.of()),
            List.of(
                List.of(new Change("17", 1372629804, Resource.MEMORY, 1024.5)),
                List.of(new Change("17", 1372630104, Resource.CPU, 300))),
            Optional.empty());
    try (DecisionExport export =
        new DecisionExport(file, List.of("vpa", "pae[risk-budget=0.01]"))) {
      export.write(r);
      assertThat(export.paths())
          .containsExactly(dir.resolve("d-vpa.csv"), dir.resolve("d-pae[risk-budget=0.01].csv"));
    }
    assertThat(Files.readAllLines(dir.resolve("d-vpa.csv")))
        .containsExactly("vm,timestamp,resource,allocated", "17,1372629804,memory,1024.5");
    try (DecisionExport single = new DecisionExport(file, List.of("vpa"))) {
      assertThat(single.paths()).containsExactly(file);
    }
  }

  @Test
  void plotsAreWellFormedSvg() throws Exception {
    String frontier = SvgPlots.frontier(FIGURES, "a <title> & more");
    assertWellFormed(frontier);
    // the churn dimension: each point names its changes per VM-day, and more changes draw larger
    assertThat(frontier).contains("vpa[margin=0.1] (0.44/day)", "provisioned (0.20/day)");
    assertThat(frontier).contains("r=\"3.5\"", "r=\"3.2\"");
    long[] t = {0, 300, 600};
    Trajectory tr =
        new Trajectory(
            "17",
            t,
            Map.of(Resource.CPU, new double[] {1, 2, 3}),
            Map.of(Resource.CPU, new double[] {Double.NaN, 0.5, 1.5}),
            Map.of(Resource.CPU, new double[] {Double.NaN, 1.5, 2.5}),
            Map.of("perfect", Map.of(Resource.CPU, new double[] {5, 2, 3})),
            List.of("perfect"),
            Map.of(Resource.CPU, Unit.MHZ));
    String svg = SvgPlots.trajectory(tr, "band");
    assertWellFormed(svg);
    assertThat(svg).contains("<polygon").contains("perfect allocation").contains("workload 17");
    assertThat(SvgPlots.niceMax(3.2)).isEqualTo(5);
    assertThat(SvgPlots.niceMax(0.013)).isEqualTo(0.02);
    assertThat(SvgPlots.niceMin(0.0018)).isEqualTo(0.001);
    assertThat(SvgPlots.niceMin(0.3)).isEqualTo(0.2);
  }

  @Test
  void theFrontierIsOnLogAxesWithLabelsApartAndBetterMarked() throws Exception {
    List<Figures> crowded = new ArrayList<>();
    for (String p : List.of("provisioned", "vpa", "autopilot", "perfect", "pae[a=1]", "pae[a=2]")) {
      crowded.add(new Figures(p, Resource.CPU, 0.25, 0.5, 0.0175, 0.01, 1, 100));
    }
    crowded.set(0, new Figures("provisioned", Resource.CPU, 1.0, 0.9, 0.0147, 0.01, 2, 100));
    crowded.set(3, new Figures("perfect", Resource.CPU, 0.088, 0, 0, 0, 252, 100));
    String svg = SvgPlots.frontier(crowded, "t");
    assertWellFormed(svg);
    assertThat(svg).contains("better:").contains("(log)").contains(">0.1<").contains(">1<");
    List<double[]> boxes = new ArrayList<>();
    Matcher m =
        Pattern.compile(
                "<text x=\"([0-9.]+)\" y=\"([0-9.]+)\" font-size=\"10\" font-weight=\"(?:normal|bold)\" text-anchor=\"start\" font-family=\"sans-serif\">([^<]*(?:vpa|autopilot|perfect|provisioned|pae\\[)[^<]*)</text>")
            .matcher(svg);
    while (m.find()) {
      double x = Double.parseDouble(m.group(1));
      double y = Double.parseDouble(m.group(2));
      boxes.add(new double[] {x, y - 9, x + m.group(3).length() * 5.6, y + 2});
    }
    assertThat(boxes).hasSize(6);
    for (int i = 0; i < boxes.size(); i++) {
      for (int j = i + 1; j < boxes.size(); j++) {
        double[] a = boxes.get(i);
        double[] b = boxes.get(j);
        boolean overlap = a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
        assertThat(overlap).as("labels %d and %d overlap", i, j).isFalse();
      }
    }
  }

  @Test
  void workloadPlotsShowUnitsAndDatesAndStaySmall() throws Exception {
    int n = 3 * 288;
    long[] t = new long[n];
    double[] mem = new double[n];
    double[] alloc = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = 1_372_636_800L + 300L * i;
      mem[i] = 4_000_000 + 1_000_000 * Math.sin(i / 20.0);
      alloc[i] = 6_000_000 + (i / 50) * 1000;
    }
    Map<String, Map<Resource, double[]>> policies = new java.util.LinkedHashMap<>();
    for (String p : List.of("provisioned", "vpa", "autopilot", "perfect", "pae")) {
      policies.put(p, Map.of(Resource.MEMORY, alloc));
    }
    Trajectory tr =
        new Trajectory(
            "1",
            t,
            Map.of(Resource.MEMORY, mem),
            Map.of(Resource.MEMORY, mem),
            Map.of(Resource.MEMORY, mem),
            policies,
            List.copyOf(policies.keySet()),
            Map.of(Resource.MEMORY, Unit.KB));
    String svg = SvgPlots.trajectory(tr, "band");
    assertWellFormed(svg);
    assertThat(svg)
        .contains("memory (GiB)")
        .contains(">Jul 2<")
        .contains(">06:00<")
        .doesNotContain(">10000000<");
    assertThat(svg.length()).isLessThan(150_000);
    assertThat(svg).doesNotContain("above the axis");
  }

  @Test
  void aPolicyWithLongSettingsIsNumberedOnItsPointAndSpelledOutUnderThePlot() throws Exception {
    String longName =
        "pae[max-changes-per-day=4,policy.memory.risk-budget=0.01,policy.cpu.risk-budget=0.05]";
    List<Figures> rows =
        List.of(
            new Figures("vpa", Resource.MEMORY, 0.379, 0.8, 0.0011, 0.003, 0.45, 100),
            new Figures(
                "pae[max-changes-per-day=4]", Resource.MEMORY, 0.316, 0.8, 0.0011, 0.003, 2.9, 100),
            new Figures(longName, Resource.MEMORY, 0.246, 0.7, 0.0084, 0.006, 4.33, 100));
    String svg = SvgPlots.frontier(rows, "t");
    assertWellFormed(svg);
    assertThat(svg)
        .contains(">pae #1 (4.33/day)<")
        .contains(">pae #1 = " + longName + "<")
        .contains(">pae[max-changes-per-day=4] (2.90/day)<");
  }

  @Test
  void anAllocationAboveTheAxisIsNamedWithItsHighestValue() throws Exception {
    long[] t = {0, 300, 600};
    double[] mem = {1_048_576, 2_097_152, 1_048_576};
    Trajectory tr =
        new Trajectory(
            "9",
            t,
            Map.of(Resource.MEMORY, mem),
            Map.of(Resource.MEMORY, mem),
            Map.of(Resource.MEMORY, mem),
            Map.of(
                "provisioned",
                Map.of(Resource.MEMORY, new double[] {16_777_216, 16_777_216, 16_777_216}),
                "pae",
                Map.of(Resource.MEMORY, new double[] {2_200_000, 2_300_000, 1_500_000})),
            List.of("provisioned", "pae"),
            Map.of(Resource.MEMORY, Unit.KB));
    String svg = SvgPlots.trajectory(tr, "band");
    assertWellFormed(svg);
    assertThat(svg)
        .contains("above the axis: provisioned \u2191 16 GiB<")
        .doesNotContain("pae \u2191");
  }

  static void assertWellFormed(String svg) throws Exception {
    var doc =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new InputSource(new StringReader(svg)));
    assertThat(doc.getDocumentElement().getNodeName()).isEqualTo("svg");
  }
}
