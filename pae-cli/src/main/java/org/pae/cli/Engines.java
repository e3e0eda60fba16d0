package org.pae.cli;

import org.pae.core.registry.Kind;
import org.pae.core.registry.Registry;

/**
 * The engines a command runs on ({@code --engine}), found by name in the registry: {@code local}
 * always, {@code spark} where pae-spark's jar is on the class path (its {@code RegistryProvider}
 * registers it), so that the command itself never depends on Spark.
 */
final class Engines {
  /** The name pae-spark registers its engines under. */
  static final String SPARK = "spark";

  private Engines() {}

  /**
   * The engine of {@code kind} named {@code name}; a missing one is refused saying how to add it.
   */
  static <T> T find(Registry registry, Kind<T> kind, String name) {
    if (SPARK.equals(name) && !registry.contains(kind, name)) {
      throw notOnClassPath("the spark engine", "--engine spark");
    }
    return registry.get(kind, name);
  }

  /**
   * Why {@code what}, which pae-spark brings, cannot be used, and how to run {@code options} with
   * it.
   */
  static IllegalArgumentException notOnClassPath(String what, String options) {
    return new IllegalArgumentException(
        what
            + " is not on the class path: it comes with pae-spark.jar and needs Spark"
            + " 4.2's jars. Run java -cp \"pae.jar:pae-spark.jar:$SPARK_HOME/jars/*\""
            + " org.pae.cli.Main ... "
            + options
            + ", or spark-submit --class org.pae.cli.Main --jars pae-spark.jar pae.jar ... "
            + options
            + " (docs/spark.md)");
  }
}
