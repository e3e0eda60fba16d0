package org.pae.sim.nab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A copy of the Numenta Anomaly Benchmark as its repository lays it out: {@code data/<category>/
 * <name>.csv}, {@code labels/combined_windows.json}, {@code config/profiles.json} and {@code
 * results/final_results.json} (the published scores), with detectors' result files under {@code
 * results/<detector>/<category>/<detector>_<name>.csv}.
 */
public final class NabCorpus {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path root;
  private final Map<String, List<long[]>> windows;
  private final List<NabProfile> profiles;

  private NabCorpus(Path root, Map<String, List<long[]>> windows, List<NabProfile> profiles) {
    this.root = root;
    this.windows = windows;
    this.profiles = profiles;
  }

  /**
   * Reads the labels and profiles below {@code root}.
   *
   * @throws IllegalArgumentException naming the file that is missing or malformed
   */
  public static NabCorpus open(Path root) {
    Path windowsFile = root.resolve("labels/combined_windows.json");
    Map<String, List<long[]>> windows = new TreeMap<>();
    json(windowsFile)
        .properties()
        .forEach(
            e -> {
              List<long[]> list = new ArrayList<>();
              for (JsonNode w : e.getValue()) {
                if (w.size() != 2) {
                  throw new IllegalArgumentException(
                      windowsFile + ": window of " + e.getKey() + " is not [start, end]: " + w);
                }
                list.add(new long[] {epoch(w.get(0).asText()), epoch(w.get(1).asText())});
              }
              list.sort((a, b) -> Long.compare(a[0], b[0]));
              windows.put(e.getKey(), list);
            });
    Path profilesFile = root.resolve("config/profiles.json");
    List<NabProfile> profiles = new ArrayList<>();
    json(profilesFile)
        .properties()
        .forEach(
            e -> {
              JsonNode m = e.getValue().get("CostMatrix");
              if (m == null) {
                throw new IllegalArgumentException(
                    profilesFile + ": profile " + e.getKey() + " has no CostMatrix");
              }
              profiles.add(
                  new NabProfile(
                      e.getKey(),
                      weight(m, "tpWeight", profilesFile),
                      weight(m, "fpWeight", profilesFile),
                      weight(m, "fnWeight", profilesFile)));
            });
    return new NabCorpus(root, windows, List.copyOf(profiles));
  }

  /** Whether {@code root} looks like a NAB copy (its labels file is there). */
  public static boolean present(Path root) {
    return Files.isRegularFile(root.resolve("labels/combined_windows.json"));
  }

  /** The data files the labels name, e.g. {@code realKnownCause/nyc_taxi.csv}, sorted. */
  public List<String> files() {
    return List.copyOf(windows.keySet());
  }

  /** How many label windows the corpus holds: the count a perfect detector finds. */
  public int windowCount() {
    return windows.values().stream().mapToInt(List::size).sum();
  }

  public List<NabProfile> profiles() {
    return profiles;
  }

