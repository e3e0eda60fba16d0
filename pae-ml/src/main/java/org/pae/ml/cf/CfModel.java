package org.pae.ml.cf;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.pae.core.context.ContextCalendar;
import org.pae.core.model.AccountId;
import org.pae.core.model.WorkloadId;
import org.pae.ml.Levels;
import org.pae.ml.UsageSeries;

/**
 * Collaborative filtering over the fleet, like a recommender: a matrix of workloads × hours of the
 * week holding each workload's usage profile (mean usage in that hour / its overall mean level) is
 * completed by ALS around the fleet's mean profile, and a ridge regression maps a workload's side
 * features (program code, account, dependencies, size class) to its level and latent factors.
 *
 * <p>Uses: a long-horizon forecast (hours to days) is level × profile at the target hour; a
 * workload with a short history gets the profile of the workloads it resembles; a new workload with
 * no history at all starts from the level and profile its features predict, not from its
 * provisioned size. Immutable once trained.
 */
public final class CfModel {
  /** Hours in a week: the profile's columns. */
  public static final int SLOTS = 168;

  private static final int MAGIC = 0x50414544; // "PAED": version 2, skewed spread
  private final CfConfig config;
  private final double[] mean;
  private final double[][] slotFactors;
  private final Map<WorkloadId, Prior> known;
  private final List<String> tokens;
  private final double[][] ridge;
  private final double[] spread;

  /** The levels at which the fleet's spread of log(actual / profile forecast) is kept. */
  static final double[] SPREAD_LEVELS = {
    0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999
  };

  private CfModel(
      CfConfig config,
      double[] mean,
      double[][] slotFactors,
      Map<WorkloadId, Prior> known,
      List<String> tokens,
      double[][] ridge,
      double[] spread) {
    this.config = config;
    this.mean = mean;
    this.slotFactors = slotFactors;
    this.known = Map.copyOf(known);
    this.tokens = List.copyOf(tokens);
    this.ridge = ridge;
    this.spread = spread.clone();
  }

  /**
   * Where a workload starts: its level, its latent factors, and what they came from.
   *
   * @param source {@code known} (trained on its own history), {@code similar} (predicted from
   *     features shared with trained workloads) or {@code fleet} (no shared feature: the fleet's
   *     average)
   */
  public record Prior(double level, double[] factors, String source) {
    public Prior {
      factors = factors.clone();
    }
  }

  public CfConfig config() {
    return config;
  }

  /**
   * The q-quantile of log((actual + ε) / (profile forecast + ε)) over the training data (ε = 1 % of
   * the workload's level): the fleet's spread around the profile, skewed as it is (usage falls far
   * below a profile more often than it rises above it). Interpolated on the normal scale between
   * the kept levels, extrapolated beyond them.
   */
  public double residual(double q) {
    return Levels.at(SPREAD_LEVELS, spread, q);
  }

  /** A robust standard deviation of the fleet's log residuals: half the 16 %–84 % range. */
  public double sigma() {
    return (residual(0.8413) - residual(0.1587)) / 2;
  }

  /** How many workloads it was trained on. */
  public int workloads() {
    return known.size();
  }

  /** The hour of the week of {@code at} in the workload's account time zone. */
  public static int slot(ContextCalendar calendar, WorkloadId w, AccountId a, Instant at) {
    return calendar.at(w, a, at).hourOfWeek();
  }

  /** The profile value (usage / level) at hour-of-week {@code slot} for latent {@code factors}. */
  public double shape(double[] factors, int slot) {
    return Math.max(0, mean[slot] + Als.dot(factors, slotFactors[slot]));
  }

  /** The slot factors, row per hour of the week (for fitting a workload's own factors). */
  double[] slotFactor(int slot) {
    return slotFactors[slot];
  }

  double meanShape(int slot) {
    return mean[slot];
  }

  /**
   * The prior of a workload: its own trained profile when it was in the training set, else what its
   * features predict.
   */
  public Prior prior(WorkloadId workload, Set<String> features) {
    Prior p = known.get(workload);
    return p != null ? p : similar(features);
  }

