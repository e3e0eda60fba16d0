package org.pae.cli;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
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
      RecommendCommand.class,
      ConvertCommand.class,
      TrainCommand.class,
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
            String command = line.getParent() == null ? "pae" : "pae " + line.getCommandName();
            line.getErr().println(command + ": " + describe(e));
            return 2;
          }
          throw e;
        });
    return cl;
  }

  /**
   * What went wrong, for the user: a file-system error says what happened to which path (the JDK's
   * own message is the bare path).
   */
  static String describe(Exception e) {
    return switch (e) {
      case NoSuchFileException f -> "no such file or folder: " + f.getFile();
      case AccessDeniedException f -> "permission denied: " + f.getFile();
      case NotDirectoryException f -> "not a folder: " + f.getFile();
      case FileSystemException f when f.getReason() != null -> f.getFile() + ": " + f.getReason();
      default -> e.getMessage();
    };
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
