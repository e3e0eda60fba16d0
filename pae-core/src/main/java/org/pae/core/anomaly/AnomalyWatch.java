package org.pae.core.anomaly;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.pae.core.forecast.SeriesSpec;
import org.pae.core.model.Observation;
import org.pae.core.model.Resource;
import org.pae.core.model.SeriesKey;
import org.pae.core.model.WorkloadId;

/**
 * Finds the anomalies of every workload as its samples arrive: each series is scored by its
 * detector, a sample scoring at least {@code anomaly.threshold} at least {@code
 * anomaly.least-change} from its band's median is anomalous, and a workload's recent samples (the
 * last {@code anomaly.window} steps of each resource) are matched against the kinds an operator
 * cares about, most specific first:
 *
 * <ul>
 *   <li>{@link AnomalyKind#LEAK}: memory's least-squares line over the window explains at least 90
 *       % of its variance and rises by at least {@code leak-rise} of its mean, to a mean above
 *       every earlier sample (the rising half of a cycle climbs back to where it was, a leak climbs
 *       past it), while CPU's line moves by at most {@code flat} of CPU's mean (at least {@code
 *       cpu-idle});
 *   <li>{@link AnomalyKind#MINING_OR_EXFILTRATION}: over the window's second half, CPU averages at
 *       least {@code cpu-pinned} millicores or {@code surge} times its earlier level (a core is not
 *       to be had on a loaded machine) with a spread of at most {@code flat} of that, and network
 *       traffic exceeds its earlier level (the lower of the first half's mean and its usual level)
 *       by {@code rise}, and a network sample in the window was anomalous;
 *   <li>{@link AnomalyKind#DISK_SURGE}: disk I/O over the window's second half is at least {@code
 *       surge} times its earlier level, a disk sample in the window was anomalous, and CPU averages
 *       at most {@code cpu-idle} millicores;
 *   <li>{@link AnomalyKind#PROFILE_CHANGE}: every resource of the workload (two or more) moved by
 *       {@code profile-factor} or more from its usual level over the window, and each had an
 *       anomalous sample in it;
 *   <li>{@link AnomalyKind#SPIKE}, then {@link AnomalyKind#LEVEL_SHIFT}: an anomalous sample of a
 *       resource no kind above covers; once it has been open {@code shift-after} steps, if the
 *       median of the last {@code shift-after} samples lies outside the band its latest anomalous
 *       sample broke, it is a level shift.
 * </ul>
 *
 * <p>A resource's usual level is an average of its samples older than the window, with a half-life
 * of {@code anomaly.baseline} steps; an earlier level below a thousandth of the largest sample seen
 * counts as that thousandth, so that a rise from nothing is measured against something. The kinds
 * that need an anomalous sample respect seasonality as the detector does: a daily batch job its
 * forecaster expects is not one. A kind stays open while it matches and closes once it has not
 * matched for {@code close-after} steps; its end is the first sample that did not match.
 *
 * <p>Time is an argument, there is no I/O; not thread-safe, like the loop that drives it.
 */
public final class AnomalyWatch {
  /** A leak's memory line explains at least this share of its variance: a steady climb. */
  static final double STEADY = 0.9;

  /** An earlier level counts as at least this share of the largest sample seen. */
  static final double FLOOR = 1e-3;

  /** The key of a resource's open spike or level shift, made once rather than at every sample. */
  private static final Map<Resource, String> BREAK = new EnumMap<>(Resource.class);

  static {
    for (Resource r : Resource.values()) {
      BREAK.put(r, "break:" + r.name());
    }
  }

  private final AnomalyDetectorFactory detectors;
  private final AnomalySettings settings;
  private final double baselineRate;
  private final Map<WorkloadId, Watched> workloads = new HashMap<>();
  private long nextId = 1;