  /** What a workload's features predict, whether or not it was in the training set. */
  public Prior similar(Set<String> features) {
    double[] x = new double[tokens.size() + 1];
    x[0] = 1;
    boolean shared = false;
    for (String f : features) {
      int i = tokens.indexOf(f);
      if (i >= 0) {
        x[i + 1] = 1;
        shared = true;
      }
    }
    double[] y = new double[config.rank() + 1];
    for (int j = 0; j < y.length; j++) {
      for (int i = 0; i < x.length; i++) {
        y[j] += x[i] * ridge[i][j];
      }
    }
    double[] f = new double[config.rank()];
    System.arraycopy(y, 1, f, 0, f.length);
    return new Prior(Math.exp(y[0]), f, shared ? "similar" : "fleet");
  }

  /**
   * Fits the model to regularly sampled histories; series that never used anything are left out.
   * The stages, in order: {@link #profile} per series, {@link #fit} over the profiles, {@link
   * #sortedResiduals} of the series, {@link #withSpread} at the {@link #spreadRanks} of their
   * sorted residuals. {@code pae train --engine spark} runs the per-series stages in Spark tasks
   * and gets the same model.
   */
  public static CfModel train(List<UsageSeries> series, ContextCalendar calendar, CfConfig config) {
    List<Profile> profiles = new ArrayList<>();
    for (UsageSeries s : series) {
      profile(s, calendar).ifPresent(profiles::add);
    }
    CfModel fitted = fit(profiles, config);
    double[] sorted = fitted.sortedResiduals(series, calendar);
    long[] ranks = spreadRanks(sorted.length);
    double[] spread = new double[ranks.length];
    for (int k = 0; k < ranks.length; k++) {
      spread[k] = sorted[(int) ranks[k]];
    }
    return fitted.withSpread(spread);
  }

