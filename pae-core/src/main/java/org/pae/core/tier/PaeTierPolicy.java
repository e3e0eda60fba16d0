package org.pae.core.tier;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * PAE's tiering policy: forecasts each key's requests in the next epoch ({@link KeyRates}) and
 * moves a key only when the forecast saving pays for the move within the tier's horizon.
 *
 * <p>Hot first, then warm. Into a free slot a key moves when rate × (its tier's access cost − the
 * new tier's) × horizon exceeds one migration. Into a full tier it displaces the incumbent of
 * lowest forecast (which goes one tier down if there is room there, else cold) when its saving
 * minus the incumbent's loss, over the horizon, exceeds two migrations: the hysteresis that keeps a
 * placed key where it is until a clearly better one arrives. Candidates are the keys requested in
 * the epoch (a key not requested only decays, so it cannot overtake one it did not overtake
 * before); at most the migration budget of moves per epoch. Every move carries the forecast, the
 * rate at which the move would pay and the model.
 */
public final class PaeTierPolicy implements TierPolicy {
  private static final byte HOT = (byte) Tier.HOT.ordinal();
  private static final byte WARM = (byte) Tier.WARM.ordinal();
  private static final byte COLD = (byte) Tier.COLD.ordinal();
  private static final Tier[] TIERS = Tier.values();

  private final Capacities capacities;
  private final TierCosts costs;
  private final TierSettings settings;
  private final KeyRates rates;
  private final String model;
  private final int budget;
  private int[] hot = new int[0];
  private int[] warm = new int[0];
  private int hotCount;
  private int warmCount;
  private double[] candidateRate = new double[1024];
  private int[] candidates = new int[1024];
  private int[] heap = new int[0];
  private final int[] moved;
  private final int[] position;
  private int round;
  private double[] heapRate = new double[0];

  public PaeTierPolicy(TierSetup setup) {
    this.capacities = setup.capacities();
    this.costs = setup.costs();
    this.settings = setup.settings();
    long placed = (long) capacities.hot() + capacities.warm();
    int tracked =
        settings.trackedKeys() > 0
            ? settings.trackedKeys()
            : (int) Math.min(Integer.MAX_VALUE - 8, Math.max(65_536, 4 * placed));
    if (tracked < placed) {
      throw new IllegalArgumentException(
          "tier tracked keys (" + tracked + ") must hold every hot and warm key (" + placed + ")");
    }
    this.rates = new KeyRates(settings, tracked);
    this.moved = new int[tracked];
    this.position = new int[tracked];
    this.budget =
        (int) Math.max(16, Math.min(Integer.MAX_VALUE, settings.migrationBudget() * placed));
    this.model =
        "pae[decayed "
            + Arrays.toString(settings.halfLives())
            + " + neighbourhood 2^"
            + settings.neighbourhoodBits()
            + "]";
    this.hot = new int[capacities.hot()];
    this.warm = new int[capacities.warm()];
  }

  @Override
  public Placement place(Epoch e) {
    rates.observe(e);
    // Keys forecast below a quarter of the rate that pays a move into warm give up their exact
    // state.
    double warmPay = costs.migration() / (settings.warmHorizon() * (costs.cold() - costs.warm()));
    rates.close(warmPay / 4);
    List<Move> moves = new ArrayList<>();
    round++;
    int n = rankCandidates();
    fill(HOT, n, moves);
    fill(WARM, n, moves);
    rates.clearTouched();
    int[] hotKeys = new int[hotCount];
    for (int i = 0; i < hotCount; i++) {
      hotKeys[i] = rates.slotKey[hot[i]];
    }
    int[] warmKeys = new int[warmCount];
    for (int i = 0; i < warmCount; i++) {
      warmKeys[i] = rates.slotKey[warm[i]];
    }
    return new Placement(hotKeys, warmKeys, moves);
  }

  /** The keys requested in the epoch, highest forecast first. */
  private int rankCandidates() {
    int n = rates.touchedSize();
    if (candidates.length < n) {
      candidates = new int[n];
      candidateRate = new double[n];
    }
    long[] order = new long[n];
    for (int i = 0; i < n; i++) {
      int slot = rates.touched(i);
      double r = rates.rate(slot);
      // The bits of a non-negative float order as the float: sort ascending, read from the end.
      order[i] = ((long) Float.floatToIntBits((float) r) << 32) | i;
      candidateRate[i] = r;
    }
    Arrays.sort(order);
    double[] rate = new double[n];
    for (int i = 0; i < n; i++) {
      int at = (int) order[n - 1 - i];
      candidates[i] = rates.touched(at);
      rate[i] = candidateRate[at];
    }
    System.arraycopy(rate, 0, candidateRate, 0, n);
    return n;
  }

  /** Moves the best candidates into tier {@code t} while each pays for itself. */
  private void fill(byte t, int n, List<Move> moves) {
    double horizon = t == HOT ? settings.hotHorizon() : settings.warmHorizon();
    double here = costs.access(TIERS[t]);
    int capacity = t == HOT ? capacities.hot() : capacities.warm();
    int[] members = t == HOT ? hot : warm;
    // The incumbents' heap is built only when a candidate could displace one.
    int size = -1;
    double mig = costs.migration();
    for (int i = 0; i < n && moves.size() < budget; i++) {
      int c = candidates[i];
      byte from = rates.tier[c];
      if (from <= t || moved[c] == round) {
        continue;
      }
      double rc = candidateRate[i];
      double gain = (costs.access(TIERS[from]) - here) * rc;
      int count = t == HOT ? hotCount : warmCount;
      if (count < capacity) {
        if (gain * horizon <= mig) {
          continue;
        }
        moves.add(move(c, from, t, rc, mig / (horizon * (costs.access(TIERS[from]) - here))));
        if (from == WARM) {
          removeWarm(c);
        }
        add(t, c);
        continue;
      }
      if (gain * horizon <= 2 * mig) {
        continue;
      }
      if (size < 0) {
        size = heapify(members, count);
      }
      if (size == 0) {
        break;
      }
      int w = heap[0];
      double rw = heapRate[0];
      byte down = t == HOT && (warmCount < capacities.warm() || from == WARM) ? WARM : COLD;
      double loss = (costs.access(TIERS[down]) - here) * rw;
      if ((gain - loss) * horizon <= 2 * mig) {
        continue;
      }
      double pay = (2 * mig / horizon + loss) / (costs.access(TIERS[from]) - here);
      moves.add(move(c, from, t, rc, pay));
      moves.add(
          move(w, t, down, rw, (gain - 2 * mig / horizon) / (costs.access(TIERS[down]) - here)));
      if (from == WARM) {
        removeWarm(c);
      }
      replace(t, w, c);
      if (down == WARM) {
        add(WARM, w);
      } else {
        rates.tier[w] = COLD;
      }
      heap[0] = heap[--size];
      heapRate[0] = heapRate[size];
      down(0, size);
    }
  }

  private Move move(int slot, byte from, byte to, double rate, double pay) {
    moved[slot] = round;
    return new Move(rates.slotKey[slot], TIERS[from], TIERS[to], rate, pay, model);
  }

  private void add(byte t, int slot) {
    rates.tier[slot] = t;
    if (t == HOT) {
      position[slot] = hotCount;
      hot[hotCount++] = slot;
    } else {
      position[slot] = warmCount;
      warm[warmCount++] = slot;
    }
  }

  /** Puts {@code in} where {@code out} was in tier {@code t}. */
  private void replace(byte t, int out, int in) {
    int[] members = t == HOT ? hot : warm;
    int at = position[out];
    members[at] = in;
    position[in] = at;
    rates.tier[in] = t;
  }

  private void removeWarm(int slot) {
    int at = position[slot];
    int last = warm[--warmCount];
    warm[at] = last;
    position[last] = at;
  }

  /** A min-heap of the tier's members not moved in this round, by forecast; returns its size. */
  private int heapify(int[] members, int count) {
    if (heap.length < count) {
      heap = new int[count];
      heapRate = new double[count];
    }
    int size = 0;
    for (int i = 0; i < count; i++) {
      // A key that entered in this round stays: displacing it would undo its own move.
      if (moved[members[i]] != round) {
        heap[size] = members[i];
        heapRate[size++] = rates.rate(members[i]);
      }
    }
    for (int i = size / 2 - 1; i >= 0; i--) {
      down(i, size);
    }
    return size;
  }

  private void down(int i, int size) {
    while (true) {
      int l = 2 * i + 1;
      if (l >= size) {
        return;
      }
      int c = l + 1 < size && heapRate[l + 1] < heapRate[l] ? l + 1 : l;
      if (heapRate[i] <= heapRate[c]) {
        return;
      }
      int k = heap[i];
      heap[i] = heap[c];
      heap[c] = k;
      double r = heapRate[i];
      heapRate[i] = heapRate[c];
      heapRate[c] = r;
      i = c;
    }
  }
}
