#!/usr/bin/python3
"""statsmodels as the outside peer of `pae forecast-eval`, on its splits (BENCHMARKS.md §2, §3).

Usage, from the repository root:
    ./pae forecast-eval --trace bitbrains:../shared/data/bitbrains-rnd/2013-7 --limit 20 \\
        --out pae.csv --series-out series.csv
    /usr/bin/python3 tools/statsmodels_eval.py series.csv [--history 7d] [--every 1h] \\
        [--step 300] [--refit every|daily|once] [--reselect-every 7] [--jobs 1] [--out peers.csv]
(PlanetLab: --history 12h, as forecast-eval uses there.) Needs Debian's python3-statsmodels. Kept
outside the unit tests.

It reads the series exactly as forecast-eval read and cleaned them (--series-out) and scores them
exactly as forecast-eval does: the first --history of each series is history, then an origin at the
first sample at or after every --every of the trace's clock, horizons 1, 12 and 288 steps (the
actual is the sample that many steps on, if it lies that many steps later within half a step),
quantiles 0.5, 0.9, 0.99 (Gaussian, from statsmodels' forecast variance, never below 0 as PAE's);
MASE per series against the in-sample (history) one-step naive MAE, then the mean over series;
scaled pinball = Σ pinball / Σ actual and coverage pooled over all forecasts.

Models, fitted by maximum likelihood:
  statsmodels-arima: ARIMA(p,d,q), d = 1 when KPSS rejects level stationarity at 5 % (else 0 with
                     a constant), (p,q) in {(1,0),(2,0),(1,1),(2,1)} by AIC;
  statsmodels-ets:   exponential smoothing with a damped additive trend (statespace
                     ExponentialSmoothing).
When they are fitted (--refit):
  every: at every origin, on the last --history of the series up to and including the origin (the
         window PAE's models refit on: forecast.ensemble.history = a week of 5-minute samples);
  daily: the same, at the first origin and then at the first origin a day or more after the last
         refit (PAE's own refit schedule, forecast.ensemble.refit-every = a day);
  once:  on the first --history only, then run over the rest with the parameters fixed (what this
         tool did before issue 20; its figures are reproduced exactly).
As PAE's models do (forecast.ensemble.reselect-every), every --reselect-every-th fit of a series
is a full one (ARIMA's d and order searched anew) and the fits between re-estimate the parameters
of the same structure starting from the previous ones; ARIMA searches anew at once where KPSS's d
moved. --reselect-every 1 makes every fit a full one.
Between refits the Kalman filter with the last fit's parameters carries the state, run from the
start of that fit's window; each origin's forecasts come from its filtered state (what get_forecast
computes from a model fitted up to that origin with those parameters), with the variance the fit's
own get_forecast gives at the end of its window (the models are time-invariant and their filters
have converged by then). A refit that fails keeps the previous fit (as PAE keeps its model); a
series whose first fit fails is skipped, named on standard error.
Writes CSV model,resource,horizon,mase,pinball50,pinball90,pinball99,cov50,cov90,cov99 (the rows
forecast-eval writes for PAE's models) and prints each model's fits and CPU time per series
(BENCHMARKS §3) on standard error. --jobs N scores N series at a time in worker processes (the
figures do not depend on it); every 10 series OUT.partial holds the table of the series scored so
far (the first ones in the file's order), so that a long run stopped early still says something.
"""
import argparse
import csv
import math
import multiprocessing
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
DAY = 86400


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


def kpss_d(y):
    try:
        return 0 if kpss(y, regression="c", nlags="auto")[1] >= 0.05 else 1
    except (ValueError, OverflowError):
        return 0


def arima(y, order):
    return ARIMA(y, order=order, trend="c" if order[1] == 0 else "n")


def fit_arima(y, previous):
    """A full fit (d by KPSS, (p,q) by AIC) without a previous one, or where KPSS's d moved; else
    the previous order re-estimated from the previous parameters."""
    d = kpss_d(y)
    if previous is not None and previous[0][1] == d:
        try:
            res = arima(y, previous[0]).fit(start_params=previous[1])
            if np.all(np.isfinite(res.params)):
                return res, previous[0]
        except (ValueError, np.linalg.LinAlgError):
            pass
    best = None
    for p, q in [(1, 0), (2, 0), (1, 1), (2, 1)]:
        try:
            res = arima(y, (p, d, q)).fit()
        except (ValueError, np.linalg.LinAlgError):
            continue
        if np.isfinite(res.aic) and (best is None or res.aic < best[1].aic):
            best = ((p, d, q), res)
    if best is None:
        raise ValueError("no ARIMA fitted")
    return best[1], best[0]


