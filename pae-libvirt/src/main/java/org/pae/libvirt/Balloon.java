package org.pae.libvirt;

import java.util.OptionalDouble;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.libvirt.MemoryStatistic;

/**
 * A running domain's memory as its balloon driver reports it, in bytes; -1 where not reported.
 * {@code available}, {@code usable} and {@code unused} are the guest's own view (its MemTotal,
 * MemAvailable and MemFree), reported only when the guest runs the virtio balloon driver and the
 * domain has a statistics period; {@code rss} is the hypervisor process's resident memory.
 *
 * @param actual the balloon's current size: what the guest is given now
 * @param available what the guest sees as its total
 * @param usable what the guest could still use without swapping (MemAvailable)
 * @param unused what the guest leaves entirely free (MemFree)
 * @param rss what the VM occupies on the host
 */
public record Balloon(long actual, long available, long usable, long unused, long rss) {
  // libvirt's virDomainMemoryStatTags.
  private static final int UNUSED = 4;
  private static final int AVAILABLE = 5;
  private static final int ACTUAL = 6;
  private static final int RSS = 7;
  private static final int USABLE = 8;
  private static final int ALL_TAGS = 13;

  /**
   * The balloon size the guest needs: its current size less what the guest says it could still use
   * (so the guest kernel's own reserve is part of it), else less what it leaves free, else the VM's
   * resident memory on the host (an upper bound). Empty when nothing of it is reported.
   */
  public OptionalDouble needed() {
    if (actual >= 0 && usable >= 0) {
      return OptionalDouble.of(Math.max(0, actual - usable));
    }
    if (actual >= 0 && unused >= 0) {
      return OptionalDouble.of(Math.max(0, actual - unused));
    }
    return rss >= 0 ? OptionalDouble.of(rss) : OptionalDouble.empty();
  }

  /** Whether the guest itself reports (its balloon driver is loaded and polled). */
  public boolean guestReports() {
    return usable >= 0 || unused >= 0;
  }

  static Balloon read(Domain d) throws LibvirtException {
    long actual = -1;
    long available = -1;
    long usable = -1;
    long unused = -1;
    long rss = -1;
    for (MemoryStatistic s : d.memoryStats(ALL_TAGS)) {
      // libvirt reports KiB.
      long bytes = s.getValue() * 1024;
      switch (s.getTag()) {
        case ACTUAL -> actual = bytes;
        case AVAILABLE -> available = bytes;
        case USABLE -> usable = bytes;
        case UNUSED -> unused = bytes;
        case RSS -> rss = bytes;
        default -> {
          // Swap and fault counters, disk caches, hugetlb: not an allocation.
        }
      }
    }
    return new Balloon(actual, available, usable, unused, rss);
  }
}
