package org.pae.sim.replay;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.pae.core.allocate.ShortfallPrice;
import org.pae.core.model.Resource;

/**
 * One replica's fleet-wide prices ({@link ShortfallPrice#replicate}), pooled with the other
 * replicas' through a {@link Pooling}: the replicas' parts ({@link ShortfallPrice.Share}) are sent
 * as bytes (arrays as their non-zero entries), merged into the fleet's ({@link
 * ShortfallPrice.Share#fleet}) and closed on every replica alike.
 */
final class PricePool {
  private final Pooling pooling;
  private final List<ShortfallPrice> prices;
  private final List<Resource> resources;
  private Set<Integer> armed = Set.of();
  private boolean fired;

  /**
   * @param prices the replica's prices, in an order every replica shares
   * @param resources each price's resource
   */
  PricePool(Pooling pooling, List<ShortfallPrice> prices, List<Resource> resources) {
    this.pooling = pooling;
    this.prices = List.copyOf(prices);
    this.resources = List.copyOf(resources);
  }

  int replica() {
    return pooling.replica();
  }

  int size() {
    return prices.size();
  }

  Resource resource(int price) {
    return resources.get(price);
  }

  /** The fleet's first and last step: the least first and the greatest last of the replicas'. */
  long[] span(long first, long last) {
    long[] span = {Long.MAX_VALUE, Long.MIN_VALUE};
    for (byte[] m :
        pooling.gather(
            write(
                out -> {
                  out.writeLong(first);
                  out.writeLong(last);
                }))) {
      DataInputStream in = read(m);
      span[0] = Math.min(span[0], readLong(in));
      span[1] = Math.max(span[1], readLong(in));
    }
    return span;
  }

  /** Makes every price a replica of the fleet's, its first interval ending at {@code firstEnd}. */
  void start(Instant firstEnd) {
    for (int i = 0; i < prices.size(); i++) {
      int price = i;
      prices.get(i).replicate(firstEnd, now -> closing(price, now));
    }
  }

  /** The prices whose open interval ends at or before {@code end}, in the pool's order. */
  List<Integer> due(Instant end) {
    List<Integer> due = new ArrayList<>();
    for (int i = 0; i < prices.size(); i++) {
      if (!prices.get(i).intervalEnd().isAfter(end)) {
        due.add(i);
      }
    }
    return due;
  }

  /**
   * A step of the fleet: its time (epoch seconds), the replica that steps it and its place in that
   * replica's share; {@link #NONE} for no step.
   */
  record Step(long time, int replica, int order) implements Comparable<Step> {
    static final Step NONE = new Step(Long.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE);

    @Override
    public int compareTo(Step o) {
      int c = Long.compare(time, o.time);
      c = c != 0 ? c : Integer.compare(replica, o.replica);
      return c != 0 ? c : Integer.compare(order, o.order);
    }
  }

  /**
   * For each price, the first of the fleet's steps among every replica's {@code mine} (this
   * replica's first step to record on each price, in the order of {@code mine}).
   */
  List<Step> first(List<Step> mine) {
    List<Step> first = new ArrayList<>();
    mine.forEach(s -> first.add(Step.NONE));
    for (byte[] m :
        pooling.gather(
            write(
                out -> {
                  for (Step s : mine) {
                    out.writeLong(s.time());
                    out.writeInt(s.replica());
                    out.writeInt(s.order());
                  }
                }))) {
      DataInputStream in = read(m);
      for (int i = 0; i < mine.size(); i++) {
        try {
          Step s = new Step(in.readLong(), in.readInt(), in.readInt());
          if (s.compareTo(first.get(i)) < 0) {
            first.set(i, s);
          }
        } catch (IOException e) {
          throw new UncheckedIOException("a replica's message is cut short", e);
        }
      }
    }
    return first;
  }

  /**
   * This replica is about to step the step at which {@code which} close: the first of its series to
   * record on one of them pools them ({@link #closing}); {@link #disarm} pools them after the step
   * if none did.
   */
  void arm(Set<Integer> which) {
    armed = Set.copyOf(which);
    fired = false;
  }

  void disarm(Instant now) {
    if (!fired) {
      close(armed, now);
    }
    armed = Set.of();
  }

  private void closing(int price, Instant now) {
    if (!armed.contains(price) || fired) {
      throw new IllegalStateException(
          "the replica's "
              + resources.get(price)
              + " price reached the end of its interval at "
              + now
              + " out of the fleet's turn");
    }
    fired = true;
    close(armed, now);
  }

