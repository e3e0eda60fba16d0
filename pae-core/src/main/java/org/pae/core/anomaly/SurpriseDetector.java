package org.pae.core.anomaly;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.pae.core.forecast.Forecaster;
import org.pae.core.forecast.Gaussian;

/**
 * Scores each sample by how far it falls outside the calibrated forecast band of the series' own
 * forecaster, at several horizons, and how unusual a short window of such surprises is against a
 * long one ({@link Likelihood}).
 *
 * <p>Before a sample is learnt, it is compared with the band the forecaster gave for it {@code h}
 * steps earlier, for each horizon {@code h}: the forecast's median and its {@code band}-quantiles
 * give a spread on each side (a normal's, for the band's level), and the sample's surprise is how
 * many decades less likely than the band's edge it is, over {@value #DECADES} decades, in [0, 1] (0
 * inside the band). The largest surprise over the horizons enters the likelihood: the one-step band
 * catches spikes, the longer ones a level that moves away slowly from where it was expected.
 * Seasonality is the forecaster's: a daily batch job that its seasonal models expect falls inside
 * the band.
 *
 * <p>The likelihood's {@code -log10} tail probability {@code s} becomes the score {@code s / (s +
 * scale)}: 0 for a usual window, 0.5 at {@code s = scale}, towards 1 beyond. A value beyond the
 * range of all the series' earlier values by more than {@code rangeTolerance} of that range scores
 * 1 (Numenta's NAB detector does the same). With {@code quiet > 0}, a score that does not exceed
 * the highest of the last {@code quiet} steps by {@code margin} is halved: an episode is reported
 * when it starts or grows, not at every step it lasts.
 */
public final class SurpriseDetector implements AnomalyDetector {
  /** A sample this many decades less likely than the band's edge is as surprising as it gets. */
  static final double DECADES = 4;

  /**
   * @param horizons the horizons compared, in steps, ascending, each &gt;= 1
   * @param band the central probability of the band, in (0, 1)
   * @param shortWindow steps averaged into the recent surprise, &gt;= 1
   * @param longWindow steps of recent means the likelihood's normal is fitted to, &gt; shortWindow
   * @param warmup steps scored 0 while the forecaster and the likelihood learn, &gt;= 2
   * @param scale the {@code -log10} tail probability that scores 0.5, &gt; 0
   * @param rangeTolerance a value beyond the range seen by this share of it scores 1, &gt; 0
   * @param quiet steps an episode's later scores are halved for unless they grow, &gt;= 0
   * @param margin how much a score must exceed the last {@code quiet} steps' to count as growth,
   *     &gt;= 0
   */
  public record Config(
      int[] horizons,
      double band,
      int shortWindow,
      int longWindow,
      int warmup,
      double scale,
      double rangeTolerance,
      int quiet,
      double margin) {
    public Config {
      horizons = horizons.clone();
      boolean ascending = horizons.length > 0 && horizons[0] >= 1;
      for (int i = 1; i < horizons.length; i++) {
        ascending &= horizons[i] > horizons[i - 1];
      }
      if (!ascending
          || !(band > 0 && band < 1)
          || shortWindow < 1
          || longWindow <= shortWindow
          || warmup < 2
          || !(scale > 0)
          || !(rangeTolerance > 0)
          || quiet < 0
          || !(margin >= 0)) {
        throw new IllegalArgumentException(
            "anomaly settings out of range: horizons ascending >= 1, band in (0, 1), short-window"
                + " >= 1, long-window > short-window, warmup >= 2, scale > 0, range-tolerance >"
                + " 0, quiet >= 0, margin >= 0; got horizons="
                + Arrays.toString(horizons)
                + ", band="
                + band
                + ", short-window="
                + shortWindow
                + ", long-window="
                + longWindow
                + ", warmup="
                + warmup
                + ", scale="
                + scale
                + ", range-tolerance="
                + rangeTolerance
                + ", quiet="
                + quiet
                + ", margin="
                + margin);
      }
    }

    @Override
    public int[] horizons() {
      return horizons.clone();
    }
  }

  private final Forecaster forecaster;
  private final Config config;
  private final double leastChange;
  private final int[] horizons;
  private final double low;
  private final double high;
  private final double zBand;
  private final double bandDecades;
  private final Likelihood likelihood;

  /** {@code bands[j][slot]}: median, lower and upper quantile forecast for a coming step. */
  private final double[][][] bands;

