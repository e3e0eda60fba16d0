package org.pae.bench.forecast;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.function.Supplier;
import org.pae.core.forecast.arima.Arima;
import org.pae.core.forecast.arima.ArimaOrder;
import org.pae.core.forecast.ets.Ets;
import org.pae.core.forecast.ets.EtsKind;

/**
 * One fit on 2,000 points in thread CPU time (the {@link FitBenchmark} fits, timed so that a loaded
 * machine does not inflate them): the median of 30 fits after 10 unmeasured ones, each on a
 * different seeded series. Run: {@code java -cp pae-bench/target/benchmarks.jar
 * org.pae.bench.forecast.FitCpuCost}.
 */
public final class FitCpuCost {
  private FitCpuCost() {}

  public static void main(String[] args) {
    ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    int day = SyntheticLoad.DAY;
    report(bean, "arima(2,1,1)", s -> () -> Arima.fit(s, new ArimaOrder(2, 1, 1, 0, 0)));
    report(bean, "arima auto", s -> () -> Arima.auto(s, 0, 2, 2));
    report(bean, "arima auto seasonal", s -> () -> Arima.auto(s, day, 2, 2));
    report(bean, "ets damped", s -> () -> Ets.fit(s, EtsKind.DAMPED, 0));
    report(bean, "holt-winters additive", s -> () -> Ets.fit(s, EtsKind.ADDITIVE, day));
    report(bean, "ets auto seasonal", s -> () -> Ets.auto(s, day));
  }

  private static void report(
      ThreadMXBean bean, String name, java.util.function.Function<double[], Supplier<?>> fit) {
    long[] cpu = new long[30];
    for (int i = -10; i < cpu.length; i++) {
      Supplier<?> f = fit.apply(SyntheticLoad.series(100 + i, 2000));
      long c0 = bean.getCurrentThreadCpuTime();
      if (f.get() == null) {
        throw new IllegalStateException(name + " gave no fit");
      }
      if (i >= 0) {
        cpu[i] = bean.getCurrentThreadCpuTime() - c0;
      }
    }
    Arrays.sort(cpu);
    System.out.printf("%s: median %.2f ms CPU, max %.2f ms%n", name, cpu[15] / 1e6, cpu[29] / 1e6);
  }
}
