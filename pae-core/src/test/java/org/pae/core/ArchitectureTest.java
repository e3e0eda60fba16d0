package org.pae.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The core stays pure (no I/O, no clock, no console, no logging framework) and its packages form no
 * cycle: each package's package-info says what may depend on it.
 */
class ArchitectureTest {
  private static final JavaClasses CORE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.pae.core");

  @Test
  void doesNoFileOrNetworkIo() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.nio.file..", "java.net..", "java.nio.channels..")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.io.File")
        .orShould()
        .dependOnClassesThat()
        .haveNameMatching("java\\.io\\.File.*|java\\.io\\.RandomAccessFile")
        .because("the core takes its inputs as values; adapters at the edge do I/O")
        .check(CORE);
  }

  @Test
  void neverReadsTheClock() {
    noClasses()
        .should()
        .callMethod(System.class, "currentTimeMillis")
        .orShould()
        .callMethod(System.class, "nanoTime")
        .orShould()
        .callMethod(java.time.Instant.class, "now")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.time.Clock")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.time.InstantSource")
        .orShould()
        .callMethod(Thread.class, "sleep", long.class)
        .because("time is an argument: the simulator and the daemon drive the same loop")
        .check(CORE);
  }

  @Test
  void neitherPrintsNorLogs() {
    noClasses()
        .should()
        .accessField(System.class, "out")
        .orShould()
        .accessField(System.class, "err")
        .orShould()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "java.util.logging..", "org.slf4j..", "org.apache.logging..", "java.lang.System$Logger")
        .because("decisions carry their reasons as values; the edges report them")
        .check(CORE);
  }

  @Test
  void packagesFormNoCycle() {
    slices()
        .matching("org.pae.core.(**)")
        .should()
        .beFreeOfCycles()
        .because("a package depends on the ones below it only (see each package-info)")
        .check(CORE);
  }

  @Test
  void theRegistryAndTheDomainValuesDependOnNothingElse() {
    noClasses()
        .that()
        .resideInAnyPackage("org.pae.core.registry..", "org.pae.core.model..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.pae.core.forecast..",
            "org.pae.core.allocate..",
            "org.pae.core.loop..",
            "org.pae.core.ports..",
            "org.pae.core.settings..",
            "org.pae.core.config..",
            "org.pae.core.context..",
            "org.pae.core.engine..")
        .because("every package may depend on them")
        .check(CORE);
  }

  @Test
  void theLoopNeverDependsOnItsDriverOrItsPorts() {
    noClasses()
        .that()
        .resideInAPackage("org.pae.core.loop..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.pae.core.ports..", "org.pae.core.engine..", "org.pae.core.settings..")
        .check(CORE);
  }
}