  /**
   * Closes the open interval of {@code which} at {@code now} with the whole fleet's part: every
   * replica sends its own, every replica merges them alike.
   */
  void close(Set<Integer> which, Instant now) {
    List<Integer> order = List.copyOf(new TreeSet<>(which));
    byte[] mine =
        write(
            out -> {
              for (int i : order) {
                writeShare(out, prices.get(i).share());
              }
            });
    List<List<ShortfallPrice.Share>> parts = new ArrayList<>();
    order.forEach(i -> parts.add(new ArrayList<>()));
    for (byte[] m : pooling.gather(mine)) {
      DataInputStream in = read(m);
      for (List<ShortfallPrice.Share> part : parts) {
        part.add(readShare(in));
      }
    }
    for (int k = 0; k < order.size(); k++) {
      prices.get(order.get(k)).closeWith(now, ShortfallPrice.Share.fleet(parts.get(k)));
    }
  }

  /** Closes the interval ending at {@code end} on every price without pooling. */
  void closeOwn(Instant end) {
    prices.forEach(p -> p.closeOwn(end));
  }

  private interface Writing {
    void to(DataOutputStream out) throws IOException;
  }

  private static byte[] write(Writing w) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      w.to(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static DataInputStream read(byte[] m) {
    return new DataInputStream(new ByteArrayInputStream(m));
  }

  private static long readLong(DataInputStream in) {
    try {
      return in.readLong();
    } catch (IOException e) {
      throw new UncheckedIOException("a replica's message is cut short", e);
    }
  }

  private static void writeShare(DataOutputStream out, ShortfallPrice.Share p) throws IOException {
    out.writeLong(p.counted());
    out.writeDouble(p.budget());
    out.writeBoolean(p.budgetsDiffer());
    out.writeDouble(p.budgeted());
    writeLongs(out, p.usageTimes());
    writeLongs(out, bits(p.usages()));
    writeLongs(out, p.shortfallsNow());
    writeLongs(out, p.outcomesNow());
    writeLongs(out, bits(p.budgetsNow()));
    writeLongs(out, p.candidateShortfallsNow());
    writeLongs(out, p.candidateCountsNow());
    writeLongs(out, bits(p.shortfalls()));
    writeLongs(out, bits(p.budgets()));
    writeLongs(out, bits(p.candidateShortfalls()));
    writeLongs(out, bits(p.candidateCounts()));
    out.writeInt(p.level());
    out.writeDouble(p.below());
    out.writeLong(p.lastMove());
  }

  private static ShortfallPrice.Share readShare(DataInputStream in) {
    try {
      return new ShortfallPrice.Share(
          in.readLong(),
          in.readDouble(),
          in.readBoolean(),
          in.readDouble(),
          readLongs(in),
          doubles(readLongs(in)),
          readLongs(in),
          readLongs(in),
          doubles(readLongs(in)),
          readLongs(in),
          readLongs(in),
          doubles(readLongs(in)),
          doubles(readLongs(in)),
          doubles(readLongs(in)),
          doubles(readLongs(in)),
          in.readInt(),
          in.readDouble(),
          in.readLong());
    } catch (IOException e) {
      throw new UncheckedIOException("a replica's message is cut short", e);
    }
  }

  /** Doubles as their bits, so that one encoding carries both, every value exact. */
  private static long[] bits(double[] a) {
    long[] out = new long[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = Double.doubleToRawLongBits(a[i]);
    }
    return out;
  }

  private static double[] doubles(long[] bits) {
    double[] out = new double[bits.length];
    for (int i = 0; i < bits.length; i++) {
      out[i] = Double.longBitsToDouble(bits[i]);
    }
    return out;
  }

  /** The length, the count of non-zero entries, and each as its index and value. */
  private static void writeLongs(DataOutputStream out, long[] a) throws IOException {
    int nonZero = 0;
    for (long v : a) {
      nonZero += v != 0 ? 1 : 0;
    }
    out.writeInt(a.length);
    out.writeInt(nonZero);
    for (int i = 0; i < a.length; i++) {
      if (a[i] != 0) {
        out.writeInt(i);
        out.writeLong(a[i]);
      }
    }
  }

  private static long[] readLongs(DataInputStream in) throws IOException {
    long[] a = new long[in.readInt()];
    for (int n = in.readInt(); n > 0; n--) {
      int i = in.readInt();
      a[i] = in.readLong();
    }
    return a;
  }
}
