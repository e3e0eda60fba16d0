// PAE dashboard: reads /api/v1 with the token from the URL fragment (#token=…) or the form, kept in
// sessionStorage only. The fragment may also carry the view: filter, sort (a column key, "-" first
// for descending), select (a workload id), log-workload and log-rule.
// What it drew is marked on <body> for the browser test: data-selected, data-charts-ready (charts
// drawn with data), data-chart-resources, data-fleet-fits (the table fits its width), data-tiers
// (each tier's files/capacity and the moves shown, when the token may see the storage tiers),
// data-anomaly-rows (anomalies listed) and data-anomaly-marks (resource:kind of each span drawn on
// the selected workload's charts).
"use strict";
(function () {
  const api = "/api/v1";
  const PAGE = 50;
  const state = {
    token: null, selected: null, interval: 5, charts: [], list: null, log: null,
    sort: null, filter: "", rows: PAGE, logWorkload: "", logRule: "", names: {}, anomalies: [],
  };

  function takeFragment() {
    const params = new URLSearchParams(location.hash.replace(/^#/, ""));
    if (params.has("token")) {
      sessionStorage.setItem("pae.token", params.get("token"));
      params.delete("token");
      const rest = params.toString();
      history.replaceState(null, "", location.pathname + location.search + (rest ? "#" + rest : ""));
    }
    state.token = sessionStorage.getItem("pae.token");
    state.filter = params.get("filter") || "";
    state.sort = params.get("sort");
    state.selected = params.get("select");
    state.logWorkload = params.get("log-workload") || "";
    state.logRule = params.get("log-rule") || "";
    document.getElementById("filter").value = state.filter;
  }

  async function get(path) {
    const r = await fetch(api + path, { headers: { Authorization: "Bearer " + state.token } });
    if (r.status === 401) {
      sessionStorage.removeItem("pae.token");
      showLogin("token refused: enter a valid API token");
      throw new Error("unauthorized");
    }
    if (!r.ok) {
      const p = await r.json().catch(() => ({}));
      throw new Error(p.detail || r.status);
    }
    return r.json();
  }

  function showLogin(message) {
    document.getElementById("login").hidden = false;
    document.getElementById("status").textContent = message;
  }

  // Units: each resource's own (API: memory bytes, cpu millicores, disk_io and network bytes/s,
  // gpu percent), scaled to the magnitude shown.
  const BINARY = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
  function scaleFor(resource, magnitude) {
    const m = Math.abs(magnitude || 0);
    if (resource === "cpu") return m >= 1000 ? { div: 1000, unit: "cores" } : { div: 1, unit: "millicores" };
    if (resource === "gpu") return { div: 1, unit: "% GPU" };
    const rate = resource === "disk_io" || resource === "network";
    let k = 0;
    while (m >= Math.pow(1024, k + 1) && k < BINARY.length - 1) k++;
    return { div: Math.pow(1024, k), unit: BINARY[k] + (rate ? "/s" : "") };
  }
  function digits(x) {
    const a = Math.abs(x);
    return a === 0 ? "0" : a >= 100 ? x.toFixed(0) : a >= 10 ? x.toFixed(1) : x.toFixed(2);
  }
  function fmt(v, resource) {
    if (v === null || v === undefined) return "–";
    const s = scaleFor(resource, v);
    return s.unit === "millicores" ? Math.round(v) + "m" : digits(v / s.div) + " " + s.unit;
  }
  function pct(v) {
    if (v === null || v === undefined) return "–";
    return v < 0.0001 ? "<0.01 %" : (100 * v).toFixed(v < 0.1 ? 2 : 1) + " %";
  }
  function duration(seconds) {
    if (seconds >= 3600) {
      const m = Math.floor((seconds % 3600) / 60);
      return Math.floor(seconds / 3600) + " h" + (m ? " " + m + " min" : "");
    }
    if (seconds >= 60) return Math.round(seconds / 60) + " min";
    return Math.round(seconds) + " s";
  }
  const RESOURCES = ["memory", "cpu", "disk_io", "network", "gpu"];
  const SHORT = { disk_io: "disk", network: "net", gpu: "gpu", memory: "mem", cpu: "cpu" };

  function series(w, r) {
    return w.series.find(s => s.resource === r) || {};
  }
  function warmUpLeft(w) {
    const left = w.series.filter(s => s.warmUpLeft !== null).map(s => s.warmUpLeft);
    return left.length ? Math.max(...left) : null;
  }
  // The largest risk among the series the policy decides (a warming-up series is not counted).
  function risk(w) {
    let worst = null;
    for (const s of w.series) {
      if (s.warmUpLeft === null && s.risk !== null && (worst === null || s.risk > worst.risk)) worst = s;
    }
    return worst;
  }
  function stateOf(w) {
    if (w.paused) return "paused";
    const left = warmUpLeft(w);
    if (left !== null) return "warming up, " + duration(left) + " left";
    return w.series.some(s => s.decision === "resize") ? "resized" : "holding";
  }
  function other(w) {
    return w.series.filter(s => !["memory", "cpu"].includes(s.resource))
      .map(s => SHORT[s.resource] + " " + fmt(s.usage, s.resource)).join(" · ");
  }

  // Sort keys of the fleet table; the default puts the riskiest decided workload first, then the
  // largest memory users, so the first row (and the first chart) is the one to look at.
  const KEYS = {
    name: w => w.name.toLowerCase(),
    kind: w => w.kind,
    account: w => w.account,
    mem: w => series(w, "memory").usage,
    memAlloc: w => series(w, "memory").allocation,
    memFcst: w => series(w, "memory").forecast,
    saved: w => series(w, "memory").savings,
    cpu: w => series(w, "cpu").usage,
    cpuAlloc: w => series(w, "cpu").allocation,
    cpuFcst: w => series(w, "cpu").forecast,
    other: w => other(w),
    risk: w => (risk(w) || {}).risk,
    state: w => stateOf(w),
  };
  function compare(key, desc) {
    const f = KEYS[key];
    return (a, b) => {
      const x = f(a), y = f(b);
      const nx = x === null || x === undefined, ny = y === null || y === undefined;
      if (nx || ny) return nx === ny ? 0 : nx ? 1 : -1;
      const c = x < y ? -1 : x > y ? 1 : 0;
      return desc ? -c : c;
    };
  }
  function ordered(list) {
    const out = [...list];
    if (state.sort) {
      const desc = state.sort.startsWith("-");
      out.sort(compare(desc ? state.sort.slice(1) : state.sort, desc));
    } else {
      const byMemory = compare("mem", true);
      out.sort((a, b) => compare("risk", true)(a, b) || byMemory(a, b) || compare("name", false)(a, b));
    }
    return out;
  }
  function matches(w) {
    if (!state.filter) return true;
    const text = [w.name, w.id, w.program, w.account, w.kind, stateOf(w)].join(" ").toLowerCase();
    return state.filter.toLowerCase().split(/\s+/).filter(Boolean).every(t => text.includes(t));
  }

  function cell(tr, text, cls, title) {
    const td = document.createElement("td");
    td.textContent = text;
    if (cls) td.className = cls;
    if (title) td.title = title;
    tr.appendChild(td);
    return td;
  }

  function renderFleet() {
    const list = state.list;
    const body = document.querySelector("#fleet tbody");
    body.textContent = "";
    const rows = ordered(list.workloads).filter(matches);
    for (const w of rows.slice(0, state.rows)) {
      const m = series(w, "memory"), c = series(w, "cpu");
      const tr = document.createElement("tr");
      tr.dataset.id = w.id;
      tr.dataset.name = w.name;
      if (w.id === state.selected) tr.className = "sel";
      const name = cell(tr, "", "name");
      name.innerHTML = "<b></b><small></small>";
      name.firstChild.textContent = w.name;
      name.lastChild.textContent = [w.name === w.id ? "" : w.id, w.kind, w.account].filter(Boolean).join(" · ");
      cell(tr, fmt(m.usage, "memory"));
      cell(tr, fmt(m.allocation, "memory"));
      cell(tr, fmt(m.forecast, "memory"), m.warmUpLeft != null ? "warming" : "");
      const saved = m.savings;
      cell(tr, saved == null ? "–" : saved < 0 ? "+" + fmt(-saved, "memory") : fmt(saved, "memory"),
        saved < 0 ? "added" : "", saved < 0 ? "PAE raised the allocation above what it came with, to cover its usage" : "");
      cell(tr, fmt(c.usage, "cpu"));
      cell(tr, fmt(c.allocation, "cpu"));
      cell(tr, fmt(c.forecast, "cpu"), c.warmUpLeft != null ? "warming" : "");
      cell(tr, other(w) || "–");
      const r = risk(w);
      const warming = warmUpLeft(w) !== null;
      cell(tr, r ? pct(r.risk) + " " + SHORT[r.resource] : warming ? "warming up" : "–",
        r && r.risk > 0.05 ? "risk-high" : warming ? "warming" : "");
      cell(tr, stateOf(w), warming ? "warming" : "");
      tr.addEventListener("click", () => select(w.id));
      body.appendChild(tr);
    }
    const more = document.getElementById("more");
    more.hidden = rows.length <= state.rows;
    more.textContent = `show all ${rows.length}`;
    document.getElementById("shown").textContent =
      `${Math.min(rows.length, state.rows)} of ${list.workloads.length} shown` + (state.filter ? ` (filter “${state.filter}”)` : "");
    document.querySelectorAll("#fleet th").forEach(th => {
      const k = th.dataset.key;
      th.classList.toggle("asc", state.sort === k);
      th.classList.toggle("desc", state.sort === "-" + k);
    });
    const wide = document.querySelector(".wide");
    document.body.dataset.fleetFits = String(wide.scrollWidth <= wide.clientWidth);
    document.body.dataset.fleetRows = String(body.children.length);
    return rows;
  }

  function renderCards() {
    const list = state.list;
    let alloc = 0, saved = 0, risky = 0, decided = 0, warming = 0, left = 0;
    for (const w of list.workloads) {
      const m = series(w, "memory");
      alloc += m.allocation || 0;
      saved += m.savings || 0;
      const l = warmUpLeft(w);
      if (l !== null) { warming++; left = Math.max(left, l); }
      const r = risk(w);
      if (r) { decided++; if (r.risk > 0.05) risky++; }
    }
    const cards = document.getElementById("cards");
    cards.textContent = "";
    const card = (value, label, cls, title) => {
      const d = document.createElement("div");
      d.className = "card" + (cls ? " " + cls : "");
      d.innerHTML = "<b></b><span></span>";
      d.firstChild.textContent = value;
      d.lastChild.textContent = label;
      if (title) d.title = title;
      d.dataset.card = label;
      cards.appendChild(d);
    };
    card(String(list.total), "workloads");
    card(fmt(alloc, "memory"), "memory allocated");
    if (saved >= 0) {
      card(fmt(saved, "memory"), "memory saved since start");
    } else {
      card(fmt(-saved, "memory"), "memory added since start", "added",
        "PAE raised allocations above what the workloads came with, to cover their usage");
    }
    if (decided === 0 && warming > 0) {
      card("–", "at risk (> 5 %): counted after warm-up", "warming");
    } else {
      card(`${risky} of ${decided}`, "at risk (> 5 %)", risky > 0 ? "risk-high" : "");
    }
    if (warming > 0) card(String(warming), `warming up (${duration(left)} left)`, "warming");
    card(list.time ? new Date(list.time).toLocaleTimeString() : "–", "as of");

    const banner = document.getElementById("warmup");
    banner.hidden = warming === 0;
    if (warming > 0) {
      banner.dataset.left = String(Math.round(left));
      banner.textContent =
        `Warming up: ${warming} of ${list.total} workloads, ${duration(left)} left. ` +
        "For its first hour (allocate.choice.warm-up) PAE watches each new workload and holds its " +
        "allocation, raising it only to cover what it uses: the forecasts shown here start from the " +
        "first minutes but are not acted on yet, and risk is not counted until the warm-up ends.";
    }
  }

  function reasonText(reason, resource) {
    let t = reason.rule.replace(/_/g, " ");
    const e = reason.evidence;
    if (e) t += ` by ${e.model} q${e.quantile}@${e.horizon.replace(/^PT/, "").toLowerCase()} = ${fmt(e.predicted, resource)}`;
    if (reason.caps.length) t += "; capped: " + reason.caps.join(", ");
    return t;
  }

  function renderLog() {
    const log = state.log;
    const workloads = document.getElementById("log-workload");
    const rules = document.getElementById("log-rule");
    const seenW = new Set(), seenR = new Set();
    for (const d of log.decisions) { seenW.add(d.workload); seenR.add(d.reason.rule); }
    if (state.logWorkload) seenW.add(state.logWorkload);
    if (state.logRule) seenR.add(state.logRule);
    const fill = (select, values, all, label) => {
      select.textContent = "";
      select.add(new Option(all, ""));
      [...values].sort().forEach(v => select.add(new Option(label(v), v)));
    };
    fill(workloads, seenW, "every workload", id => state.names[id] || id);
    fill(rules, seenR, "every rule", r => r.replace(/_/g, " "));
    workloads.value = state.logWorkload;
    rules.value = state.logRule;
    const body = document.querySelector("#log tbody");
    body.textContent = "";
    const shown = log.decisions.filter(d =>
      (!state.logWorkload || d.workload === state.logWorkload) && (!state.logRule || d.reason.rule === state.logRule));
    for (const d of shown) {
      const tr = document.createElement("tr");
      tr.dataset.workload = d.workload;
      tr.dataset.rule = d.reason.rule;
      cell(tr, new Date(d.time).toLocaleTimeString());
      cell(tr, state.names[d.workload] || d.workload, "", d.workload);
      cell(tr, d.resource);
      cell(tr, fmt(d.from, d.resource));
      cell(tr, fmt(d.to, d.resource));
      cell(tr, reasonText(d.reason, d.resource), "why");
      cell(tr, d.actuation ? d.actuation.status : "");
      body.appendChild(tr);
    }
    if (!shown.length) {
      const tr = document.createElement("tr");
      const td = cell(tr, log.decisions.length ? "no resize matches the filter"
        : "no resize yet" + (document.getElementById("warmup").hidden ? "" : ": allocations are held while warming up"), "empty");
      td.colSpan = 7;
      body.appendChild(tr);
    }
    document.getElementById("log-shown").textContent = `${shown.length} of ${log.decisions.length} shown`;
  }

  // The anomalies the token may see (the API scopes them by account), newest first: what, where,
  // when, how sure, and the forecast band the sample broke. A row selects its workload.
  function bandText(a) {
    const b = a.band, r = a.resources[0];
    if (!b) return "–";
    return `${fmt(b.low, r)} – ${fmt(b.high, r)} (median ${fmt(b.median, r)})`;
  }
  function renderAnomalies() {
    const body = document.querySelector("#anomalies tbody");
    body.textContent = "";
    for (const a of state.anomalies) {
      const tr = document.createElement("tr");
      tr.dataset.workload = a.workload;
      tr.dataset.kind = a.kind;
      if (a.open) tr.className = "open";
      cell(tr, state.names[a.workload] || a.workload, "", a.workload);
      cell(tr, a.kind.replace(/_/g, " "), "kind");
      cell(tr, a.resources.join(", "));
      cell(tr, new Date(a.start).toLocaleTimeString());
      cell(tr, a.open ? "open" : new Date(a.end).toLocaleTimeString());
      cell(tr, a.score === null ? "–" : a.score.toFixed(2));
      cell(tr, bandText(a));
      cell(tr, a.evidence, "why");
      tr.addEventListener("click", () => select(a.workload));
      body.appendChild(tr);
    }
    if (!state.anomalies.length) {
      const tr = document.createElement("tr");
      const td = cell(tr, "no anomaly found (or detection is off: anomaly.detector = none)", "empty");
      td.colSpan = 8;
      body.appendChild(tr);
    }
    document.body.dataset.anomalyRows = String(state.anomalies.length);
  }

  // Shades each anomaly of the chart's resource over its span (to the latest sample while open) and
  // names its kind at the top; a span narrower than 3 pixels is drawn 3 wide.
  function anomalySpans(marks) {
    return u => {
      const ctx = u.ctx, px = window.devicePixelRatio || 1;
      const { left, top, width, height } = u.bbox;
      ctx.save();
      ctx.font = `bold ${11 * px}px sans-serif`;
      ctx.textBaseline = "top";
      for (const m of marks) {
        let x0 = Math.max(left, u.valToPos(m.from, "x", true));
        let x1 = Math.min(left + width, u.valToPos(m.to, "x", true));
        if (x1 < left || x0 > left + width) continue;
        if (x1 - x0 < 3 * px) x1 = x0 + 3 * px;
        ctx.fillStyle = "rgba(214,48,49,0.16)";
        ctx.fillRect(x0, top, x1 - x0, height);
        ctx.fillStyle = "rgba(214,48,49,0.9)";
        ctx.fillRect(x0, top, Math.max(px, 2), height);
        // The kind on a white tag, right of the span's start, or left of it near the right edge.
        const w = ctx.measureText(m.label).width + 6 * px;
        const tx = x0 + w + 3 * px > left + width ? x0 - w - px : x0 + 3 * px;
        ctx.fillStyle = "rgba(255,255,255,0.9)";
        ctx.fillRect(tx, top + px, w, 14 * px);
        ctx.fillStyle = "#b3261e";
        ctx.fillText(m.label, tx + 3 * px, top + 3 * px);
      }
      ctx.restore();
    };
  }

  // One chart per resource of the workload: usage and allocation over the last hour, then the
  // forecast band ahead, in a unit scaled to the largest value drawn, its anomalies shaded.
  async function chart(id, resource, width) {
    const enc = encodeURIComponent(id);
    const [hist, fc] = await Promise.all([
      get(`/workloads/${enc}/history?resource=${resource}&step=${state.interval}`),
      get(`/workloads/${enc}/forecast?resource=${resource}`),
    ]);
    const xs = [], usage = [], alloc = [], lo = [], mid = [], hi = [];
    for (const p of hist.points) {
      xs.push(Date.parse(p.time) / 1000);
      usage.push(p.usageMean); alloc.push(p.allocation);
      lo.push(null); mid.push(null); hi.push(null);
    }
    const f = fc.forecasts[0];
    if (f && f.horizons.length && xs.length) {
      const t0 = xs[xs.length - 1];
      const last = usage[usage.length - 1];
      lo[lo.length - 1] = last; mid[mid.length - 1] = last; hi[hi.length - 1] = last;
      for (const h of f.horizons) {
        const q = l => (h.quantiles.find(x => x.level === l) || {}).value;
        xs.push(t0 + h.seconds);
        usage.push(null); alloc.push(null);
        lo.push(q(0.05)); mid.push(q(0.5)); hi.push(q(0.95));
      }
    }
    const latest = hist.points.length ? xs[hist.points.length - 1] : null;
    const marks = state.anomalies
      .filter(a => a.workload === id && a.resources.includes(resource) && latest !== null)
      .map(a => ({
        from: Date.parse(a.start) / 1000,
        to: a.open ? latest : Date.parse(a.end) / 1000,
        label: a.kind.replace(/_/g, " ") + " #" + a.id,
        kind: a.kind,
      }))
      .filter(m => xs.length && m.to >= xs[0]);
    const all = [usage, alloc, lo, mid, hi];
    const max = Math.max(0, ...all.flat().filter(v => v !== null && v !== undefined && isFinite(v)));
    const s = scaleFor(resource, max);
    const data = [xs, ...all.map(a => a.map(v => v === null || v === undefined ? null : v / s.div))];
    const opts = {
      title: `${resource.replace("_", " ")} (${s.unit})`,
      width, height: 240,
      series: [
        {},
        { label: "usage", stroke: "#2f6fdf", width: 2 },
        { label: "allocation", stroke: "#1f9d55", width: 2, paths: uPlot.paths.stepped({ align: 1 }) },
        { label: "forecast 5 %", stroke: "#e08a1e", dash: [4, 4] },
        { label: "forecast median", stroke: "#e08a1e", width: 2 },
        { label: "forecast 95 %", stroke: "#e08a1e", dash: [4, 4] },
      ],
      bands: [{ series: [5, 3], fill: "rgba(224,138,30,0.18)" }],
      scales: { x: { time: true } },
      axes: [{}, { size: 60 }],
      hooks: { draw: [anomalySpans(marks)] },
    };
    return { opts, data, resource, marks, points: usage.filter(v => v !== null).length };
  }

  async function select(id) {
    state.selected = id;
    document.querySelectorAll("#fleet tbody tr").forEach(tr => tr.classList.toggle("sel", tr.dataset.id === id));
    await drawCharts();
  }

  function describe(w) {
    document.getElementById("selected").textContent = w.name;
    const left = warmUpLeft(w);
    const parts = [w.id, w.kind, "program " + w.program, "account " + w.account, w.criticality];
    if (w.parent) parts.push("inside " + (state.names[w.parent] || w.parent));
    parts.push(left !== null ? "warming up, " + duration(left) + " left: forecast shown, not acted on yet" : stateOf(w));
    document.getElementById("about").textContent = parts.join(" · ");
  }

  // Fetches every chart's data first, then swaps the old plots for the new ones in one go, so a
  // chart is always on the page once drawn.
  async function drawCharts() {
    const w = state.list && state.list.workloads.find(x => x.id === state.selected);
    if (!w) return;
    describe(w);
    document.body.dataset.selected = w.id;
    const resources = RESOURCES.filter(r => w.series.some(s => s.resource === r));
    const perRow = Math.min(resources.length, 3);
    const width = Math.max(320, Math.floor((document.querySelector("main").clientWidth - 40 * perRow) / perRow));
    const specs = [];
    for (const r of resources) {
      specs.push(await chart(w.id, r, width));
    }
    state.charts.forEach(c => c.plot.destroy());
    const host = document.getElementById("charts");
    state.charts = specs.map(c => ({ plot: new uPlot(c.opts, c.data, host), points: c.points, resource: c.resource, marks: c.marks }));
    state.charts.forEach(c => {
      c.plot.root.classList.add("chart");
      c.plot.root.dataset.resource = c.resource;
      c.plot.root.dataset.anomalies = c.marks.map(m => m.kind).join(" ");
    });
    document.body.dataset.anomalyMarks =
      state.charts.flatMap(c => c.marks.map(m => c.resource + ":" + m.kind)).join(" ");
    const drawn = state.charts.filter(c => c.points > 0);
    document.body.dataset.chartResources = drawn.map(c => c.resource).join(" ");
    document.body.dataset.chartPoints = String(drawn.reduce((n, c) => n + c.points, 0));
    if (drawn.length === state.charts.length && drawn.length > 0) {
      document.body.dataset.chartsReady = String(drawn.length);
    }
  }

  function render() {
    const rows = renderFleet();
    renderCards();
    renderAnomalies();
    renderLog();
    return rows;
  }

  // The storage tiers are the host's: shown to a token with a role everywhere, when configured.
  async function refreshTiers() {
    const r = await fetch(api + "/tiers?limit=50", { headers: { Authorization: "Bearer " + state.token } });
    const t = r.ok ? await r.json() : { enabled: false };
    const section = document.getElementById("tiers");
    section.hidden = !t.enabled;
    if (!t.enabled) return;
    document.getElementById("tiers-about").textContent =
      `policy ${t.policy}, epoch ${t.epoch} ended ${new Date(t.time).toLocaleTimeString()}; ` +
      (t.enforce ? "moves are made" : "moves are recommended only (storage.enforce = false)");
    const occupancy = document.querySelector("#tier-occupancy tbody");
    occupancy.replaceChildren();
    t.tiers.forEach(x => {
      const tr = document.createElement("tr");
      cell(tr, x.tier);
      cell(tr, String(x.files));
      cell(tr, x.capacity === null ? "—" : String(x.capacity));
      cell(tr, String(x.served));
      cell(tr, x.servedShare === null ? "—" : pct(x.servedShare));
      occupancy.appendChild(tr);
    });
    const moves = document.querySelector("#tier-moves tbody");
    moves.replaceChildren();
    t.moves.forEach(m => {
      const tr = document.createElement("tr");
      cell(tr, new Date(m.time).toLocaleTimeString());
      cell(tr, m.file);
      cell(tr, m.from);
      cell(tr, m.to);
      cell(tr, m.predictedRate === null ? "—" : m.predictedRate.toFixed(2));
      cell(tr, m.payRate === null ? "—" : m.payRate.toFixed(3));
      cell(tr, m.model);
      cell(tr, m.outcome + (m.detail ? ": " + m.detail : ""));
      moves.appendChild(tr);
    });
    document.body.dataset.tiers =
      t.tiers.map(x => `${x.tier}:${x.files}/${x.capacity === null ? "-" : x.capacity}`).join(",") +
      `;moves:${t.moves.length}`;
  }

  async function refresh() {
    try {
      const [list, log, anomalies] = await Promise.all([
        get("/workloads?limit=10000"),
        get("/decisions?limit=500"),
        get("/anomalies?limit=200"),
      ]);
      state.list = list;
      state.log = log;
      state.anomalies = anomalies.anomalies;
      state.names = {};
      list.workloads.forEach(w => { state.names[w.id] = w.name; });
      const rows = render();
      await refreshTiers();
      document.getElementById("status").textContent =
        `${list.total} workloads · updated ${new Date().toLocaleTimeString()}`;
      if (!list.workloads.some(w => w.id === state.selected) && rows.length) {
        await select(rows[0].id);
      } else {
        await drawCharts();
      }
    } catch (e) {
      if (e.message !== "unauthorized") document.getElementById("status").textContent = "error: " + e.message;
    }
  }

  document.getElementById("login").addEventListener("submit", ev => {
    ev.preventDefault();
    sessionStorage.setItem("pae.token", document.getElementById("token").value.trim());
    document.getElementById("login").hidden = true;
    takeFragment();
    start();
  });
  document.getElementById("filter").addEventListener("input", ev => {
    state.filter = ev.target.value.trim();
    if (state.list) renderFleet();
  });
  document.querySelectorAll("#fleet th").forEach(th => th.addEventListener("click", () => {
    const k = th.dataset.key;
    state.sort = state.sort === "-" + k ? k : "-" + k;
    if (state.list) renderFleet();
  }));
  document.getElementById("more").addEventListener("click", () => {
    state.rows = Infinity;
    renderFleet();
  });
  document.getElementById("log-workload").addEventListener("change", ev => {
    state.logWorkload = ev.target.value;
    renderLog();
  });
  document.getElementById("log-rule").addEventListener("change", ev => {
    state.logRule = ev.target.value;
    renderLog();
  });

  let timer = null;
  function start() {
    refresh();
    if (!timer) timer = setInterval(refresh, 5000);
  }

  takeFragment();
  if (!state.token) {
    showLogin("enter an API token: pae run writes one to <data-dir>/api-token and prints a one-time login link");
  } else {
    start();
  }
})();
