package org.pae.core.forecast.ets;

/** The exponential smoothing methods PAE fits. */
public enum EtsKind {
  /** Simple exponential smoothing: a level. */
  SIMPLE(false, false),
  /** Holt's linear method with a damped trend. */
  DAMPED(true, false),
  /** Holt–Winters with a damped trend and additive seasonality. */
  ADDITIVE(true, true),
  /** Holt–Winters with a damped trend and multiplicative seasonality (positive series only). */
  MULTIPLICATIVE(true, true);

  final boolean trend;
  final boolean seasonal;

  EtsKind(boolean trend, boolean seasonal) {
    this.trend = trend;
    this.seasonal = seasonal;
  }

  /** How many smoothing parameters it fits: α, then β and φ, then γ. */
  int parameters() {
    return 1 + (trend ? 2 : 0) + (seasonal ? 1 : 0);
  }
}