  /**
   * A workload's usage profile: its mean level and, per hour of the week, its mean usage in that
   * hour over the level ({@code NaN} for an hour never sampled).
   *
   * @param workload the workload's name
   * @param features its side features
   */
  public record Profile(String workload, Set<String> features, double level, double[] shape)
      implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    public Profile {
      features = Set.copyOf(features);
      shape = shape.clone();
    }
  }

  /** The profile of one series; empty when it never used anything (it is then left out). */
  public static java.util.Optional<Profile> profile(UsageSeries s, ContextCalendar calendar) {
    double[] sum = new double[SLOTS];
    int[] count = new int[SLOTS];
    double total = 0;
    int n = 0;
    for (int i = 0; i < s.values().length; i++) {
      double v = s.values()[i];
      if (!Double.isNaN(v)) {
        int slot = slot(calendar, s.workload(), s.account(), s.time(i));
        sum[slot] += v;
        count[slot]++;
        total += v;
        n++;
      }
    }
    if (n == 0 || total <= 0) {
      return java.util.Optional.empty();
    }
    double level = total / n;
    double[] shape = new double[SLOTS];
    for (int j = 0; j < SLOTS; j++) {
      shape[j] = count[j] == 0 ? Double.NaN : sum[j] / count[j] / level;
    }
    return java.util.Optional.of(new Profile(s.workload().value(), s.features(), level, shape));
  }

  /**
   * The model of these profiles (in this order: ALS's result depends on it), its spread not yet
   * measured (all 0 until {@link #withSpread}). A workload may appear once.
   */
  public static CfModel fit(List<Profile> profiles, CfConfig config) {
    if (profiles.isEmpty()) {
      throw new IllegalArgumentException("cf: no series with any usage to learn from");
    }
    double[] mean = new double[SLOTS];
    for (int j = 0; j < SLOTS; j++) {
      double s = 0;
      int c = 0;
      for (Profile p : profiles) {
        if (!Double.isNaN(p.shape()[j])) {
          s += p.shape()[j];
          c++;
        }
      }
      mean[j] = c == 0 ? 1 : s / c;
    }
    double[][] residual = new double[profiles.size()][SLOTS];
    for (int i = 0; i < profiles.size(); i++) {
      for (int j = 0; j < SLOTS; j++) {
        residual[i][j] = profiles.get(i).shape()[j] - mean[j];
      }
    }
    Als.Factors f =
        Als.factorise(residual, config.rank(), config.lambda(), config.iterations(), config.seed());
    Map<WorkloadId, Prior> known = new HashMap<>();
    TreeSet<String> vocabulary = new TreeSet<>();
    for (int i = 0; i < profiles.size(); i++) {
      Profile p = profiles.get(i);
      if (known.put(WorkloadId.of(p.workload()), new Prior(p.level(), f.u()[i], "known")) != null) {
        throw new IllegalArgumentException("cf: workload " + p.workload() + " appears twice");
      }
      vocabulary.addAll(p.features());
    }
    List<String> tokens = new ArrayList<>(vocabulary);
    double[][] ridge = ridge(profiles, tokens, f.u(), config);
    return new CfModel(config, mean, f.v(), known, tokens, ridge, new double[SPREAD_LEVELS.length]);
  }

  /**
   * The log residuals log((actual + ε) / (level × profile + ε)) of a series this model was fitted
   * on, ε = 1 % of its level, in time order; none for a series it left out.
   */
  private double[] residuals(UsageSeries s, ContextCalendar calendar) {
    Prior p = known.get(s.workload());
    if (p == null) {
      return new double[0];
    }
    double level = p.level();
    double eps = 0.01 * level;
    double[] r = new double[s.values().length];
    int n = 0;
    for (int t = 0; t < s.values().length; t++) {
      double v = s.values()[t];
      if (!Double.isNaN(v)) {
        double f = level * shape(p.factors(), slot(calendar, s.workload(), s.account(), s.time(t)));
        r[n++] = Math.log((v + eps) / (f + eps));
      }
    }
    return java.util.Arrays.copyOf(r, n);
  }

  /** The {@link #residuals} of all these series, sorted. */
  public double[] sortedResiduals(List<UsageSeries> series, ContextCalendar calendar) {
    List<double[]> residuals = new ArrayList<>();
    int total = 0;
    for (UsageSeries s : series) {
      double[] r = residuals(s, calendar);
      residuals.add(r);
      total += r.length;
    }
    double[] sorted = new double[total];
    int n = 0;
    for (double[] r : residuals) {
      System.arraycopy(r, 0, sorted, n, r.length);
      n += r.length;
    }
    java.util.Arrays.sort(sorted);
    return sorted;
  }

  /**
   * The ranks (0-based, in ascending order of value) of the residuals kept as the spread, one per
   * {@link #SPREAD_LEVELS} level, among {@code n} residuals.
   */
  public static long[] spreadRanks(long n) {
    if (n < 1) {
      throw new IllegalArgumentException("cf: no residual to measure the spread on");
    }
    long[] out = new long[SPREAD_LEVELS.length];
    for (int k = 0; k < out.length; k++) {
      out[k] = (long) Math.min(n - 1, Math.floor(SPREAD_LEVELS[k] * n));
    }
    return out;
  }

  /** This model with its spread: the residuals at {@link #spreadRanks}, in that order. */
  public CfModel withSpread(double[] spread) {
    if (spread.length != SPREAD_LEVELS.length) {
      throw new IllegalArgumentException(
          "cf: a spread of " + SPREAD_LEVELS.length + " levels, not " + spread.length);
    }
    return new CfModel(config, mean, slotFactors, known, tokens, ridge, spread);
  }

  private static double[][] ridge(
      List<Profile> used, List<String> tokens, double[][] factors, CfConfig config) {
    int n = used.size();
    int p = tokens.size() + 1;
    int k = config.rank() + 1;
    DMatrixRMaj x = new DMatrixRMaj(n, p);
    DMatrixRMaj y = new DMatrixRMaj(n, k);
    for (int i = 0; i < n; i++) {
      x.set(i, 0, 1);
      for (String t : used.get(i).features()) {
        x.set(i, tokens.indexOf(t) + 1, 1);
      }
      y.set(i, 0, Math.log(used.get(i).level()));
      for (int j = 1; j < k; j++) {
        y.set(i, j, factors[i][j - 1]);
      }
    }
    DMatrixRMaj xtx = new DMatrixRMaj(p, p);
    CommonOps_DDRM.multTransA(x, x, xtx);
    for (int d = 1; d < p; d++) {
      xtx.add(d, d, config.ridge());
    }
    xtx.add(0, 0, 1e-9);
    DMatrixRMaj xty = new DMatrixRMaj(p, k);
    CommonOps_DDRM.multTransA(x, y, xty);
    DMatrixRMaj w = new DMatrixRMaj(p, k);
    if (!CommonOps_DDRM.solve(xtx, xty, w)) {
      throw new IllegalStateException("cf: the side-feature regression is singular");
    }
    double[][] out = new double[p][k];
    for (int i = 0; i < p; i++) {
      for (int j = 0; j < k; j++) {
        out[i][j] = w.get(i, j);
      }
    }
    return out;
  }

  /** Saves it to one file. */
  public void save(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (DataOutputStream out =
        new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(file)))) {
      write(out);
    }
  }

  /** The model as {@link #save} writes it, in memory (to ship it to a Spark task). */
  public byte[] toBytes() {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      write(out);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** A model from {@link #toBytes}. */
  public static CfModel fromBytes(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
      return read(in, "a model in memory");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The workloads in name order: the same model is the same file, byte for byte. */
  private void write(DataOutputStream out) throws IOException {
    out.writeInt(MAGIC);
    out.writeInt(config.rank());
    out.writeDouble(config.lambda());
    out.writeInt(config.iterations());
    out.writeDouble(config.ridge());
    out.writeInt(config.priorSamples());
    out.writeLong(config.levelHalfLife().toMillis());
    out.writeLong(config.seed());
    writeVector(out, spread);
    writeVector(out, mean);
    for (double[] v : slotFactors) {
      writeVector(out, v);
    }
    out.writeInt(known.size());
    for (Map.Entry<WorkloadId, Prior> e : new java.util.TreeMap<>(known).entrySet()) {
      out.writeUTF(e.getKey().value());
      out.writeDouble(e.getValue().level());
      writeVector(out, e.getValue().factors());
    }
    out.writeInt(tokens.size());
    for (String t : tokens) {
      out.writeUTF(t);
    }
    for (double[] row : ridge) {
      writeVector(out, row);
    }
  }

  /** Loads a model saved by {@link #save}; anything else is refused with the file's name. */
  public static CfModel load(Path file) throws IOException {
    try (DataInputStream in =
        new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
      return read(in, file.toString());
    }
  }

  private static CfModel read(DataInputStream in, String file) throws IOException {
    try {
      if (in.readInt() != MAGIC) {
        throw new IOException(file + " is not a saved PAE collaborative-filtering model");
      }
      CfConfig config =
          new CfConfig(
              in.readInt(),
              in.readDouble(),
              in.readInt(),
              in.readDouble(),
              in.readInt(),
              java.time.Duration.ofMillis(in.readLong()),
              in.readLong());
      double[] spread = readVector(in);
      if (spread.length != SPREAD_LEVELS.length) {
        throw new IOException(file + " is a damaged collaborative-filtering model (spread)");
      }
      double[] mean = readVector(in);
      double[][] v = new double[SLOTS][];
      for (int j = 0; j < SLOTS; j++) {
        v[j] = readVector(in);
      }
      int n = in.readInt();
      Map<WorkloadId, Prior> known = new HashMap<>();
      for (int i = 0; i < n; i++) {
        WorkloadId id = WorkloadId.of(in.readUTF());
        known.put(id, new Prior(in.readDouble(), readVector(in), "known"));
      }
      int t = in.readInt();
      List<String> tokens = new ArrayList<>();
      for (int i = 0; i < t; i++) {
        tokens.add(in.readUTF());
      }
      double[][] ridge = new double[t + 1][];
      for (int i = 0; i <= t; i++) {
        ridge[i] = readVector(in);
      }
      return new CfModel(config, mean, v, known, tokens, ridge, spread);
    } catch (java.io.EOFException | IllegalArgumentException e) {
      throw new IOException(file + " is a damaged collaborative-filtering model", e);
    }
  }

  private static void writeVector(DataOutputStream out, double[] v) throws IOException {
    out.writeInt(v.length);
    for (double d : v) {
      out.writeDouble(d);
    }
  }

  private static double[] readVector(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 1 << 20) {
      throw new IOException("bad vector length " + n);
    }
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = in.readDouble();
    }
    return v;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CfModel m
        && config.equals(m.config)
        && java.util.Arrays.equals(mean, m.mean)
        && java.util.Arrays.deepEquals(slotFactors, m.slotFactors)
        && tokens.equals(m.tokens)
        && java.util.Arrays.deepEquals(ridge, m.ridge)
        && java.util.Arrays.equals(spread, m.spread)
        && known.keySet().equals(m.known.keySet());
  }

  @Override
  public int hashCode() {
    return Objects.hash(config, tokens, java.util.Arrays.hashCode(spread));
  }
}
