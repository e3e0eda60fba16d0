package org.pae.sim.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.pae.core.assembly.Assembly;
import org.pae.core.forecast.ForecasterRegistry;
import org.pae.core.model.Resource;
import org.pae.core.settings.Settings;
import org.pae.sim.trace.Unit;
import org.pae.sim.trace.WorkloadTrace;

class ForecastEvalTest {
  /** A ramp rising 1 per 5-minute step for ten days, with one gap of an hour on day 9. */
  private static WorkloadTrace ramp() {
    int n = 288 * 10;
    long[] times = new long[n];
    double[] u = new double[n];
    for (int t = 0; t < n; t++) {
      times[t] = 1_000_000 + 300L * t + (t >= 288 * 9 ? 3600 : 0);
      u[t] = 100 + t;
    }
    return new WorkloadTrace(
        "ramp", times, Map.of(Resource.CPU, WorkloadTrace.Series.staticPeak(Unit.MHZ, u)));
  }

  /** The last value at levels 0.5 and 0.9 on CPU at 5-minute steps, after seven days. */
  private static ForecastEval lastValue(int[] horizons, Duration every) {
    ForecasterRegistry registry = ForecasterRegistry.standard();
    return new ForecastEval(
        new Assembly(Settings.load(registry), registry),
        new ForecastEval.Options(
            List.of("last-value"),
            horizons,
            new double[] {0.5, 0.9},
            Duration.ofDays(7),
            every,
            Set.of(Resource.CPU),
            1),
        Duration.ofMinutes(5));
  }

  @Test
  void theLastValueOnARampScoresExactly() throws Exception {
    ForecastEval eval = lastValue(new int[] {1, 12}, Duration.ofHours(1));
    List<ForecastEval.Row> rows = eval.run(Stream.of(ramp()));
    assertThat(rows).hasSize(2);
    ForecastEval.Row one = rows.get(0);
    ForecastEval.Row twelve = rows.get(1);
    // Errors of h on a ramp of slope 1; the in-sample naive error is 1: MASE = h.
    assertThat(one.mase()).isCloseTo(1, within(1e-9));
    assertThat(twelve.mase()).isCloseTo(12, within(1e-9));
    // Every actual lies above the forecast: nothing covered.
    assertThat(one.coverage()).containsExactly(0, 0);
    // 72 hourly origins over three days; 12 steps ahead, the origin an hour before the gap and the
    // last one (its target is past the end) score nothing.
    assertThat(one.forecasts()).isEqualTo(72);
    assertThat(twelve.forecasts()).isEqualTo(70);
    StringBuilder csv = new StringBuilder();
    ForecastEval.writeCsv(rows, new double[] {0.5, 0.9}, csv);
    assertThat(csv.toString())
        .startsWith("model,resource,horizon,mase,pinball50,pinball90,cov50,cov90\n")
        .contains("last-value,cpu,12,12.0000,");
  }

  @Test
  void coveragePerSlotOfTheHourAddsUpToTheRowsAndShowsTheTopOfTheHour() throws Exception {
    // Level 100 with a job in the first five minutes of every hour (the trace starts on the hour):
    // the last value covers the job's slot at neither level; scored every step, all 12 slots.
    int n = 288 * 9;
    long start = 1_372_629_600L;
    long[] times = new long[n];
    double[] u = new double[n];
    for (int t = 0; t < n; t++) {
      times[t] = start + 300L * t;
      u[t] = t % 12 == 0 ? 150 : 100;
    }
    WorkloadTrace hourly =
        new WorkloadTrace(
            "hourly", times, Map.of(Resource.CPU, WorkloadTrace.Series.staticPeak(Unit.MHZ, u)));
    ForecastEval eval = lastValue(new int[] {1}, Duration.ofMinutes(5));
    ForecastEval.Row row = eval.run(Stream.of(hourly)).getFirst();
    List<ForecastEval.SlotRow> slots = eval.slotRows();
    assertThat(slots).hasSize(12);
    assertThat(slots.stream().mapToLong(ForecastEval.SlotRow::forecasts).sum())
        .isEqualTo(row.forecasts());
    for (int i = 0; i < 2; i++) {
      int level = i;
      double covered = slots.stream().mapToDouble(s -> s.coverage()[level] * s.forecasts()).sum();
      assertThat(covered / row.forecasts()).isCloseTo(row.coverage()[level], within(1e-9));
    }
    assertThat(slots.getFirst().slot()).isZero();
    assertThat(slots.getFirst().coverage()).containsExactly(0, 0);
    assertThat(slots.get(5).coverage()).containsExactly(1, 1);
    StringBuilder csv = new StringBuilder();
    ForecastEval.writeSlotsCsv(slots, new double[] {0.5, 0.9}, csv);
    assertThat(csv.toString())
        .startsWith("model,resource,horizon,slot,forecasts,cov50,cov90\n")
        .contains("last-value,cpu,1,0,");
  }

  @Test
  void theCoverageFloorIsEachSeriesShareOfZerosWhereItExceedsTheLevel() throws Exception {
    // Nine days of 5-minute steps: "idle" is 0 but for the last three steps of every hour (zeros
    // 3/4 of the time), "busy" never 0, "dead" always 0.
    int n = 288 * 9;
    long[] times = new long[n];
    double[] idle = new double[n];
    double[] busy = new double[n];
    double[] dead = new double[n];
    for (int t = 0; t < n; t++) {
      times[t] = 1_372_629_600L + 300L * t;
      idle[t] = t % 12 < 9 ? 0 : 40;
      busy[t] = 100 + t % 7;
    }
    ForecastEval eval = lastValue(new int[] {1}, Duration.ofMinutes(5));
    ForecastEval.Row row =
        eval.run(
                Stream.of(
                    cpu("idle", times, idle), cpu("busy", times, busy), cpu("dead", times, dead)))
            .getFirst();
    List<ForecastEval.FloorRow> floors = eval.floorRows();
    assertThat(floors).hasSize(1);
    ForecastEval.FloorRow f = floors.getFirst();
    assertThat(f.forecasts()).isEqualTo(row.forecasts());
    assertThat(f.zeroShare()).isCloseTo((0.75 + 0 + 1) / 3, within(1e-3));
    // Level 0.5: max(0.5, 0.75), 0.5 and 1; level 0.9: 0.9, 0.9 and 1.
    assertThat(f.floor()[0]).isCloseTo((0.75 + 0.5 + 1) / 3, within(1e-3));
    assertThat(f.floor()[1]).isCloseTo((0.9 + 0.9 + 1) / 3, within(1e-3));
    StringBuilder csv = new StringBuilder();
    ForecastEval.writeFloorsCsv(floors, new double[] {0.5, 0.9}, csv);
    assertThat(csv.toString())
        .startsWith("resource,horizon,forecasts,zero_share,floor50,floor90\n")
        .contains("cpu,1,");
  }

  private static WorkloadTrace cpu(String id, long[] times, double[] u) {
    return new WorkloadTrace(
        id, times, Map.of(Resource.CPU, WorkloadTrace.Series.staticPeak(Unit.MHZ, u)));
  }
}