def filter_arima(order, params, y):
    return arima(y, order).filter(params)


def fit_ets(y, previous):
    """Damped Holt by maximum likelihood, from the previous parameters where there are some."""
    model = ExponentialSmoothing(y, trend=True, damped_trend=True)
    if previous is not None:
        try:
            res = model.fit(start_params=previous[1], disp=False)
            if np.all(np.isfinite(res.params)):
                return res, None
        except (ValueError, np.linalg.LinAlgError):
            pass
    return model.fit(disp=False), None


def filter_ets(structure, params, y):
    return ExponentialSmoothing(y, trend=True, damped_trend=True).filter(params)


def forecaster(filtered, var, start):
    """Per origin t (data up to and including t; the filter ran from sample `start`): the mean at
    each horizon, from the filtered state (as get_forecast computes it), and the fit's variance."""
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
        return z_k[k] @ a[:, t - start + 1] + c_k[k] + dv, max(float(var[k - 1]), 0.0)

    return at


def origins_of(times, history_end, every):
    found = []
    next_origin = history_end
    for t in range(len(times)):
        if times[t] < next_origin:
            continue
        next_origin += every * ((times[t] - next_origin) // every + 1)
        found.append(t)
    return found


def refit_points(times, origins, refit):
    if refit == "once" or not origins:
        return origins[:1]
    if refit == "every":
        return list(origins)
    points = [origins[0]]
    for t in origins[1:]:
        if times[t] >= times[points[-1]] + DAY:
            points.append(t)
    return points


def fit_window(fit, y, previous):
    """Fits a window's measured samples: the fit's (structure, parameters) and its forecast
    variance at each horizon from the window's end."""
    y = y[np.isfinite(y)]
    res, structure = fit(y, previous)
    return (structure, np.asarray(res.params)), np.asarray(
        res.get_forecast(max(HORIZONS)).var_pred_mean)


def score_series(job):
    """One series, every model: (resource, {model: (sums per horizon: [pinball per level, covered
    per level, Σ actual, forecasts, Σ |error of the median|], naive MAE, fits, full fits, fit
    seconds, filter seconds) or the reason it was skipped}); None where it has too little data."""
    (workload, resource), times, u, history, every, step, refit, reselect = job
    history_end = times[0] + history
    hist = u[times < history_end]
    hist = hist[np.isfinite(hist)]
    diffs = np.abs(np.diff(hist))
    naive_mae = float(diffs.mean()) if len(diffs) else 0.0
    if len(hist) < 24 or len(times) <= len(hist):
        return None
    origins = origins_of(times, history_end, every)
    points = refit_points(times, origins, refit)
    out = {}
    for model, (fit, run) in MODELS.items():
        fits = full_fits = 0
        fit_s = filter_s = 0.0
        sums = {h: [0.0] * (2 * len(LEVELS) + 3) for h in HORIZONS}
        state = var = None
        start = 0
        skipped = None
        for k, p in enumerate(points):
            started = time.process_time()
            if refit != "once":
                start = int(np.searchsorted(times, times[p] - history, side="right"))
            window = u[times < history_end] if refit == "once" else u[start:p + 1]
            full = state is None or fits % reselect == 0
            try:
                state, var = fit_window(fit, window, None if full else state)
                fits += 1
                full_fits += full
            except (ValueError, np.linalg.LinAlgError, OverflowError) as e:
                if state is None:
                    skipped = f"{model} {workload}/{resource}: no fit ({e}); series skipped"
                    break
            fitted = time.process_time()
            fit_s += fitted - started
            end = points[k + 1] if k + 1 < len(points) else len(times)
            segment = [t for t in origins if p <= t < end]
            at = forecaster(run(state[0], state[1], u[start:segment[-1] + 1]), var, start)
            for t in segment:
                for h in HORIZONS:
                    j = t + h
                    if j >= len(times) or abs(times[j] - times[t] - h * step) > step // 2 \
                            or not math.isfinite(u[j]):
                        continue
                    mean, v = at(t, h)
                    sd = math.sqrt(v)
                    s = sums[h]
                    y = u[j]
                    for i, (q, z) in enumerate(zip(LEVELS, Z)):
                        f = max(0.0, mean + z * sd)
                        s[i] += q * (y - f) if y >= f else (1 - q) * (f - y)
                        s[len(LEVELS) + i] += y <= f
                        if q == 0.5:
                            s[-1] += abs(y - f)
                    s[-3] += y
                    s[-2] += 1
            filter_s += time.process_time() - fitted
        out[model] = skipped or (sums, naive_mae, fits, full_fits, fit_s, filter_s)
    return resource, out


MODELS = {"statsmodels-arima": (fit_arima, filter_arima),
          "statsmodels-ets": (fit_ets, filter_ets)}


class Tally:
    def __init__(self):
        self.pinball = [0.0] * len(LEVELS)
        self.covered = [0] * len(LEVELS)
        self.actual = 0.0
        self.count = 0
        self.mase_sum = 0.0
        self.mase_series = 0


def write_table(out, tallies):
    out.write("model,resource,horizon,mase,pinball50,pinball90,pinball99,cov50,cov90,cov99\n")
    order = {"memory": 0, "cpu": 1}
    for (model, resource, h) in sorted(tallies, key=lambda k: (k[0], order.get(k[1], 9), k[2])):
        tl = tallies[(model, resource, h)]
        mase = tl.mase_sum / tl.mase_series if tl.mase_series else float("nan")
        pin = [p / tl.actual if tl.actual > 0 else float("nan") for p in tl.pinball]
        cov = [c / tl.count if tl.count else float("nan") for c in tl.covered]
        out.write(",".join([model, resource, str(h)] +
                           [f"{v:.4f}" for v in [mase] + pin + cov]) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("series")
    ap.add_argument("--history", default="7d")
    ap.add_argument("--every", default="1h")
    ap.add_argument("--step", default="300")
    ap.add_argument("--refit", choices=["every", "daily", "once"], default="every")
    ap.add_argument("--reselect-every", type=int, default=7)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--out")
    args = ap.parse_args()
    history, every, step = duration(args.history), duration(args.every), duration(args.step)
    if args.jobs < 1 or args.reselect_every < 1:
        ap.error("--jobs and --reselect-every must be at least 1")
    tallies = defaultdict(Tally)
    timing = defaultdict(list)
    all_series = read_series(args.series)
    jobs = [(key, times, u, history, every, step, args.refit, args.reselect_every)
            for key, times, u in all_series]
    pool = multiprocessing.Pool(args.jobs) if args.jobs > 1 else None
    results = pool.imap(score_series, jobs) if pool else map(score_series, jobs)
    for n, result in enumerate(results, 1):
        if result:
            resource, per_model = result
            for model, r in per_model.items():
                if isinstance(r, str):
                    print(r, file=sys.stderr)
                    continue
                sums, naive_mae, fits, full_fits, fit_s, filter_s = r
                timing[model].append((fits, full_fits, fit_s, filter_s))
                for h in HORIZONS:
                    s = sums[h]
                    if s[-2] == 0:
                        continue
                    tl = tallies[(model, resource, h)]
                    for i in range(len(LEVELS)):
                        tl.pinball[i] += s[i]
                        tl.covered[i] += s[len(LEVELS) + i]
                    tl.actual += s[-3]
                    tl.count += s[-2]
                    if naive_mae > 0:
                        tl.mase_sum += s[-1] / s[-2] / naive_mae
                        tl.mase_series += 1
        print(f"statsmodels_eval: {n}/{len(all_series)} series", file=sys.stderr)
        if args.out and n % 10 == 0 and n < len(all_series):
            with open(args.out + ".partial", "w") as f:
                write_table(f, tallies)
    if pool:
        pool.close()
        pool.join()
    if args.out:
        with open(args.out, "w") as f:
            write_table(f, tallies)
    else:
        write_table(sys.stdout, tallies)
    for model, t in timing.items():
        fits = np.array([x[0] for x in t])
        full = np.array([x[1] for x in t])
        fit = np.array([x[2] for x in t])
        fc = np.array([x[3] for x in t])
        print(f"{model}: {len(t)} series, {fits.sum()} fits of which {full.sum()} full "
              f"(--refit {args.refit}); CPU seconds "
              f"per fit {fit.sum() / max(fits.sum(), 1):.3f}, per series: fits {fit.mean():.3f} "
              f"(median {np.median(fit):.3f}), filter+forecasts at every origin {fc.mean():.3f}",
              file=sys.stderr)


if __name__ == "__main__":
    main()
