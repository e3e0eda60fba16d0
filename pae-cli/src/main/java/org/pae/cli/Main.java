package org.pae.cli;

import org.pae.host.SourceUnavailableException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code pae} command. */
@Command(
    name = "pae",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description =
        "PAE, the Predictive Access Engine: predicts what each workload will use and resizes"
            + " its allocation before the demand arrives.",
    subcommands = {
      RunCommand.class,
      SimulateCommand.class,
      FitCommand.class,
      ForecastEvalCommand.class,
      PeriodicityCommand.class,
      TierSimCommand.class,
      AnomalyEvalCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main {
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with every subcommand, for main and for tests. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler(
        (e, line, parsed) -> {
          if (e instanceof IllegalArgumentException
              || e instanceof java.io.IOException
              || e instanceof SourceUnavailableException) {
            line.getErr().println("pae: " + e.getMessage());
            return 2;
          }
          throw e;
        });
    return cl;
  }

  /** The version from the jar's manifest, or "dev" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"pae " + (v == null ? "dev" : v) + " (Java " + Runtime.version() + ")"};
    }
  }
}
