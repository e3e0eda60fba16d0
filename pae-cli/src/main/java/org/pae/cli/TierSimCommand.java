package org.pae.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.pae.core.registry.Registry;
import org.pae.core.tier.TierPolicies;
import org.pae.core.tier.TierSetup;
import org.pae.sim.tier.BlockFormat;
import org.pae.sim.tier.BlockTrace;
import org.pae.sim.tier.MovesExport;
import org.pae.sim.tier.TierFigures;
import org.pae.sim.tier.TierReport;
import org.pae.sim.tier.TierSim;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pae tier-sim}: replays block traces through tiering policies (BENCHMARKS §5). */
@Command(
    name = "tier-sim",
    mixinStandardHelpOptions = true,
    description =
        "Replays block traces through hot/warm/cold tiering policies as BENCHMARKS §5 defines them"
            + " (epochs of max(1000, N/200) requests, hot K/100 and warm K/10 keys, costs 1/10/100"
            + " per access and 100 per migration) and reports the shares served per tier,"
            + " migrations per epoch and the cost per request.")
final class TierSimCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--trace",
      required = true,
      paramLabel = "FORMAT:PATH",
      description =
          "A block trace, FORMAT one of cache2k, lirs, cloudphysics (gzip and xz detected from the"
              + " content); repeat the option for several traces.")
  List<String> traces;

  @Option(
      names = "--policies",
      defaultValue = "lru,lfu-decay,last-epoch,oracle,pae",
      split = ",",
      paramLabel = "LIST",
      description = "Policies, comma-separated (default: ${DEFAULT-VALUE}).")
  List<String> policies;

  @Option(
      names = "--export-moves",
      paramLabel = "FILE",
      description =
          "Writes every change of tier as CSV epoch,key,tier (one file per policy when several,"
              + " FILE-<policy>.csv, and per trace when several, FILE-<trace>-<policy>.csv).")
  Path exportMoves;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Writes tier-report.csv, tier-report.md and tier-<trace>.svg there.")
  Path out;

  @Override
  public Integer call() throws IOException {
    PrintWriter stdout = spec.commandLine().getOut();
    List<TierFigures> all = new ArrayList<>();
    StringBuilder csv = new StringBuilder();
    StringBuilder md = new StringBuilder();
    try {
      for (String spec : traces) {
        BlockTrace trace = BlockFormat.load(spec);
        Registry registry = TierSim.policies();
        policies.forEach(p -> registry.get(TierPolicies.KIND, p.trim()));
        TierSetup setup = TierSim.setup(trace);
        stdout.printf(
            "%s: %,d requests, %,d keys, %d epochs of %,d; hot %,d keys, warm %,d%n",
            trace.name(),
            trace.size(),
            trace.distinctKeys(),
            trace.epochs(),
            trace.epochLength(),
            setup.capacities().hot(),
            setup.capacities().warm());
        List<TierFigures> figures = new ArrayList<>();
        for (String name : policies) {
          String label = name.trim();
          try (MovesExport export = export(trace.name(), label)) {
            figures.add(
                TierSim.run(
                    trace,
                    label,
                    registry.get(TierPolicies.KIND, label).create(setup),
                    setup,
                    export));
          }
        }
        stdout.print(TierReport.table(figures, trace.size()));
        stdout.println();
        stdout.flush();
        all.addAll(figures);
        String c = TierReport.csv(figures, trace.size());
        csv.append(csv.isEmpty() ? c : c.substring(c.indexOf('\n') + 1));
        String m = TierReport.markdown(figures, trace.size());
        md.append(md.isEmpty() ? m : m.substring(m.indexOf('\n', m.indexOf('\n') + 1) + 1));
        if (out != null) {
          Files.createDirectories(out);
          Files.writeString(
              out.resolve("tier-" + trace.name() + ".svg"),
              TierReport.svg(
                  figures,
                  trace.name()
                      + ": "
                      + String.format("%,d", trace.size())
                      + " requests, "
                      + String.format("%,d", trace.distinctKeys())
                      + " keys (BENCHMARKS §5)"),
              StandardCharsets.UTF_8);
        }
      }
    } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("pae tier-sim: " + e.getMessage());
      err.flush();
      return 2;
    }
    if (out != null) {
      Files.writeString(out.resolve("tier-report.csv"), csv, StandardCharsets.UTF_8);
      Files.writeString(out.resolve("tier-report.md"), md, StandardCharsets.UTF_8);
      stdout.println("wrote " + out.resolve("tier-report.csv") + ", tier-report.md and the plots");
    }
    stdout.flush();
    return all.isEmpty() ? 1 : 0;
  }

  private MovesExport export(String trace, String policy) throws IOException {
    if (exportMoves == null) {
      return null;
    }
    boolean severalPolicies = policies.size() > 1;
    String label = traces.size() > 1 ? trace + (severalPolicies ? "-" + policy : "") : policy;
    return new MovesExport(
        MovesExport.perPolicy(exportMoves, label, severalPolicies || traces.size() > 1));
  }
}
