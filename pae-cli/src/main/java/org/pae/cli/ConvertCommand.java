package org.pae.cli;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.pae.core.model.Resource;
import org.pae.core.registry.Registry;
import org.pae.sim.trace.TraceWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pae convert}: writes a trace in another format, through the {@link TraceWriter} a module
 * registers under that format's name (pae-spark's {@code parquet}), so that this command never
 * depends on the module.
 */
@Command(
    name = "convert",
    mixinStandardHelpOptions = true,
    description =
        "Writes a trace in another format: --to parquet writes the long table that simulate and"
            + " forecast-eval --engine spark read as --trace parquet:DIR, one row per workload and"
            + " timestamp (docs/spark.md). Needs pae-spark.jar and Spark on the class path.")
final class ConvertCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--trace",
      required = true,
      paramLabel = "FORMAT:PATH",
      description = "The trace to read, as simulate takes it.")
  String trace;

  @Option(
      names = "--to",
      defaultValue = "parquet",
      paramLabel = "FORMAT",
      description = "The format to write (default ${DEFAULT-VALUE}).")
  String to;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "The folder to write; it must not exist.")
  Path out;

  @Option(
      names = "--resources",
      split = ",",
      paramLabel = "R",
      description =
          "Resources to write, the others dropped (default: the first workload's; a workload with"
              + " another is then refused).")
  List<String> resources;

  @Option(
      names = "--lenient",
      description = "Skip malformed lines and report how many, instead of stopping at the first.")
  boolean lenient;

  @Override
  public Integer call() {
    Registry registry = Registry.discovered(ConvertCommand.class.getClassLoader());
    if ("parquet".equals(to) && !registry.contains(TraceWriter.KIND, to)) {
      throw Engines.notOnClassPath("the parquet writer", "convert --to parquet");
    }
    TraceWriter writer = registry.get(TraceWriter.KIND, to);
    Set<Resource> rs = EnumSet.noneOf(Resource.class);
    if (resources != null) {
      resources.forEach(r -> rs.add(Resource.parse(r)));
    }
    TraceWriter.Written w = writer.write(trace, lenient, rs, out);
    spec.commandLine()
        .getOut()
        .printf(
            Locale.ROOT,
            "wrote %d workloads, %d rows (%s) to %s; %d workload(s) skipped as too short%s%n",
            w.workloads(),
            w.rows(),
            String.join(", ", w.resources().stream().map(Resource::key).toList()),
            out,
            w.issues().shortWorkloads(),
            lenient ? "; " + w.issues().skipped() + " malformed line(s) skipped (--lenient)" : "");
    w.issues().examples().forEach(e -> spec.commandLine().getErr().println("skipped: " + e));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
