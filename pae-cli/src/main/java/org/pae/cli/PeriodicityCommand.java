package org.pae.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.pae.core.forecast.period.Periodicity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pae periodicity DIR}: PAE's seasonality detection on a folder of {@code ts,value} series
 * labelled in {@code LABELS.csv} ({@code file,periodic,period} with period day, week or none), as
 * the crane fixtures are; prints each verdict and the accuracy.
 */
@Command(
    name = "periodicity",
    mixinStandardHelpOptions = true,
    description =
        "Detect daily / weekly / no period in each labelled series of a folder (LABELS.csv:"
            + " file,periodic,period; series as ts,value with epoch seconds) and print the"
            + " accuracy.")
final class PeriodicityCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", description = "the folder, e.g. ../shared/data/crane-periodicity")
  Path dir;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    Path labelsFile = dir.resolve("LABELS.csv");
    if (!Files.isRegularFile(labelsFile)) {
      throw new IllegalArgumentException(
          (Files.isDirectory(dir) ? dir + " has no LABELS.csv" : "no such folder: " + dir)
              + "; give a folder of ts,value series labelled in LABELS.csv"
              + " (file,periodic,period), e.g. ../shared/data/crane-periodicity");
    }
    List<String> labels = Files.readAllLines(labelsFile);
    int right = 0;
    int total = 0;
    out.println("file,label,detected,peak_ratio,acf_day");
    for (String line : labels.subList(1, labels.size())) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split(",");
      List<Long> times = new ArrayList<>();
      List<Double> values = new ArrayList<>();
      for (String row : Files.readAllLines(dir.resolve(f[0].trim()))) {
        String[] c = row.split(",");
        if (c.length < 2 || !Character.isDigit(c[0].trim().charAt(0))) {
          continue;
        }
        times.add(Long.parseLong(c[0].trim()));
        values.add(Double.parseDouble(c[1].trim()));
      }
      long step = times.get(1) - times.get(0);
      double[] x = values.stream().mapToDouble(Double::doubleValue).toArray();
      int day = (int) (86_400 / step);
      Periodicity.Period p = Periodicity.classify(x, day);
      Periodicity.Evidence e = Periodicity.check(x, day);
      String label = f[2].trim().toLowerCase(Locale.ROOT);
      boolean ok = p.name().toLowerCase(Locale.ROOT).equals(label);
      right += ok ? 1 : 0;
      total++;
      out.printf(
          Locale.ROOT,
          "%s,%s,%s,%.1f,%.2f%n",
          f[0].trim(),
          label,
          p.name().toLowerCase(Locale.ROOT),
          e.peakRatio(),
          e.acf());
    }
    out.printf(Locale.ROOT, "accuracy %d/%d = %.3f%n", right, total, right / (double) total);
    out.flush();
    return 0;
  }
}