  /**
   * The profile named {@code name}.
   *
   * @throws IllegalArgumentException naming the known profiles
   */
  public NabProfile profile(String name) {
    return profiles.stream()
        .filter(p -> p.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no NAB profile '"
                        + name
                        + "'; known: "
                        + profiles.stream().map(NabProfile::name).toList()));
  }

  /** One data file's rows and its label windows as row indices. */
  public NabSeries series(String file) {
    Path path = root.resolve("data").resolve(file);
    List<String[]> rows = csv(path);
    long[] times = new long[rows.size() - 1];
    double[] values = new double[times.length];
    int value = column(path, rows.getFirst(), "value");
    int stamp = column(path, rows.getFirst(), "timestamp");
    Map<Long, Integer> index = new HashMap<>();
    for (int i = 0; i < times.length; i++) {
      String[] r = rows.get(i + 1);
      times[i] = epoch(r[stamp]);
      values[i] = number(path, i + 2, r[value]);
      index.put(times[i], i);
    }
    List<long[]> limits = windows.getOrDefault(file, List.of());
    int[] starts = new int[limits.size()];
    int[] ends = new int[limits.size()];
    for (int w = 0; w < limits.size(); w++) {
      starts[w] = row(index, limits.get(w)[0], file);
      ends[w] = row(index, limits.get(w)[1], file);
    }
    return new NabSeries(file, times, values, starts, ends);
  }

  /**
   * The {@code anomaly_score} column of a detector's result file for {@code file}, read from {@code
   * resultsDir/<detector>/<category>/<detector>_<name>.csv}.
   *
   * @throws IllegalArgumentException when the file is missing, malformed or has another row count
   *     than the data file
   */
  public static double[] anomalyScores(Path resultsDir, String detector, NabSeries series) {
    Path path = resultFile(resultsDir, detector, series.file());
    List<String[]> rows = csv(path);
    int col = column(path, rows.getFirst(), "anomaly_score");
    if (rows.size() - 1 != series.size()) {
      throw new IllegalArgumentException(
          path + " has " + (rows.size() - 1) + " rows, its data file " + series.size());
    }
    double[] scores = new double[series.size()];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = number(path, i + 2, rows.get(i + 1)[col]);
    }
    return scores;
  }

  /** Where NAB keeps a detector's result for a data file: {@code <detector>/<category>/...}. */
  public static Path resultFile(Path resultsDir, String detector, String file) {
    Path data = Path.of(file);
    Path dir = resultsDir.resolve(detector);
    if (data.getParent() != null) {
      dir = dir.resolve(data.getParent().toString());
    }
    return dir.resolve(detector + "_" + data.getFileName());
  }

  /**
   * The published normalised scores, {@code results/final_results.json}: detector to profile to
   * score, or an empty map when the file is absent.
   */
  public Map<String, Map<String, Double>> published() {
    Path path = root.resolve("results/final_results.json");
    Map<String, Map<String, Double>> out = new TreeMap<>();
    if (!Files.isRegularFile(path)) {
      return out;
    }
    json(path)
        .properties()
        .forEach(
            d -> {
              Map<String, Double> byProfile = new LinkedHashMap<>();
              d.getValue()
                  .properties()
                  .forEach(p -> byProfile.put(p.getKey(), p.getValue().asDouble()));
              out.put(d.getKey(), byProfile);
            });
    return out;
  }

  private static int row(Map<Long, Integer> index, long time, String file) {
    Integer i = index.get(time);
    if (i == null) {
      throw new IllegalArgumentException(
          file
              + ": label window limit "
              + LocalDateTime.ofEpochSecond(time, 0, ZoneOffset.UTC)
              + " is not a timestamp of the data file");
    }
    return i;
  }

  private static double weight(JsonNode matrix, String field, Path file) {
    JsonNode w = matrix.get(field);
    if (w == null || !w.isNumber()) {
      throw new IllegalArgumentException(file + ": " + field + " missing or not a number");
    }
    return w.asDouble();
  }

  private static JsonNode json(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static List<String[]> csv(Path path) {
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException("no file " + path);
    }
    try (BufferedReader in = Files.newBufferedReader(path);
        Stream<String> lines = in.lines()) {
      List<String[]> rows = lines.filter(l -> !l.isBlank()).map(l -> l.split(",", -1)).toList();
      if (rows.isEmpty()) {
        throw new IllegalArgumentException(path + " is empty");
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  private static int column(Path path, String[] header, String name) {
    int i = Arrays.asList(header).indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException(
          path + " has no column '" + name + "' in its header " + Arrays.toString(header));
    }
    return i;
  }

  private static double number(Path path, int line, String text) {
    try {
      double v = Double.parseDouble(text.trim());
      if (Double.isFinite(v)) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below with its place
    }
    throw new IllegalArgumentException(path + " line " + line + ": '" + text + "' is not a number");
  }

  /** NAB's timestamps, {@code 2014-10-30 15:30:00} or with microseconds, as UTC epoch seconds. */
  static long epoch(String text) {
    try {
      return LocalDateTime.parse(text.trim().replace(' ', 'T')).toEpochSecond(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("timestamp '" + text + "' is not yyyy-MM-dd HH:mm:ss", e);
    }
  }
}
