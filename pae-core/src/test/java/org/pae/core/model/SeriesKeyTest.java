package org.pae.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeriesKeyTest {

  @Test
  void theHashIsTheSameInEveryRunBeingMadeOfStringHashesOnly() {
    // String hashes are fixed by the language (an enum's identity hash is not): "vm-1" and
    // "MEMORY" hash to these in every run.
    assertThat(new SeriesKey(WorkloadId.of("vm-1"), Resource.MEMORY).hashCode())
        .isEqualTo(31 * 3_621_531 - 2_024_427_263);
    assertThat(new SeriesKey(WorkloadId.of("vm-1"), Resource.MEMORY))
        .isEqualTo(new SeriesKey(WorkloadId.of("vm-1"), Resource.MEMORY))
        .isNotEqualTo(new SeriesKey(WorkloadId.of("vm-1"), Resource.CPU));
  }
}
