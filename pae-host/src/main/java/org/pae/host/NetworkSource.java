package org.pae.host;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.ToDoubleBiFunction;
import org.pae.core.model.Observation;
import org.pae.core.model.ProgramCode;
import org.pae.core.model.Resource;
import org.pae.core.model.SeriesKey;
import org.pae.core.model.Workload;
import org.pae.core.model.WorkloadKind;
import org.pae.core.ports.MetricSource;

/**
 * The host's network interfaces from {@code /proc/net/dev}: each one (but loopback) a workload
 * {@code net:NAME} with its traffic, received plus transmitted, as a rate: a {@link
 * WorkloadKind#DEVICE} with program code {@code netdev}. PAE only recommends here; it shapes no
 * traffic.
 */
public final class NetworkSource implements MetricSource {
  private static final ProgramCode NETDEV = ProgramCode.of("netdev");
  private final Path netDev;
  private final ToDoubleBiFunction<SeriesKey, Double> allocation;
  private final CounterRate<String> rates = new CounterRate<>();

  /**
   * @param netDev the file ({@code /proc/net/dev})
   * @param allocation the allocation in force for a series, given its usage
   */
  public NetworkSource(Path netDev, ToDoubleBiFunction<SeriesKey, Double> allocation) {
    this.netDev = netDev;
    this.allocation = allocation;
  }

  @Override
  public List<Observation> observe(Instant now) {
    Map<String, Long> interfaces;
    try {
      interfaces = NetDev.read(netDev);
    } catch (IOException e) {
      throw new SourceUnavailableException("cannot read " + netDev + ": " + e.getMessage(), e);
    }
    rates.retainAll(interfaces.keySet());
    List<Observation> out = new ArrayList<>();
    for (Map.Entry<String, Long> e : interfaces.entrySet()) {
      if (e.getKey().equals("lo")) {
        continue;
      }
      Workload w = Workload.of("net:" + e.getKey(), WorkloadKind.DEVICE).withProgram(NETDEV);
      OptionalDouble usage = rates.rate(e.getKey(), now, e.getValue(), 1);
      double allocated =
          allocation.applyAsDouble(new SeriesKey(w.id(), Resource.NETWORK), usage.orElse(0));
      out.add(new Observation(w, Resource.NETWORK, usage, allocated));
    }
    return out;
  }
}