  public AnomalyWatch(AnomalyDetectorFactory detectors, AnomalySettings settings) {
    this.detectors = detectors;
    this.settings = settings;
    this.baselineRate = 1 - Math.pow(0.5, 1.0 / settings.baseline());
  }

  public AnomalySettings settings() {
    return settings;
  }

  /**
   * What one tick showed: the anomalies that were open at it or closed at it (as they now stand),
   * the series whose sample was anomalous (to be held out of the forecasts' history), and the open
   * anomaly of each series that has one.
   */
  public record Tick(
      List<Anomaly> anomalies, Set<SeriesKey> anomalous, Map<SeriesKey, Anomaly> open) {
    public static final Tick NONE = new Tick(List.of(), Set.of(), Map.of());

    public Tick {
      anomalies = List.copyOf(anomalies);
      anomalous = Set.copyOf(anomalous);
      open = Map.copyOf(open);
    }

    /** The open anomaly of {@code series}, if any (the earliest opened when several are). */
    public Optional<Anomaly> openOn(SeriesKey series) {
      return Optional.ofNullable(open.get(series));
    }
  }

  /**
   * Scores the samples of one tick and updates each workload's anomalies; one observation per
   * series, times increasing per series.
   */
  public Tick observe(Instant now, List<Observation> observations) {
    Map<WorkloadId, Watched> touched = new LinkedHashMap<>();
    Set<SeriesKey> anomalous = new HashSet<>();
    for (Observation o : observations) {
      if (o.usage().isEmpty()) {
        continue;
      }
      Watched w = workloads.computeIfAbsent(o.workload().id(), id -> new Watched());
      Series s =
          w.series.computeIfAbsent(
              o.resource(), r -> new Series(detectors.create(SeriesSpec.of(o.workload(), r)), r));
      s.add(now, o.usage().getAsDouble());
      if (s.anomalous) {
        anomalous.add(o.key());
      }
      touched.put(o.workload().id(), w);
    }
    List<Anomaly> out = new ArrayList<>();
    Map<SeriesKey, Anomaly> open = new HashMap<>();
    touched.forEach(
        (id, w) -> {
          w.update(id, now);
          for (Open a : w.open.values()) {
            Anomaly value = a.value(id);
            out.add(value);
            if (value.open()) {
              for (Resource r : a.resources) {
                open.merge(new SeriesKey(id, r), value, (x, y) -> x.id() < y.id() ? x : y);
              }
            }
          }
          w.open.values().removeIf(a -> a.end != null);
        });
    out.sort((a, b) -> Long.compare(a.id(), b.id()));
    return new Tick(out, anomalous, open);
  }

  /** Drops a workload that is gone, with its open anomalies. */
  public void forget(WorkloadId workload) {
    workloads.remove(workload);
  }

  /** One series: its detector, its last window of samples and its usual level. */
  private final class Series {
    final AnomalyDetector detector;
    final double[] ring = new double[settings.window()];
    long count;
    double baseline = Double.NaN;
    double largest;

    /** The highest sample older than the window; -infinity while none is. */
    double highestBefore = Double.NEGATIVE_INFINITY;

    Score score = Score.NONE;

    /** The highest score within the window (roughly: since it last fell out), and its age. */
    Score peak = Score.NONE;

    long peakAge;

    /** Steps since its last anomalous sample; large when it never had one. */
    long sinceAnomalous = Long.MAX_VALUE / 2;

    /** The least distance from the band's median for an anomalous sample, in its unit. */
    final double leastChange;

    /** Whether the latest sample was anomalous. */
    boolean anomalous;

    Series(AnomalyDetector detector, Resource resource) {
      this.detector = detector;
      this.leastChange = settings.leastChange().get(resource);
    }

