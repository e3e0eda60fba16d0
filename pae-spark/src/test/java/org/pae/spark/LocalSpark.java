package org.pae.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.pae.cli.Main;
import picocli.CommandLine;

/**
 * What the module's tests share: one local[2] session for all of them (Spark takes seconds to
 * start), the workloads per task a test asks for, and the pae command run in this JVM.
 */
abstract class LocalSpark {
  private static JavaSparkContext sc;

  @BeforeAll
  static void session() {
    sc = Sessions.context(2);
  }

  /** Cuts the next runs of this thread into tasks of {@code n} workloads. */
  static void workloadsPerTask(int n) {
    sc.setLocalProperty(Sessions.WORKLOADS_PER_TASK, Integer.toString(n));
  }

  /** The session, to set this thread's job properties for the next runs. */
  static JavaSparkContext sc() {
    return sc;
  }

  @AfterEach
  void defaultTasks() {
    sc.setLocalProperty(Sessions.WORKLOADS_PER_TASK, null);
    sc.setLocalProperty(Sessions.POOL_EVERY, null);
  }

  /** What a run of the pae command printed, and its exit code. */
  record Run(int exit, String out, String err) {}

  /**
   * What {@code pae COMMAND --engine ENGINE --trace TRACE MORE...} printed, its exit code checked
   * to be 0.
   */
  static String succeed(String command, String engine, String trace, List<String> more) {
    List<String> args = new ArrayList<>(List.of(command, "--engine", engine, "--trace", trace));
    args.addAll(more);
    Run r = run(args);
    assertThat(r.exit()).as(r.err()).isZero();
    return r.out();
  }

  /**
   * The options of a {@code simulate} on 2 threads with a CSV report that writes its report and
   * plots to {@code out/report} and its decisions to {@code out/decisions*.csv}, then {@code more}.
   */
  static List<String> reportingTo(Path out, String policies, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--threads",
                "2",
                "--policies",
                policies,
                "--report",
                "csv",
                "--out",
                out.resolve("report").toString(),
                "--export-decisions",
                out.resolve("decisions.csv").toString()));
    args.addAll(List.of(more));
    return args;
  }

  static Run run(List<String> args) {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute(args.toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }
}
