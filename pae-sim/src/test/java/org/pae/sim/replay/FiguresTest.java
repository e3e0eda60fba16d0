package org.pae.sim.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.pae.core.model.Resource;

/** Each figure of BENCHMARKS §1 on steps computed by hand. */
class FiguresTest {
  /**
   * Four steps of one VM, 300 s apart, p = 10 throughout:
   *
   * <pre>
   *   u  a   a−u  u−a  short  changed
   *   2  10   8    0    no     no
   *   6   4   0    2    yes    yes
   *   4   4   0    0    no     no     (u = a is not short)
   *   1   5   4    0    no     yes
   * </pre>
   *
   * Σa = 23, Σp = 40, Σu = 13, Σslack = 12, Σshort = 2, 1 short step of 4, 2 changes over 900 s.
   */
  static Tally fourSteps() {
    Tally t = new Tally();
    t.step(2, 10, 10, false, 0);
    t.step(6, 4, 10, true, 300);
    t.step(4, 4, 10, false, 300);
    t.step(1, 5, 10, true, 300);
    return t;
  }

  @Test
  void eachFigureAsDefined() {
    Figures f = Figures.of("x", Resource.CPU, fourSteps());
    assertThat(f.footprint()).isEqualTo(23.0 / 40);
    assertThat(f.relSlack()).isEqualTo(12.0 / 23);
    assertThat(f.shortRate()).isEqualTo(1.0 / 4);
    assertThat(f.shortVol()).isEqualTo(2.0 / 13);
    assertThat(f.chgDay()).isCloseTo(2 / (900 / 86_400.0), within(1e-9));
    assertThat(f.steps()).isEqualTo(4);
  }

  @Test
  void tallyOverSeveralVmsIsTheSumOfTheirSums() {
    Tally a = fourSteps();
    Tally b = new Tally();
    b.step(10, 5, 20, false, 0);
    b.step(10, 20, 20, true, 86_400);
    a.add(b);
    Figures f = Figures.of("x", Resource.MEMORY, a);
    assertThat(f.footprint()).isEqualTo((23.0 + 25) / (40 + 40));
    assertThat(f.relSlack()).isEqualTo((12.0 + 10) / (23 + 25));
    assertThat(f.shortRate()).isEqualTo(2.0 / 6);
    assertThat(f.shortVol()).isEqualTo((2.0 + 5) / (13 + 20));
    assertThat(f.chgDay()).isCloseTo(3 / ((900 + 86_400) / 86_400.0), within(1e-9));
  }

  @Test
  void usageAboveTheAllocationOnlyByFloatingPointNoiseIsNotShort() {
    Tally t = new Tally();
    t.step(10.733333333333334, 10.733333333333333, 20, false, 0);
    t.step(10.7334, 10.7333, 20, false, 300);
    Figures f = Figures.of("x", Resource.DISK_IO, t);
    assertThat(f.shortRate()).isEqualTo(0.5);
    assertThat(f.shortVol()).isCloseTo(1e-4 / (10.733333333333334 + 10.7334), within(1e-12));
  }

  @Test
  void aStepWithoutUsageCountsTowardTimeAndChangesOnly() {
    Tally t = new Tally();
    t.step(2, 4, 8, false, 0);
    t.step(Double.NaN, 6, 8, true, 43_200);
    Figures f = Figures.of("x", Resource.CPU, t);
    assertThat(f.footprint()).isEqualTo(0.5);
    assertThat(f.shortRate()).isZero();
    assertThat(f.chgDay()).isEqualTo(2.0);
    assertThat(f.steps()).isEqualTo(1);
    assertThat(t.missing()).isEqualTo(1);
  }
}