  /** The scores of the last {@code quiet} steps, before halving. */
  private final double[] recentScores;

  private long steps;
  private long lastSecond;
  private long stepSeconds;
  private double typical;
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;

  public SurpriseDetector(Forecaster forecaster, Config config) {
    this(forecaster, config, 0);
  }

  /**
   * @param leastChange the least distance from the median, in the series' unit, that can surprise:
   *     the band is at least this wide on each side, so that an episode starts with a change that
   *     matters (0: none)
   */
  public SurpriseDetector(Forecaster forecaster, Config config, double leastChange) {
    if (!(leastChange >= 0)) {
      throw new IllegalArgumentException("the least change must be >= 0: " + leastChange);
    }
    this.forecaster = forecaster;
    this.config = config;
    this.leastChange = leastChange;
    this.horizons = config.horizons();
    this.low = (1 - config.band()) / 2;
    this.high = 1 - low;
    this.zBand = Gaussian.quantile(high);
    this.bandDecades = Normal.log10Tail(zBand);
    this.likelihood = new Likelihood(config.shortWindow(), config.longWindow(), config.warmup());
    this.bands = new double[horizons.length][][];
    for (int j = 0; j < horizons.length; j++) {
      bands[j] = new double[horizons[j]][3];
      for (double[] b : bands[j]) {
        Arrays.fill(b, Double.NaN);
      }
    }
    this.recentScores = new double[Math.max(config.quiet(), 1)];
  }

  @Override
  public Score score(Instant time, double value) {
    long second = time.getEpochSecond();
    if (!Double.isFinite(value) || steps > 0 && second <= lastSecond) {
      return Score.NONE;
    }
    if (steps == 1) {
      stepSeconds = second - lastSecond;
    }
    lastSecond = second;
    double surprise = 0;
    double[] broken = null;
    for (int j = 0; j < horizons.length; j++) {
      double[] b = bands[j][(int) (steps % horizons[j])];
      if (!Double.isNaN(b[0])) {
        double here = surprise(value, b);
        if (broken == null || here > surprise) {
          surprise = here;
          broken = b;
        }
      }
    }
    double s = likelihood.add(surprise);
    double tolerance = Math.max(config.rangeTolerance() * (max - min), leastChange);
    boolean outside = max > min && (value > max + tolerance || value < min - tolerance);
    min = Math.min(min, value);
    max = Math.max(max, value);
    forecaster.observe(time, value);
    typical += (Math.abs(value) - typical) / Math.min(steps + 1, 1000);
    for (int j = 0; j < horizons.length; j++) {
      if (steps >= 1 && forecaster.observations() > 0) {
        double[] b = bands[j][(int) (steps % horizons[j])];
        Duration ahead = Duration.ofSeconds(stepSeconds * horizons[j]);
        forecaster.track(ahead, 0.5);
        b[0] = forecaster.quantile(ahead, 0.5);
        forecaster.track(ahead, low);
        b[1] = forecaster.quantile(ahead, low);
        forecaster.track(ahead, high);
        b[2] = forecaster.quantile(ahead, high);
      }
    }
    steps++;
    if (steps <= config.warmup()) {
      return Score.NONE;
    }
    double score = quieted(outside ? 1 : s / (s + config.scale()));
    return new Score(
        score,
        broken == null ? Optional.empty() : Optional.of(new Band(broken[1], broken[0], broken[2])));
  }

  /**
   * How far outside the band {@code b} the value is: the decades by which it is less likely than
   * the band's edge, over {@link #DECADES}, in [0, 1]; 0 inside the band.
   */
  private double surprise(double value, double[] b) {
    double floor = Math.max(1e-3 * typical + 1e-9, leastChange);
    double spread = value >= b[0] ? b[2] - b[0] : b[0] - b[1];
    double z = (value - b[0]) / (Math.max(spread, floor) / zBand);
    return Math.clamp((bandDecades - Normal.log10Tail(Math.abs(z))) / DECADES, 0, 1);
  }

  private double quieted(double score) {
    int quiet = config.quiet();
    if (quiet == 0) {
      return score;
    }
    double highest = 0;
    for (double r : recentScores) {
      highest = Math.max(highest, r);
    }
    recentScores[(int) (steps % quiet)] = score;
    return score > highest + config.margin() ? score : score / 2;
  }
}
