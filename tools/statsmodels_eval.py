#!/usr/bin/python3
"""statsmodels as the outside peer of `pae forecast-eval`, on its splits (BENCHMARKS.md §2, §3).

Usage, from the repository root:
    ./pae forecast-eval --trace bitbrains:../shared/data/bitbrains-rnd/2013-7 --limit 20 \\
        --out pae.csv --series-out series.csv
    /usr/bin/python3 tools/statsmodels_eval.py series.csv [--history 7d] [--every 1h] \\
        [--step 300] [--out peers.csv]
(PlanetLab: --history 12h, as forecast-eval uses there.) Needs Debian's python3-statsmodels. Kept
outside the unit tests.

It reads the series exactly as forecast-eval read and cleaned them (--series-out) and scores them
exactly as forecast-eval does: the first --history of each series is history, then an origin at the
first sample at or after every --every of the trace's clock, horizons 1, 12 and 288 steps (the
actual is the sample that many steps on, if it lies that many steps later within half a step),
quantiles 0.5, 0.9, 0.99 (Gaussian, from statsmodels' forecast variance, never below 0 as PAE's);
MASE per series against the in-sample (history) one-step naive MAE, then the mean over series;
scaled pinball = Σ pinball / Σ actual and coverage pooled over all forecasts.

Models, fitted once per series on its history by maximum likelihood, then run over the rest with
their parameters fixed (the Kalman filter carries the state; forecasts from each origin's filtered
state, which is what get_forecast computes from a model fitted up to that origin with the same
parameters):
  statsmodels-arima: ARIMA(p,d,q), d = 1 when KPSS rejects level stationarity at 5 % (else 0 with
                     a constant), (p,q) in {(1,0),(2,0),(1,1),(2,1)} by AIC;
  statsmodels-ets:   exponential smoothing with a damped additive trend (statespace
                     ExponentialSmoothing).
Writes CSV model,resource,horizon,mase,pinball50,pinball90,pinball99,cov50,cov90,cov99 (the rows
forecast-eval writes for PAE's models) and prints each model's fit and forecast time per series
(BENCHMARKS §3) on standard error.
"""
import argparse
import csv
import math
import sys
import time
import warnings
from collections import defaultdict

import numpy as np
from statsmodels.tsa.arima.model import ARIMA
from statsmodels.tsa.statespace.exponential_smoothing import ExponentialSmoothing
from statsmodels.tsa.stattools import kpss

warnings.filterwarnings("ignore")
HORIZONS = [1, 12, 288]
LEVELS = [0.5, 0.9, 0.99]
Z = [0.0, 1.2815515655446004, 2.3263478740408408]


def duration(text):
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    return int(float(text[:-1]) * units[text[-1]]) if text[-1] in units else int(text)


def read_series(path):
    series = defaultdict(lambda: ([], []))
    order = []
    with open(path) as f:
        for row in csv.DictReader(f):
            key = (row["workload"], row["resource"])
            if key not in series:
                order.append(key)
            t, u = series[key]
            t.append(int(row["timestamp"]))
            u.append(float(row["usage"]))
    return [(k, np.array(series[k][0]), np.array(series[k][1])) for k in order]


def fit_arima(y):
    try:
        stationary = kpss(y, regression="c", nlags="auto")[1] >= 0.05
    except (ValueError, OverflowError):
        stationary = True
    d = 0 if stationary else 1
    best = None
    for p, q in [(1, 0), (2, 0), (1, 1), (2, 1)]:
        try:
            res = ARIMA(y, order=(p, d, q), trend="c" if d == 0 else "n").fit()
        except (ValueError, np.linalg.LinAlgError):
            continue
        if np.isfinite(res.aic) and (best is None or res.aic < best[1].aic):
            best = ((p, d, q), res)
    if best is None:
        raise ValueError("no ARIMA fitted")
    order, res = best
    return res, lambda full: ARIMA(full, order=order, trend="c" if order[1] == 0 else "n").filter(
        res.params)


def fit_ets(y):
    res = ExponentialSmoothing(y, trend=True, damped_trend=True).fit(disp=False)
    return res, lambda full: ExponentialSmoothing(full, trend=True, damped_trend=True).filter(
        res.params)


def forecaster(filtered, var):
    """Per origin t (data up to and including t): the mean at each horizon, from the filtered state
    (as get_forecast computes it), and the variance the fitted model's get_forecast gives at the end
    of the history (the models are time-invariant and their filters have converged by then; the
    exponential smoothing's scale is concentrated out of its likelihood, so its variance is the
    fitted one, not one re-estimated at each origin)."""
    ssm = filtered.model.ssm
    tm = np.asarray(ssm["transition"])[:, :, 0] if ssm["transition"].ndim == 3 else ssm["transition"]
    zm = np.asarray(ssm["design"])
    zm = zm[:, :, 0] if zm.ndim == 3 else zm
    dv = np.asarray(ssm["obs_intercept"])
    dv = float(dv.reshape(-1)[-1])
    cv = np.asarray(ssm["state_intercept"])
    cv = (cv[:, -1] if cv.ndim == 2 else cv).reshape(-1)
    hmax = max(HORIZONS)
    z_k, c_k = {}, {}
    zt = zm[0].copy()
    acc_c = 0.0
    for k in range(1, hmax + 1):
        if k in HORIZONS:
            z_k[k], c_k[k] = zt.copy(), acc_c
        acc_c += zt @ cv
        zt = zt @ tm
    a = filtered.filter_results.predicted_state

    def at(t, k):
        return z_k[k] @ a[:, t + 1] + c_k[k] + dv, max(float(var[k - 1]), 0.0)

    return at


