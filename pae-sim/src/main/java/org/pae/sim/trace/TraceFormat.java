package org.pae.sim.trace;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.pae.core.registry.Entry;
import org.pae.core.registry.Kind;
import org.pae.core.registry.Registry;

/**
 * The trace formats, each a reader's constructor; named on the command line as {@code FORMAT:PATH}.
 */
public enum TraceFormat {
  /** Bitbrains GWA-T-12, one file per VM ({@link BitbrainsReader}). */
  BITBRAINS(BitbrainsReader::new, true, Duration.ofMinutes(5)),
  /** PlanetLab, one file per VM-day ({@link PlanetLabReader}). */
  PLANETLAB(PlanetLabReader::new, true, Duration.ofMinutes(5)),
  /** NAB {@code timestamp,value}, one file per series ({@link NabReader}). */
  NAB(NabReader::new, true, null),
  /** Generic long CSV {@code timestamp,workload,resource,value[,allocated]} ({@link CsvReader}). */
  CSV(CsvReader::new, false, null),
  /** Azure Public Dataset {@code vm_cpu_readings} ({@link AzureReader}). */
  AZURE(AzureReader::new, false, Duration.ofMinutes(5)),
  /** Alibaba cluster-trace-v2018 machine or container usage ({@link AlibabaReader}). */
  ALIBABA(AlibabaReader::new, false, null),
  /**
   * Made up, no files: {@code synthetic:N[:seed=S][:days=D]}, N seeded workloads with daily cycles,
   * bursts and growth ({@link SyntheticReader}).
   */
  SYNTHETIC(SyntheticReader::new, false, Duration.ofMinutes(5)),
  /**
   * A fleet's past from a Prometheus server, no files: {@code
   * prometheus:URL?memory=PROMQL[&cpu=PROMQL]...} ({@link PrometheusReader}).
   */
  PROMETHEUS(PrometheusReader::new, false, null),
  /**
   * A Parquet table in the long schema of docs/spark.md ({@code workload}, {@code timestamp}, one
   * column per resource), read through Spark: its reader is the {@link TraceReader} named {@code
   * parquet} that pae-spark registers, found at run time so that this module needs no Spark.
   */
  PARQUET(TraceFormat::parquetReader, false, null);

  /** The kind of the trace formats' entries in a {@link Registry}. */
  public static final Kind<TraceFormat> KIND = new Kind<>("trace format");

  private final Supplier<TraceReader> reader;
  private final boolean filePerWorkload;
  private final Duration step;

  TraceFormat(Supplier<TraceReader> reader, boolean filePerWorkload, Duration step) {
    this.reader = reader;
    this.filePerWorkload = filePerWorkload;
    this.step = step;
  }

  public TraceReader reader() {
    return reader.get();
  }

  /** Whether each file holds one workload. */
  public boolean filePerWorkload() {
    return filePerWorkload;
  }

  /** The sampling step, when the format fixes one. */
  public Optional<Duration> step() {
    return Optional.ofNullable(step);
  }

  /** The lower-case name used on the command line. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** A format by its name, case-insensitively; an unknown one is refused naming the known ones. */
  public static TraceFormat parse(String name) {
    for (TraceFormat f : values()) {
      if (f.key().equalsIgnoreCase(name.trim())) {
        return f;
      }
    }
    throw Registry.unknown(
        KIND.name(), name, Arrays.stream(values()).map(TraceFormat::key).toList());
  }

  /**
   * Registers every format under its key, with its characteristics: {@code file-per-workload} and
   * the {@code step} it fixes, if any.
   */
  public static void register(Registry r) {
    for (TraceFormat f : values()) {
      Map<String, String> traits = new LinkedHashMap<>();
      traits.put("file-per-workload", Boolean.toString(f.filePerWorkload));
      f.step().ifPresent(s -> traits.put("step", s.toString()));
      r.register(new Entry<>(KIND, f.key(), f.description(), traits, f));
    }
  }