    void add(Instant now, double value) {
      score = detector.score(now, value);
      anomalous =
          score.value() >= settings.threshold()
              && score.band().isPresent()
              && Math.abs(value - score.band().get().median()) >= leastChange;
      sinceAnomalous = anomalous ? 0 : sinceAnomalous + 1;
      peakAge++;
      if (score.value() >= peak.value() || peakAge >= ring.length) {
        peak = score;
        peakAge = 0;
      }
      int slot = (int) (count % ring.length);
      if (count >= ring.length) {
        double leaving = ring[slot];
        highestBefore = Math.max(highestBefore, leaving);
        baseline =
            Double.isNaN(baseline) ? leaving : baseline + baselineRate * (leaving - baseline);
      }
      ring[slot] = value;
      count++;
      largest = Math.max(largest, value);
    }

    boolean full() {
      return count >= ring.length;
    }

    /** The window, oldest first. */
    double[] window() {
      double[] out = new double[ring.length];
      int start = (int) (count % ring.length);
      for (int i = 0; i < ring.length; i++) {
        out[i] = ring[(start + i) % ring.length];
      }
      return out;
    }

    /** Whether a sample within the window was anomalous. */
    boolean flaggedInWindow() {
      return sinceAnomalous < ring.length;
    }

    /** {@code level}, or the floor when it is below it. */
    double floored(double level) {
      return Math.max(level, FLOOR * largest);
    }

    /** The lower of the window's first half's mean and the usual level, floored. */
    double earlier(double[] w) {
      double first = mean(w, 0, w.length / 2);
      return floored(Double.isNaN(baseline) ? first : Math.min(first, baseline));
    }
  }

  /** A kind matched at a tick, with what it rests on. */
  private record Match(AnomalyKind kind, Set<Resource> resources, String evidence) {}

  /** One workload's series and open anomalies. */
  private final class Watched {
    final Map<Resource, Series> series = new EnumMap<>(Resource.class);

    /** Open anomalies by kind, and by resource for spikes and level shifts. */
    final Map<String, Open> open = new LinkedHashMap<>();

    void update(WorkloadId id, Instant now) {
      List<Match> matches = new ArrayList<>();
      leak().ifPresent(matches::add);
      mining().ifPresent(matches::add);
      surge().ifPresent(matches::add);
      profile().ifPresent(matches::add);
      Set<Resource> covered = EnumSet.noneOf(Resource.class);
      Set<String> matched = new HashSet<>();
      for (Match m : matches) {
        String key = m.kind().name();
        matched.add(key);
        covered.addAll(m.resources());
        Open a = open.get(key);
        if (a == null) {
          a = absorbBreak(m).orElseGet(() -> new Open(nextId++, m.kind(), m.resources(), now));
          open.put(key, a);
        }
        a.matched(m.evidence(), m.resources(), series);
      }
      for (Open a : open.values()) {
        if (!a.kind.equals(AnomalyKind.SPIKE) && !a.kind.equals(AnomalyKind.LEVEL_SHIFT)) {
          covered.addAll(a.resources);
        }
      }
      series.forEach(
          (r, s) -> {
            String key = BREAK.get(r);
            Open a = open.get(key);
            if (s.anomalous && !covered.contains(r)) {
              if (a == null) {
                a = new Open(nextId++, AnomalyKind.SPIKE, Set.of(r), now);
                open.put(key, a);
              }
              if (s.score.band().isPresent()) {
                a.brokenBand = s.score.band();
              }
              a.matched(breakEvidence(r, s, a), Set.of(r), series);
              matched.add(key);
            }
            if (a != null) {
              a.shiftCheck(s, r);
            }
          });
      Iterator<Map.Entry<String, Open>> it = open.entrySet().iterator();
      while (it.hasNext()) {
        Open a = it.next().getValue();
        a.steps++;
        if (!matched.contains(keyOf(a))) {
          a.missed(now);
        }
      }
    }

