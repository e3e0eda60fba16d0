package org.pae.core.registry;

import java.util.Collection;
import java.util.Optional;

/** The closest of some known names to a misspelt one, for "did you mean" in error messages. */
public final class Names {
  private Names() {}

  /**
   * The known name nearest {@code name} in edits (insert, delete, replace a character), when it is
   * within a third of the name's length (at least one edit); ties go to the first listed.
   */
  public static Optional<String> closest(String name, Collection<String> known) {
    String best = null;
    int bestDistance = Math.max(1, name.length() / 3) + 1;
    for (String k : known) {
      int d = distance(name, k);
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    return Optional.ofNullable(best);
  }

  /** The Levenshtein distance between two strings. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int replace = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(replace, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] t = previous;
      previous = current;
      current = t;
    }
    return previous[b.length()];
  }
}
