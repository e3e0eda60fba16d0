// PAE dashboard: reads /api/v1 with the token from the URL fragment (#token=…) or the form, kept in
// sessionStorage only. When both charts have drawn with data it sets body[data-charts-ready].
"use strict";
(function () {
  const api = "/api/v1";
  const state = { token: null, selected: null, interval: 5, charts: [] };

  function takeToken() {
    const m = /(?:^|[#&])token=([^&]+)/.exec(location.hash);
    if (m) {
      sessionStorage.setItem("pae.token", decodeURIComponent(m[1]));
      history.replaceState(null, "", location.pathname + location.search);
    }
    state.token = sessionStorage.getItem("pae.token");
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

  const GIB = 1024 * 1024 * 1024;
  function fmt(v, resource) {
    if (v === null || v === undefined) return "–";
    if (resource === "memory") return (v / GIB).toFixed(2) + " GiB";
    if (resource === "cpu") return (v / 1000).toFixed(2) + " cores";
    return v.toPrecision(3);
  }
  function pct(v) {
    if (v === null || v === undefined) return "–";
    return v < 0.0001 ? "<0.01 %" : (100 * v).toFixed(2) + " %";
  }
  function series(w, r) {
    return w.series.find(s => s.resource === r) || {};
  }
  function cell(tr, text, cls) {
    const td = document.createElement("td");
    td.textContent = text;
    if (cls) td.className = cls;
    tr.appendChild(td);
  }

  function renderFleet(list) {
    const body = document.querySelector("#fleet tbody");
    body.textContent = "";
    let alloc = 0, saved = 0, risky = 0;
    for (const w of list.workloads) {
      const m = series(w, "memory"), c = series(w, "cpu");
      alloc += m.allocation || 0;
      saved += m.savings || 0;
      if ((m.risk || 0) > 0.05 || (c.risk || 0) > 0.05) risky++;
      const tr = document.createElement("tr");
      tr.dataset.id = w.id;
      if (w.id === state.selected) tr.className = "sel";
      cell(tr, w.id);
      cell(tr, w.account);
      cell(tr, w.criticality);
      cell(tr, fmt(m.usage, "memory"));
      cell(tr, fmt(m.allocation, "memory"));
      cell(tr, fmt(m.forecast, "memory"));
      cell(tr, fmt(m.savings, "memory"));
      cell(tr, pct(m.risk), (m.risk || 0) > 0.05 ? "risk-high" : "");
      cell(tr, fmt(c.usage, "cpu"));
      cell(tr, fmt(c.allocation, "cpu"));
      cell(tr, fmt(c.forecast, "cpu"));
      cell(tr, pct(c.risk), (c.risk || 0) > 0.05 ? "risk-high" : "");
      cell(tr, w.paused ? "paused" : m.decision || "");
      tr.addEventListener("click", () => select(w.id));
      body.appendChild(tr);
    }
    const cards = document.getElementById("cards");
    cards.textContent = "";
    for (const [label, value] of [
      ["workloads", String(list.total)],
      ["memory allocated", fmt(alloc, "memory")],
      ["memory saved", fmt(saved, "memory")],
      ["workloads at risk (> 5 %)", String(risky)],
      ["as of", list.time ? new Date(list.time).toLocaleTimeString() : "–"],
    ]) {
      const d = document.createElement("div");
      d.className = "card";
      d.innerHTML = "<b></b><span></span>";
      d.firstChild.textContent = value;
      d.lastChild.textContent = label;
      cards.appendChild(d);
    }
  }

  function renderLog(log) {
    const body = document.querySelector("#log tbody");
    body.textContent = "";
    for (const d of log.decisions) {
      const tr = document.createElement("tr");
      cell(tr, new Date(d.time).toLocaleTimeString());
      cell(tr, d.workload);
      cell(tr, d.resource);
      cell(tr, fmt(d.from, d.resource));
      cell(tr, fmt(d.to, d.resource));
      cell(tr, d.reason.text);
      cell(tr, d.actuation ? d.actuation.status : "");
      body.appendChild(tr);
    }
  }

  // One chart per resource: usage and allocation over the last hour, then the forecast band ahead.
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
    const scale = resource === "memory" ? GIB : 1000;
    const unit = resource === "memory" ? "GiB" : "cores";
    const data = [xs, ...[usage, alloc, lo, mid, hi].map(a => a.map(v => v === null ? null : v / scale))];
    const opts = {
      title: `${resource} (${unit})`,
      width, height: 260,
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
    };
    return { opts, data, points: usage.filter(v => v !== null).length };
  }

  async function select(id) {
    state.selected = id;
    document.getElementById("selected").textContent = id;
    document.querySelectorAll("#fleet tbody tr").forEach(tr => tr.classList.toggle("sel", tr.dataset.id === id));
    await drawCharts();
  }

  // Fetches both charts' data first, then swaps the old plots for the new ones in one go, so a
  // chart is always on the page once drawn.
  async function drawCharts() {
    if (!state.selected) return;
    const width = Math.max(360, Math.floor((document.querySelector("main").clientWidth - 80) / 2));
    const specs = [];
    for (const r of ["memory", "cpu"]) {
      specs.push(await chart(state.selected, r, width));
    }
    state.charts.forEach(c => c.plot.destroy());
    const host = document.getElementById("charts");
    state.charts = specs.map(c => ({ plot: new uPlot(c.opts, c.data, host), points: c.points }));
    state.charts.forEach(c => c.plot.root.classList.add("chart"));
    const points = state.charts.reduce((n, c) => n + c.points, 0);
    if (state.charts.length === 2 && state.charts.every(c => c.points > 0)) {
      document.body.dataset.chartsReady = String(state.charts.length);
      document.body.dataset.chartPoints = String(points);
    }
  }

  async function refresh() {
    try {
      const [list, log] = await Promise.all([
        get("/workloads?limit=500"),
        get("/decisions?limit=200"),
      ]);
      renderFleet(list);
      renderLog(log);
      document.getElementById("status").textContent =
        `${list.total} workloads · updated ${new Date().toLocaleTimeString()}`;
      if (!state.selected && list.workloads.length) {
        const byRisk = [...list.workloads].sort((a, b) => (series(b, "memory").savings || 0) - (series(a, "memory").savings || 0));
        await select(byRisk[0].id);
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
    takeToken();
    refresh();
  });

  takeToken();
  if (!state.token) {
    showLogin("enter an API token (./pae run writes one to ~/.pae/api-token)");
  } else {
    refresh();
    setInterval(refresh, 5000);
  }
})();