    /**
     * The open spike or level shift on one of the match's resources, become the matched kind: the
     * first sign of a leak or a surge is often its band broken, and it is one anomaly, not two.
     */
    private Optional<Open> absorbBreak(Match m) {
      for (Resource r : m.resources()) {
        Open a = open.remove(BREAK.get(r));
        if (a != null) {
          a.kind = m.kind();
          a.resources = m.resources();
          return Optional.of(a);
        }
      }
      return Optional.empty();
    }

    private String keyOf(Open a) {
      return a.kind == AnomalyKind.SPIKE || a.kind == AnomalyKind.LEVEL_SHIFT
          ? BREAK.get(a.resources.iterator().next())
          : a.kind.name();
    }

    private String breakEvidence(Resource r, Series s, Open a) {
      String band =
          a.brokenBand
              .map(b -> String.format(Locale.ROOT, " outside [%.4g, %.4g]", b.low(), b.high()))
              .orElse("");
      return String.format(
          Locale.ROOT, "%s %.4g%s, score %.2f", r.key(), s.ring[index(s)], band, s.score.value());
    }

    private int index(Series s) {
      return (int) ((s.count - 1) % s.ring.length);
    }

    private Optional<Match> leak() {
      Series m = series.get(Resource.MEMORY);
      Series c = series.get(Resource.CPU);
      if (m == null || c == null || !m.full() || !c.full()) {
        return Optional.empty();
      }
      int n = settings.window();
      Trend mt = Trend.of(m.window());
      double memRise = mt.rise(n) / Math.max(mt.mean(), Double.MIN_NORMAL);
      if (!(mt.slope() > 0
          && mt.r2() >= STEADY
          && memRise >= settings.leakRise()
          && mt.mean() > m.highestBefore)) {
        return Optional.empty();
      }
      Trend ct = Trend.of(c.window());
      double cpuMove = ct.rise(n) / Math.max(ct.mean(), settings.cpuIdle());
      if (Math.abs(cpuMove) > settings.flat()) {
        return Optional.empty();
      }
      return Optional.of(
          new Match(
              AnomalyKind.LEAK,
              Set.of(Resource.MEMORY),
              String.format(
                  Locale.ROOT,
                  "memory %+.0f%% over %d steps (r2 %.2f), cpu flat (%+.0f%%)",
                  100 * memRise,
                  n,
                  mt.r2(),
                  100 * cpuMove)));
    }

    private Optional<Match> mining() {
      Series c = series.get(Resource.CPU);
      Series net = series.get(Resource.NETWORK);
      if (c == null || net == null || !c.full() || !net.full() || !net.flaggedInWindow()) {
        return Optional.empty();
      }
      double[] cw = c.window();
      Trend ct = Trend.of(Arrays.copyOfRange(cw, cw.length / 2, cw.length));
      double[] w = net.window();
      double before = net.earlier(w);
      double after = mean(w, w.length / 2, w.length);
      boolean high =
          ct.mean() >= settings.cpuPinned() || ct.mean() >= settings.surge() * c.earlier(cw);
      if (high
          && ct.spread() <= settings.flat() * ct.mean()
          && after >= (1 + settings.rise()) * before) {
        return Optional.of(
            new Match(
                AnomalyKind.MINING_OR_EXFILTRATION,
                Set.of(Resource.CPU, Resource.NETWORK),
                String.format(
                    Locale.ROOT,
                    "cpu pinned at %.0f millicores, network %.4g -> %.4g bytes/s",
                    ct.mean(),
                    before,
                    after)));
      }
      return Optional.empty();
    }

    private Optional<Match> surge() {
      Series c = series.get(Resource.CPU);
      Series d = series.get(Resource.DISK_IO);
      if (c == null || d == null || !c.full() || !d.full() || !d.flaggedInWindow()) {
        return Optional.empty();
      }
      double cpu = mean(c.window(), 0, settings.window());
      double[] w = d.window();
      double before = d.earlier(w);
      double after = mean(w, w.length / 2, w.length);
      if (cpu <= settings.cpuIdle() && after >= settings.surge() * before) {
        return Optional.of(
            new Match(
                AnomalyKind.DISK_SURGE,
                Set.of(Resource.DISK_IO),
                String.format(
                    Locale.ROOT,
                    "disk_io %.4g -> %.4g bytes/s (x%.1f), cpu idle at %.0f millicores",
                    before,
                    after,
                    after / before,
                    cpu)));
      }
      return Optional.empty();
    }