  private String description() {
    return switch (this) {
      case BITBRAINS -> "Bitbrains GWA-T-12, one file per VM";
      case PLANETLAB -> "PlanetLab, one file per VM-day";
      case NAB -> "NAB timestamp,value, one file per series";
      case CSV -> "long CSV timestamp,workload,resource,value[,allocated]";
      case AZURE -> "Azure Public Dataset vm_cpu_readings";
      case ALIBABA -> "Alibaba cluster-trace-v2018 machine or container usage";
      case SYNTHETIC -> "made up: synthetic:N[:seed=S][:days=D], N seeded workloads";
      case PROMETHEUS -> "a Prometheus server's past: prometheus:URL?memory=PROMQL[&cpu=PROMQL]";
      case PARQUET -> "Parquet long table workload,timestamp,cpu,memory,..., read through Spark";
    };
  }

  /** The reader of Parquet tables that a module on the class path registers (pae-spark's). */
  private static TraceReader parquetReader() {
    Registry r = Registry.discovered(TraceFormat.class.getClassLoader());
    if (!r.contains(TraceReader.KIND, "parquet")) {
      throw new IllegalArgumentException(
          "parquet traces are read through Spark: put pae-spark.jar and Spark 4.2's jars on the"
              + " class path (docs/spark.md)");
    }
    return r.get(TraceReader.KIND, "parquet");
  }

  /** Opens {@code FORMAT:PATH}, a file or a folder. */
  public static Trace open(String spec, ParseIssues issues) {
    int colon = spec.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException(
          "a trace is FORMAT:PATH (a file or folder), e.g. bitbrains:../shared/data/bitbrains-rnd/2013-7,"
              + " or synthetic:N for N made-up workloads; formats: "
              + known()
              + "; got '"
              + spec
              + "'");
    }
    TraceFormat format = parse(spec.substring(0, colon));
    String rest = spec.substring(colon + 1);
    return format.open(format == PROMETHEUS ? PrometheusReader.root(rest) : Path.of(rest), issues);
  }

  /** Opens a file or a folder of this format. */
  public Trace open(Path path, ParseIssues issues) {
    if (this == SYNTHETIC) {
      SyntheticReader.Spec.parse(path.toString());
      return new Trace(this, path, List.of(), issues);
    }
    if (this == PROMETHEUS) {
      PrometheusReader.Spec.parse(PrometheusReader.url(path));
      return new Trace(this, path, List.of(), issues);
    }
    List<Path> files =
        this == PARQUET
            ? Inputs.files(path).stream()
                .filter(f -> f.getFileName().toString().endsWith(".parquet"))
                .toList()
            : Inputs.files(path);
    if (files.isEmpty()) {
      throw new TraceException(
          path
              + " holds no trace files (hidden files and READMEs are not read"
              + (this == PARQUET ? "; a parquet trace's files end in .parquet" : "")
              + "); give a "
              + key()
              + " file or folder: "
              + description(),
          null);
    }
    for (Path f : files) {
      if (f.toFile().length() == 0) {
        issues.malformedFile(f, "the file is empty (0 bytes)");
      }
    }
    return new Trace(this, path, files, issues);
  }

  /** How many workloads a trace of this format at {@code root} holds, when that is known. */
  Optional<Integer> expectedWorkloads(Path root, List<Path> files) {
    if (this == SYNTHETIC) {
      return Optional.of(SyntheticReader.Spec.parse(root.toString()).workloads());
    }
    return filePerWorkload ? Optional.of(files.size()) : Optional.empty();
  }

  /** The ids of the first {@code n} workloads of a synthetic trace, to plot by default. */
  public static List<String> syntheticIds(int n) {
    return SyntheticReader.ids(n);
  }

  private static String known() {
    return Arrays.stream(values()).map(TraceFormat::key).collect(Collectors.joining(", "));
  }
}
