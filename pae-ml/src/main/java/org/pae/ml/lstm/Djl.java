package org.pae.ml.lstm;

/** How PAE starts DJL: the PyTorch engine, offline. */
final class Djl {
  static final String ENGINE = "PyTorch";

  private Djl() {}

  /**
   * DJL looks for a newer native library on the network unless told it is offline; PAE ships the
   * native library in its jar ({@code pytorch-native-cpu}), so it always runs offline. A value the
   * user set explicitly is kept.
   */
  static void offline() {
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
  }
}