    private Optional<Match> profile() {
      if (series.size() < 2) {
        return Optional.empty();
      }
      StringBuilder evidence = new StringBuilder();
      for (Map.Entry<Resource, Series> e : series.entrySet()) {
        Series s = e.getValue();
        if (!s.full() || Double.isNaN(s.baseline) || !s.flaggedInWindow()) {
          return Optional.empty();
        }
        double usual = s.floored(s.baseline);
        double now = s.floored(mean(s.window(), 0, settings.window()));
        double factor = Math.max(now / usual, usual / now);
        if (factor < settings.profileFactor()) {
          return Optional.empty();
        }
        evidence
            .append(evidence.isEmpty() ? "" : ", ")
            .append(String.format(Locale.ROOT, "%s x%.2f", e.getKey().key(), now / usual));
      }
      return Optional.of(
          new Match(
              AnomalyKind.PROFILE_CHANGE, EnumSet.copyOf(series.keySet()), evidence.toString()));
    }
  }

  /** An anomaly while it is open (and at the tick it closes). */
  private final class Open {
    final long id;
    final Instant start;
    AnomalyKind kind;
    Set<Resource> resources;
    double score;
    Optional<Band> band = Optional.empty();
    Optional<Band> brokenBand = Optional.empty();
    String evidence = "";
    Instant missedSince;
    int missed;
    long steps;
    Instant end;

    Open(long id, AnomalyKind kind, Set<Resource> resources, Instant start) {
      this.id = id;
      this.kind = kind;
      this.resources = resources;
      this.start = start;
    }

    void matched(String evidence, Set<Resource> resources, Map<Resource, Series> series) {
      this.evidence = evidence;
      this.resources = resources;
      missed = 0;
      missedSince = null;
      for (Resource r : resources) {
        Score s = series.get(r).peak;
        if (s.value() > score || band.isEmpty()) {
          score = Math.max(score, s.value());
          band = s.band().isPresent() ? s.band() : band;
        }
      }
    }

    /**
     * A spike open for {@code shift-after} steps or more whose last {@code shift-after} samples
     * have their median outside the band its latest anomalous sample broke is a level shift (the
     * median: one outlier among them is not a new level).
     */
    void shiftCheck(Series s, Resource r) {
      int n = settings.shiftAfter();
      if (kind != AnomalyKind.SPIKE || steps + 1 < n || brokenBand.isEmpty()) {
        return;
      }
      double[] w = s.window();
      double[] recent = Arrays.copyOfRange(w, w.length - Math.min(n, w.length), w.length);
      Arrays.sort(recent);
      double median = (recent[(recent.length - 1) / 2] + recent[recent.length / 2]) / 2;
      Band b = brokenBand.get();
      if (median > b.high() || median < b.low()) {
        kind = AnomalyKind.LEVEL_SHIFT;
        evidence =
            String.format(
                Locale.ROOT,
                "%s at a median of %.4g over %d steps, outside [%.4g, %.4g]",
                r.key(),
                median,
                recent.length,
                b.low(),
                b.high());
      }
    }

    void missed(Instant now) {
      if (missed++ == 0) {
        missedSince = now;
      }
      if (missed >= settings.closeAfter()) {
        end = missedSince;
      }
    }

    Anomaly value(WorkloadId workload) {
      return new Anomaly(
          id, workload, resources, kind, start, Optional.ofNullable(end), score, band, evidence);
    }
  }

  private static double mean(double[] values, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += values[i];
    }
    return sum / Math.max(1, to - from);
  }
}
