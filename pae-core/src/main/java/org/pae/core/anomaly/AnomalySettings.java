package org.pae.core.anomaly;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.pae.core.config.SettingsSource;
import org.pae.core.config.Values;
import org.pae.core.model.Resource;
import org.pae.core.model.Workload;

/**
 * The {@code anomaly.*} section of the settings: which detector scores each series, the threshold
 * that makes a sample anomalous, how a workload's kinds of anomaly are recognised ({@link
 * AnomalyWatch}), and what the loop does about them ({@link AnomalyAction}), per workload, per
 * account, or for all. Every default and its meaning is in the defaults file.
 *
 * @param detector the registered detector's name, or {@code none}: no detection
 * @param params the detector's parameters ({@code anomaly.<detector>.<key>})
 * @param threshold a sample scoring at least this is anomalous, in (0, 1]
 * @param leastChange per resource, the least distance from its band's median, in the resource's
 *     unit, for a sample scoring past the threshold to be anomalous, &gt;= 0
 * @param window steps of each series a kind is recognised over, &gt;= 4
 * @param baseline half-life, in steps, of a series' usual level (an average of the samples older
 *     than the window), &gt;= 1
 * @param closeAfter steps without an anomalous sample after which a spike or level shift closes,
 *     &gt;= 1
 * @param shiftAfter steps after its start at which a spike still away from its usual level is a
 *     level shift, &gt;= 1
 * @param leakRise the least rise of memory over the window, as a share of its mean, for a leak
 * @param flat the most CPU may move over the window, as a share of its mean, and still be flat
 * @param cpuPinned the least CPU, in millicores, over the whole window for CPU to be pinned
 * @param cpuIdle the most CPU, in millicores, over the window for CPU to be idle
 * @param rise the least rise of network traffic, as a share of its earlier level, for it to rise
 * @param surge the least factor by which disk I/O exceeds its earlier level for a surge, &gt; 1
 * @param profileFactor the factor every resource must move by, from its usual level, for a new
 *     profile, &gt; 1
 * @param containGrowth under {@code contain}, growth is capped at the allocation in force when the
 *     anomaly opened times {@code 1 + containGrowth}, &gt;= 0
 * @param action the action for workloads and accounts not named
 * @param accounts the action per account id ({@code anomaly.account.<account>.action})
 * @param workloads the action per workload id ({@code anomaly.workload.<workload>.action})
 * @param webhook where the live engine POSTs each anomaly that opens, changes kind or closes;
 *     empty: none
 * @param webhookAttempts tries per webhook delivery, &gt;= 1
 * @param webhookBackoff the wait after a failed try, doubling after each
 */
