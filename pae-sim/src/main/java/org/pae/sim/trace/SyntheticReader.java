package org.pae.sim.trace;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.pae.core.model.Resource;

/**
 * A trace made up on the spot, so that {@code pae simulate} and {@code forecast-eval} run without
 * any data: {@code synthetic:N[:seed=S][:days=D]} is N workloads of D days (default 14) at
 * five-minute steps, CPU in MHz and memory in KB against a provisioned size, the same for the same
 * seed (default 1). Each workload has a daily cycle peaking at its own hour (quieter at weekends),
 * bursts (about one a day, 5 to 60 minutes, 1.5 to 4 times the level), growth or decline of up to a
 * few percent a day, noise, and for some an hourly job in the first five minutes of each hour;
 * memory grows between restarts every few days. The provisioned size is a size class well above the
 * workload's peak, as recorded fleets are.
 */
final class SyntheticReader implements TraceReader {
  static final String PREFIX = "syn-";

  private static final long START = Instant.parse("2026-01-05T00:00:00Z").getEpochSecond();
  private static final int STEP = (int) Duration.ofMinutes(5).toSeconds();
  private static final int DAY = 288;
  private static final double CORE_MHZ = 2600;
  private static final double GB_KB = 1024 * 1024;

  /** What {@code synthetic:...} asks for. */
  record Spec(int workloads, long seed, int days) {
    Spec {
      if (workloads < 1 || workloads > 100_000) {
        throw new IllegalArgumentException(
            "synthetic:N takes N from 1 to 100000 workloads; got " + workloads);
      }
      if (days < 1 || days > 365) {
        throw new IllegalArgumentException("synthetic days= takes 1 to 365; got " + days);
      }
    }

    /** {@code N[:seed=S][:days=D]}. */
    static Spec parse(String text) {
      String[] parts = text.split(":");
      int n = whole(parts[0], "N");
      long seed = 1;
      int days = 14;
      for (int i = 1; i < parts.length; i++) {
        String[] kv = parts[i].split("=", 2);
        String value = kv.length == 2 ? kv[1] : "";
        switch (kv[0].trim()) {
          case "seed" -> seed = whole(value, "seed");
          case "days" -> days = whole(value, "days");
          default ->
              throw new IllegalArgumentException(
                  "synthetic:N takes seed=S and days=D, e.g. synthetic:40:seed=7:days=14; got '"
                      + parts[i]
                      + "'");
        }
      }
      return new Spec(n, seed, days);
    }

    private static int whole(String s, String what) {
      try {
        return Integer.parseInt(s.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "synthetic:N[:seed=S][:days=D]: " + what + " is a whole number; got '" + s + "'", e);
      }
    }
  }

  @Override
  public Stream<WorkloadTrace> read(Path root, List<Path> files, ParseIssues issues) {
    Spec spec = Spec.parse(root.toString());
    return workloads(spec, 0, spec.workloads());
  }

  /** Workloads {@code from} to {@code to} (exclusive). */
  static Stream<WorkloadTrace> workloads(Spec spec, int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> workload(spec, i));
  }

  /** The ids of the first {@code n} workloads of any synthetic trace. */
  static List<String> ids(int n) {
    return IntStream.range(0, n).mapToObj(SyntheticReader::id).toList();
  }

  private static String id(int i) {
    return PREFIX + String.format(Locale.ROOT, "%03d", i);
  }

  /** Workload {@code i}: the same whatever N is, so a larger trace extends a smaller one. */
  static WorkloadTrace workload(Spec spec, int i) {
    SplittableRandom r = new SplittableRandom(spec.seed() * 1_000_003L + i);
    int steps = spec.days() * DAY;
    long[] times = new long[steps];
    for (int t = 0; t < steps; t++) {
      times[t] = START + (long) t * STEP;
    }
    double[] cpu = cpu(r, steps);
    double[] memory = memory(r, steps);
    double cores = sizeClass(peak(cpu) * (1.2 + 1.3 * r.nextDouble()) / CORE_MHZ, 1);
    double gigabytes = sizeClass(peak(memory) * (1.5 + 2 * r.nextDouble()) / GB_KB, 1);
    return new WorkloadTrace(
        id(i),
        times,
        Map.of(
            Resource.CPU,
            WorkloadTrace.Series.recorded(Unit.MHZ, cpu, filled(steps, cores * CORE_MHZ)),
            Resource.MEMORY,
            WorkloadTrace.Series.recorded(Unit.KB, memory, filled(steps, gigabytes * GB_KB))));
  }

  private static double[] cpu(SplittableRandom r, int steps) {
    double level = 100 * Math.exp(3 * r.nextDouble()); // 100 MHz to 2 GHz
    double amplitude = 0.4 + 0.5 * r.nextDouble();
    double peakHour = 8 + 12 * r.nextDouble();
    double weekend = 0.6 + 0.4 * r.nextDouble();
    double growth = Math.pow(1 + (-0.005 + 0.035 * r.nextDouble()), 1.0 / DAY);
    boolean hourlyJob = r.nextDouble() < 0.3;
    double[] u = new double[steps];
    double burst = 1;
    int burstLeft = 0;
    for (int t = 0; t < steps; t++) {
      if (burstLeft == 0 && r.nextDouble() < 1.0 / DAY) {
        burstLeft = 1 + r.nextInt(12);
        burst = 1.5 + 2.5 * r.nextDouble();
      }
      double v = level * Math.pow(growth, t) * daily(t, peakHour, amplitude, weekend);
      v *= Math.exp(0.1 * r.nextGaussian());
      if (hourlyJob && t % 12 == 0) {
        v *= 2.5;
      }
      if (burstLeft > 0) {
        v *= burst;
        burstLeft--;
      }
      u[t] = v;
    }
    return u;
  }

  private static double[] memory(SplittableRandom r, int steps) {
    double level = GB_KB * (0.25 + 4 * r.nextDouble() * r.nextDouble()); // 0.25 to 4.25 GB
    double amplitude = 0.05 + 0.2 * r.nextDouble();
    double peakHour = 8 + 12 * r.nextDouble();
    double leakPerDay = 0.1 * r.nextDouble();
    int restartEvery = DAY * (2 + r.nextInt(6));
    int since = r.nextInt(restartEvery);
    double[] u = new double[steps];
    for (int t = 0; t < steps; t++) {
      since = since + 1 >= restartEvery ? 0 : since + 1;
      double leak = 1 + leakPerDay * since / DAY;
      u[t] = level * leak * daily(t, peakHour, amplitude, 1) * Math.exp(0.02 * r.nextGaussian());
    }
    return u;
  }

  /** The daily cycle at step t: 1 ± amplitude, highest at peakHour, scaled at weekends. */
  private static double daily(int t, double peakHour, double amplitude, double weekend) {
    double hour = (t % DAY) / 12.0;
    int day = t / DAY; // START is a Monday
    double cycle = 1 + amplitude * Math.cos(2 * Math.PI * (hour - peakHour) / 24);
    return day % 7 >= 5 ? cycle * weekend : cycle;
  }

  private static double peak(double[] u) {
    double p = 0;
    for (double v : u) {
      p = Math.max(p, v);
    }
    return p;
  }

  /** The next power of two at or above {@code x}, at least {@code min}. */
  private static double sizeClass(double x, double min) {
    double c = min;
    while (c < x) {
      c *= 2;
    }
    return c;
  }

  private static double[] filled(int n, double v) {
    double[] a = new double[n];
    Arrays.fill(a, v);
    return a;
  }
}
