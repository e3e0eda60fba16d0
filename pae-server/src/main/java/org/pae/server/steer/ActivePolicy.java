package org.pae.server.steer;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.pae.core.allocate.PolicySetup;
import org.pae.core.model.Resource;

/**
 * The allocation policy the engine runs ({@code allocate.policy}) and the {@code policy.*} keys it
 * reads itself: an override of a policy setting it does not read would be accepted to no effect, so
 * {@link #check} refuses it. The loop's bounds ({@code leadTime}, {@code min}, {@code max}) are
 * read under every policy.
 *
 * @param name the policy's name
 * @param reads the {@code policy.*} keys it reads itself (e.g. {@code risk-budget})
 * @param values its own settings per resource, by key, which an override is checked over ({@link
 *     PolicyOverride#checkOver}); none known: an override is checked alone
 */
public record ActivePolicy(
    String name, Set<String> reads, Map<Resource, Map<String, Double>> values) {
  /** The API's fields of policy settings, by the {@code policy.*} key each sets. */
  private static final Map<String, String> FIELDS = fields();

  /** The fields of the loop's bounds, used under every policy. */
  private static final List<String> LOOP_FIELDS = List.of("leadTime", "min", "max");

  /** No policy named: every field is taken (an engine that says nothing of its policy). */
  public static final ActivePolicy ANY = new ActivePolicy("any", FIELDS.keySet(), Map.of());

  public ActivePolicy {
    Objects.requireNonNull(name, "name");
    reads = Set.copyOf(reads);
    values = Map.copyOf(values);
  }

  /** The policy {@code name} that reads {@code reads} itself, with its own settings {@code own}. */
  public static ActivePolicy of(String name, Set<String> reads, PolicySetup own) {
    Map<Resource, Map<String, Double>> values = new EnumMap<>(Resource.class);
    for (Resource r : Resource.values()) {
      values.put(r, Map.copyOf(own.values(r)));
    }
    return new ActivePolicy(name, reads, values);
  }

  private static Map<String, String> fields() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("threshold", "threshold");
    m.put("reduction-threshold", "reductionThreshold");
    m.put("headroom", "headroom");
    m.put("risk-budget", "riskBudget");
    return m;
  }

  /**
   * Refuses {@code o} when it sets a policy setting this policy does not read, naming the policy
   * and the fields it does use.
   */
  public void check(PolicyOverride o) {
    Map<String, Object> set = new LinkedHashMap<>();
    set.put("threshold", o.threshold());
    set.put("reduction-threshold", o.reductionThreshold());
    set.put("headroom", o.headroom());
    set.put("risk-budget", o.riskBudget());
    for (Map.Entry<String, Object> e : set.entrySet()) {
      if (e.getValue() != null && !reads.contains(e.getKey())) {
        String field = FIELDS.get(e.getKey());
        throw new UnusedSettingException(
            field,
            "the active policy '"
                + name
                + "' does not use "
                + field
                + "; it uses "
                + String.join(", ", used())
                + " (leadTime, min and max are the loop's, under every policy)");
      }
    }
  }

  /** The API fields this policy uses, its own then the loop's. */
  public List<String> used() {
    List<String> out = new ArrayList<>();
    FIELDS.forEach(
        (key, field) -> {
          if (reads.contains(key)) {
            out.add(field);
          }
        });
    out.addAll(LOOP_FIELDS);
    return out;
  }
}