public record AnomalySettings(
    String detector,
    Map<String, String> params,
    double threshold,
    Map<Resource, Double> leastChange,
    int window,
    int baseline,
    int closeAfter,
    int shiftAfter,
    double leakRise,
    double flat,
    double cpuPinned,
    double cpuIdle,
    double rise,
    double surge,
    double profileFactor,
    double containGrowth,
    AnomalyAction action,
    Map<String, AnomalyAction> accounts,
    Map<String, AnomalyAction> workloads,
    String webhook,
    int webhookAttempts,
    Duration webhookBackoff) {
  /** The name of {@link #detector} that turns detection off. */
  public static final String NONE = "none";

  public AnomalySettings {
    Objects.requireNonNull(detector, "detector");
    Objects.requireNonNull(action, "action");
    params = Map.copyOf(params);
    leastChange = Map.copyOf(leastChange);
    for (Resource r : Resource.values()) {
      check(
          leastChange.getOrDefault(r, -1.0) >= 0,
          "anomaly.least-change." + r.key() + " >= 0",
          leastChange.getOrDefault(r, Double.NaN));
    }
    accounts = Map.copyOf(accounts);
    workloads = Map.copyOf(workloads);
    check(threshold > 0 && threshold <= 1, "anomaly.threshold in (0, 1]", threshold);
    check(window >= 4, "anomaly.window >= 4", window);
    check(baseline >= 1, "anomaly.baseline >= 1", baseline);
    check(closeAfter >= 1, "anomaly.close-after >= 1", closeAfter);
    check(shiftAfter >= 1, "anomaly.shift-after >= 1", shiftAfter);
    check(leakRise > 0, "anomaly.leak-rise > 0", leakRise);
    check(flat > 0, "anomaly.flat > 0", flat);
    check(cpuPinned > 0, "anomaly.cpu-pinned > 0", cpuPinned);
    check(cpuIdle >= 0, "anomaly.cpu-idle >= 0", cpuIdle);
    check(rise > 0, "anomaly.rise > 0", rise);
    check(surge > 1, "anomaly.surge > 1", surge);
    check(profileFactor > 1, "anomaly.profile-factor > 1", profileFactor);
    check(containGrowth >= 0, "anomaly.contain-growth >= 0", containGrowth);
    check(webhookAttempts >= 1, "anomaly.webhook-attempts >= 1", webhookAttempts);
    Objects.requireNonNull(webhook, "webhook");
    Objects.requireNonNull(webhookBackoff, "webhookBackoff");
    if (!webhook.isBlank() && !webhook.matches("https?://\\S+")) {
      throw new IllegalArgumentException(
          "anomaly.webhook must be an http(s) URL such as http://127.0.0.1:9000/hook: " + webhook);
    }
  }

  private static void check(boolean ok, String rule, double value) {
    if (!ok) {
      throw new IllegalArgumentException("expected " + rule + ", got " + value);
    }
  }

  /**
   * The detector's parameters with the least change per resource ({@code least-change.<resource>}),
   * which every detector takes.
   */
  public Map<String, String> detectorParams() {
    Map<String, String> out = new TreeMap<>(params);
    leastChange.forEach(
        (r, v) -> out.put(AnomalyRegistry.LEAST_CHANGE + r.key(), Double.toString(v)));
    return out;
  }

  /** Whether a detector is configured. */
  public boolean enabled() {
    return !detector.equals(NONE);
  }

  /** The action for {@code w}: its own, else its account's, else {@link #action}. */
  public AnomalyAction action(Workload w) {
    AnomalyAction a = workloads.get(w.id().value());
    if (a == null) {
      a = accounts.getOrDefault(w.account().value(), action);
    }
    return a;
  }

  /** Reads {@code anomaly.*} from {@code source}. */
  public static AnomalySettings load(SettingsSource source) {
    String p = "anomaly.";
    String detector = source.get(p + "detector");
    Map<String, String> params = new TreeMap<>();
    if (!detector.equals(NONE)) {
      String mine = p + detector + ".";
      source.keys(mine).forEach(k -> params.put(k.substring(mine.length()), source.get(k)));
    }
    Map<String, AnomalyAction> accounts = new TreeMap<>();
    Map<String, AnomalyAction> workloads = new TreeMap<>();
    for (String k : source.keys(p)) {
      perOwner(source, k, p + "account.", accounts);
      perOwner(source, k, p + "workload.", workloads);
    }
    return new AnomalySettings(
        detector,
        params,
        source.number(p + "threshold"),
        leastChange(source, p + "least-change."),
        (int) Values.whole(p + "window", source.get(p + "window")),
        (int) Values.whole(p + "baseline", source.get(p + "baseline")),
        (int) Values.whole(p + "close-after", source.get(p + "close-after")),
        (int) Values.whole(p + "shift-after", source.get(p + "shift-after")),
        source.number(p + "leak-rise"),
        source.number(p + "flat"),
        source.number(p + "cpu-pinned"),
        source.number(p + "cpu-idle"),
        source.number(p + "rise"),
        source.number(p + "surge"),
        source.number(p + "profile-factor"),
        source.number(p + "contain-growth"),
        AnomalyAction.parse(p + "action", source.get(p + "action")),
        accounts,
        workloads,
        source.get(p + "webhook"),
        (int) Values.whole(p + "webhook-attempts", source.get(p + "webhook-attempts")),
        source.duration(p + "webhook-backoff"));
  }

  /** Per resource: bytes for memory, disk and network (16M), a number for CPU and GPU. */
  private static Map<Resource, Double> leastChange(SettingsSource source, String prefix) {
    Map<Resource, Double> out = new EnumMap<>(Resource.class);
    for (Resource r : Resource.values()) {
      String key = prefix + r.key();
      out.put(
          r,
          r == Resource.CPU || r == Resource.GPU
              ? source.number(key)
              : (double) Values.size(key, source.get(key)));
    }
    return out;
  }

  /** {@code <prefix><owner>.action = <action>} into {@code out}. */
  private static void perOwner(
      SettingsSource source, String key, String prefix, Map<String, AnomalyAction> out) {
    if (key.startsWith(prefix) && key.endsWith(".action")) {
      String owner = key.substring(prefix.length(), key.length() - ".action".length());
      if (!owner.isEmpty()) {
        out.put(owner, AnomalyAction.parse(key, source.get(key)));
      }
    }
  }
}
