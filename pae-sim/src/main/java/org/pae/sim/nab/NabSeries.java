package org.pae.sim.nab;

/**
 * One NAB data file as its rows, and its label windows as row indices (both ends included).
 *
 * @param file the file's path below {@code data/}, e.g. {@code realKnownCause/nyc_taxi.csv}
 * @param times the rows' timestamps, epoch seconds (NAB's timestamps are UTC without a zone)
 * @param values the rows' values
 * @param windowStarts the first row of each label window, ascending
 * @param windowEnds the last row of each label window
 */
public record NabSeries(
    String file, long[] times, double[] values, int[] windowStarts, int[] windowEnds) {
  public NabSeries {
    if (times.length != values.length) {
      throw new IllegalArgumentException(file + ": one value per timestamp");
    }
    if (windowStarts.length != windowEnds.length) {
      throw new IllegalArgumentException(file + ": one end per window start");
    }
    for (int w = 0; w < windowStarts.length; w++) {
      if (windowStarts[w] > windowEnds[w] || w > 0 && windowStarts[w] <= windowEnds[w - 1]) {
        throw new IllegalArgumentException(file + ": label windows overlap or are out of order");
      }
    }
  }

  public int size() {
    return times.length;
  }

  /**
   * 1 for the rows inside a label window, else 0: the {@code label} column NAB's detectors write.
   */
  public int[] labels() {
    int[] labels = new int[times.length];
    for (int w = 0; w < windowStarts.length; w++) {
      for (int i = windowStarts[w]; i <= windowEnds[w]; i++) {
        labels[i] = 1;
      }
    }
    return labels;
  }
}