class Tally:
    def __init__(self):
        self.pinball = [0.0] * len(LEVELS)
        self.covered = [0] * len(LEVELS)
        self.actual = 0.0
        self.count = 0
        self.mase_sum = 0.0
        self.mase_series = 0


def evaluate(model, fit, times, u, history, every, step, tallies, resource, timing):
    history_end = times[0] + history
    hist = u[times < history_end]
    hist = hist[np.isfinite(hist)]
    diffs = np.abs(np.diff(hist))
    naive_mae = float(diffs.mean()) if len(diffs) else 0.0
    if len(hist) < 24 or len(times) <= len(hist):
        return
    started = time.process_time()
    try:
        res, make = fit(hist)
        var = np.asarray(res.get_forecast(max(HORIZONS)).var_pred_mean)
    except (ValueError, np.linalg.LinAlgError, OverflowError) as e:
        print(f"{model}: no fit ({e}); series skipped", file=sys.stderr)
        return
    fitted = time.process_time()
    at = forecaster(make(u), var)
    series = {h: Tally() for h in HORIZONS}
    abs_err = {h: 0.0 for h in HORIZONS}
    next_origin = history_end
    for t in range(len(times)):
        if times[t] < next_origin:
            continue
        next_origin += every * ((times[t] - next_origin) // every + 1)
        for h in HORIZONS:
            j = t + h
            if j >= len(times) or abs(times[j] - times[t] - h * step) > step // 2 \
                    or not math.isfinite(u[j]):
                continue
            mean, var = at(t, h)
            sd = math.sqrt(var)
            s = series[h]
            y = u[j]
            for i, (q, z) in enumerate(zip(LEVELS, Z)):
                f = max(0.0, mean + z * sd)
                s.pinball[i] += q * (y - f) if y >= f else (1 - q) * (f - y)
                s.covered[i] += y <= f
                if q == 0.5:
                    abs_err[h] += abs(y - f)
            s.actual += y
            s.count += 1
    timing[model].append((fitted - started, time.process_time() - fitted))
    for h in HORIZONS:
        s = series[h]
        if s.count == 0:
            continue
        tl = tallies[(model, resource, h)]
        for i in range(len(LEVELS)):
            tl.pinball[i] += s.pinball[i]
            tl.covered[i] += s.covered[i]
        tl.actual += s.actual
        tl.count += s.count
        if naive_mae > 0:
            tl.mase_sum += abs_err[h] / s.count / naive_mae
            tl.mase_series += 1


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("series")
    ap.add_argument("--history", default="7d")
    ap.add_argument("--every", default="1h")
    ap.add_argument("--step", default="300")
    ap.add_argument("--out")
    args = ap.parse_args()
    history, every, step = duration(args.history), duration(args.every), duration(args.step)
    tallies = defaultdict(Tally)
    timing = defaultdict(list)
    models = [("statsmodels-arima", fit_arima), ("statsmodels-ets", fit_ets)]
    all_series = read_series(args.series)
    for n, ((workload, resource), times, u) in enumerate(all_series, 1):
        for model, fit in models:
            evaluate(model, fit, times, u, history, every, step, tallies, resource, timing)
        print(f"statsmodels_eval: {n}/{len(all_series)} series", file=sys.stderr)
    out = open(args.out, "w") if args.out else sys.stdout
    out.write("model,resource,horizon,mase,pinball50,pinball90,pinball99,cov50,cov90,cov99\n")
    order = {"memory": 0, "cpu": 1}
    for (model, resource, h) in sorted(tallies, key=lambda k: (k[0], order.get(k[1], 9), k[2])):
        tl = tallies[(model, resource, h)]
        mase = tl.mase_sum / tl.mase_series if tl.mase_series else float("nan")
        pin = [p / tl.actual if tl.actual > 0 else float("nan") for p in tl.pinball]
        cov = [c / tl.count if tl.count else float("nan") for c in tl.covered]
        out.write(",".join([model, resource, str(h)] +
                           [f"{v:.4f}" for v in [mase] + pin + cov]) + "\n")
    if out is not sys.stdout:
        out.close()
    for model, t in timing.items():
        fit = np.array([x[0] for x in t])
        fc = np.array([x[1] for x in t])
        print(f"{model}: {len(t)} series; CPU seconds per series: fit {fit.mean():.3f} "
              f"(median {np.median(fit):.3f}), filter+forecasts at every origin {fc.mean():.3f}",
              file=sys.stderr)


main()
