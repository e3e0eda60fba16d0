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
import org.pae.core.allocate.ShortfallPrice;

/**
 * One replica's fleet-wide prices, pooled with the other replicas' through a {@link Pooling}: the
 * replicas' parts ({@link ShortfallPrice.Share}) are sent as bytes (the non-zero entries of their
 * arrays only), added in replica order and closed on every replica alike.
 */
final class PricePool {
  private final Pooling pooling;
  private final List<ShortfallPrice> prices;

  /**
   * @param prices the replica's prices, in an order every replica shares
   */
  PricePool(Pooling pooling, List<ShortfallPrice> prices) {
    this.pooling = pooling;
    this.prices = List.copyOf(prices);
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

  /** Closes the interval ending at {@code end} on every price with the whole fleet's part. */
  void pool(Instant end) {
    byte[] mine =
        write(
            out -> {
              for (ShortfallPrice p : prices) {
                writeShare(out, p.share());
              }
            });
    List<ShortfallPrice.Share> fleet = new ArrayList<>();
    for (byte[] m : pooling.gather(mine)) {
      DataInputStream in = read(m);
      for (int i = 0; i < prices.size(); i++) {
        ShortfallPrice.Share p = readShare(in);
        if (fleet.size() <= i) {
          fleet.add(p);
        } else {
          fleet.set(i, fleet.get(i).plus(p));
        }
      }
    }
    for (int i = 0; i < prices.size(); i++) {
      prices.get(i).closeWith(end, fleet.get(i));
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
    out.writeDouble(p.budgeted());
    out.writeDouble(p.usage());
    writeLongs(out, p.shortfallsNow());
    writeDoubles(out, p.budgetsNow());
    writeLongs(out, p.candidateShortfallsNow());
    writeLongs(out, p.candidateCountsNow());
    writeDoubles(out, p.shortfalls());
    writeDoubles(out, p.budgets());
    writeDoubles(out, p.candidateShortfalls());
    writeDoubles(out, p.candidateCounts());
    out.writeInt(p.level());
    out.writeDouble(p.below());
    out.writeLong(p.lastMove());
  }

  private static ShortfallPrice.Share readShare(DataInputStream in) {
    try {
      return new ShortfallPrice.Share(
          in.readLong(),
          in.readDouble(),
          in.readDouble(),
          readLongs(in),
          readDoubles(in),
          readLongs(in),
          readLongs(in),
          readDoubles(in),
          readDoubles(in),
          readDoubles(in),
          readDoubles(in),
          in.readInt(),
          in.readDouble(),
          in.readLong());
    } catch (IOException e) {
      throw new UncheckedIOException("a replica's message is cut short", e);
    }
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

  private static void writeDoubles(DataOutputStream out, double[] a) throws IOException {
    int nonZero = 0;
    for (double v : a) {
      nonZero += v != 0 ? 1 : 0;
    }
    out.writeInt(a.length);
    out.writeInt(nonZero);
    for (int i = 0; i < a.length; i++) {
      if (a[i] != 0) {
        out.writeInt(i);
        out.writeDouble(a[i]);
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

  private static double[] readDoubles(DataInputStream in) throws IOException {
    double[] a = new double[in.readInt()];
    for (int n = in.readInt(); n > 0; n--) {
      int i = in.readInt();
      a[i] = in.readDouble();
    }
    return a;
  }
}
