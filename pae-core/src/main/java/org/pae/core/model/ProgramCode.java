package org.pae.core.model;

import java.util.List;
import java.util.Objects;

/**
 * What a workload runs: an identifier (an image, a binary, a job name) and what is known about it.
 * Workloads with the same program code tend to use resources alike; the long-term models learn from
 * that.
 *
 * @param id the program's identifier
 * @param dependencies other programs or services it depends on
 * @param accessPatterns known patterns in words ({@code nightly-batch}, {@code business-hours})
 */
public record ProgramCode(String id, List<String> dependencies, List<String> accessPatterns) {
  public static final ProgramCode UNKNOWN = new ProgramCode("unknown", List.of(), List.of());

  public ProgramCode {
    Objects.requireNonNull(id, "program code id");
    dependencies = List.copyOf(dependencies);
    accessPatterns = List.copyOf(accessPatterns);
  }

  public static ProgramCode of(String id) {
    return new ProgramCode(id, List.of(), List.of());
  }
}
