#!/usr/bin/python3
"""Cross-check PAE's ARIMA and exponential smoothing fits against statsmodels on real series.

Run from the repository root (after building: ./pae --help builds the jar):
    /usr/bin/python3 tools/statsmodels_check.py [DATA_DIR]
DATA_DIR defaults to ../shared/data. Needs Debian's python3-statsmodels (apt-get install -y
python3-statsmodels). Kept outside the unit tests: it reads real traces and runs a second toolkit.

For each series (the last 2,000 five-minute samples of a few Bitbrains VMs' CPU and memory, and
one PlanetLab VM-day) it fits the same model with both and prints coefficients and 12-step
forecasts side by side. PAE fits ARIMA by conditional sum of squares, statsmodels by exact
likelihood (its ARIMA has no CSS), and statsmodels also fits the smoothing's initial states where
PAE uses the classical heuristics, so small differences are expected; the summary line gives the
largest coefficient difference and the largest forecast difference relative to the series' mean.
"""
import gzip
import json
import os
import subprocess
import sys
import tempfile
import warnings

import numpy as np
from statsmodels.tsa.arima.model import ARIMA
from statsmodels.tsa.holtwinters import ExponentialSmoothing, SimpleExpSmoothing

warnings.filterwarnings("ignore")
DATA = sys.argv[1] if len(sys.argv) > 1 else "../shared/data"
JAR = "pae-cli/target/pae.jar"
JAVA = os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64") + "/bin/java"
HORIZON = 12


def bitbrains(path, column):
    rows = {}
    with gzip.open(path, "rt") as f:
        next(f)
        for line in f:
            parts = [p.strip() for p in line.split(";")]
            if len(parts) < 7:
                continue
            rows[int(float(parts[0]))] = float(parts[column])
    return np.array([rows[t] for t in sorted(rows)])


def planetlab(path):
    with open(path) as f:
        return np.array([float(v) for v in f if v.strip()])


def pae_fit(y, args):
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write("\n".join(repr(float(v)) for v in y))
        name = f.name
    try:
        out = subprocess.run([JAVA, "-jar", JAR, "fit", name, "--horizon", str(HORIZON)] + args,
                             check=True, capture_output=True, text=True).stdout
    finally:
        os.unlink(name)
    return json.loads(out)


def compare(label, y, results):
    scale = float(np.mean(np.abs(y))) or 1.0
    for name, mine, theirs, fc_mine, fc_theirs in results:
        coef = max(abs(a - b) for a, b in zip(mine, theirs)) if mine else 0.0
        fc = float(np.max(np.abs(np.array(fc_mine) - np.array(fc_theirs)))) / scale
        print(f"{label:28s} {name:16s} pae={np.round(mine, 3).tolist()} "
              f"statsmodels={np.round(theirs, 3).tolist()} max|coef diff|={coef:.3f} "
              f"max|forecast diff|/mean={fc:.4f}")
        SUMMARY.append((name, coef, fc))


SUMMARY = []


def check(label, y):
    y = y[-2000:]
    for order in [(2, 0, 0), (1, 1, 1), (2, 1, 1)]:
        mine = pae_fit(y, ["--model", "arima", "--order", ",".join(map(str, order))])
        trend = "c" if order[1] == 0 else "n"
        res = ARIMA(y, order=order, trend=trend).fit()
        p = res.params
        theirs = list(p[[n.startswith("ar.L") for n in res.param_names]]) + \
            list(p[[n.startswith("ma.L") for n in res.param_names]])
        compare(label, y, [(f"ARIMA{order}", mine["phi"] + mine["theta"], theirs,
                            mine["forecast"], res.forecast(HORIZON))])
    mine = pae_fit(y, ["--model", "simple"])
    res = SimpleExpSmoothing(y, initialization_method="estimated").fit()
    compare(label, y, [("SES alpha", [mine["params"][0]], [res.params["smoothing_level"]],
                        mine["forecast"], res.forecast(HORIZON))])
    mine = pae_fit(y, ["--model", "damped"])
    res = ExponentialSmoothing(y, trend="add", damped_trend=True,
                               initialization_method="estimated").fit()
    compare(label, y, [("damped Holt", [mine["params"][0], mine["params"][2]],
                        [res.params["smoothing_level"], res.params["damping_trend"]],
                        mine["forecast"], res.forecast(HORIZON))])


def main():
    vms = ["1", "2", "3"]
    for vm in vms:
        path = f"{DATA}/bitbrains-rnd/2013-7/{vm}.csv.gz"
        if os.path.exists(path):
            check(f"bitbrains 2013-7/{vm} cpu", bitbrains(path, 3))
            check(f"bitbrains 2013-7/{vm} memory", bitbrains(path, 6))
    days = sorted(os.listdir(f"{DATA}/planetlab")) if os.path.isdir(f"{DATA}/planetlab") else []
    if days:
        day = f"{DATA}/planetlab/{days[0]}"
        vm = sorted(os.listdir(day))[0]
        check(f"planetlab {days[0]}/{vm[:12]}", planetlab(f"{day}/{vm}"))
    for name in sorted({s[0] for s in SUMMARY}):
        coefs = [s[1] for s in SUMMARY if s[0] == name]
        fcs = [s[2] for s in SUMMARY if s[0] == name]
        print(f"SUMMARY {name:16s} series={len(coefs)} median|coef diff|={np.median(coefs):.3f} "
              f"max|coef diff|={max(coefs):.3f} median|forecast diff|/mean={np.median(fcs):.4f} "
              f"max={max(fcs):.4f}")


main()
