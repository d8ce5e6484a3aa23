// The aidcsim report page. aidcsim inlines this script, the uPlot charting library and the
// run's figures (JSON in #aidcsim-data) into one HTML file; this script builds the page from
// them. Each chart appears only when its figures are there, so the page works with whatever
// fields summary.json and whatever columns timeseries.csv hold. It makes no network request.
(function () {
  "use strict";

  const data = JSON.parse(document.getElementById("aidcsim-data").textContent);
  const root = document.getElementById("report");
  const palette = ["#1f6fb4", "#e4572e", "#2e933c", "#8a4fbe", "#d4a017", "#17a2b8", "#6c757d"];
  const charts = []; // {plot, box}

  // ---- small helpers --------------------------------------------------------------------

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null) continue;
      if (k === "class") node.className = v;
      else node.setAttribute(k, v);
    }
    for (const c of children.flat(Infinity)) {
      if (c === undefined || c === null) continue;
      node.append(typeof c === "string" || typeof c === "number" ? String(c) : c);
    }
    return node;
  }

  const isNum = (v) => typeof v === "number" && Number.isFinite(v);
  const get = (obj, path) =>
    path.split(".").reduce((o, k) => (o !== null && typeof o === "object" ? o[k] : undefined), obj);

  function fmt(v, digits) {
    if (!isNum(v)) return "–";
    const a = Math.abs(v);
    if (digits !== undefined) return v.toLocaleString("en-GB", { maximumFractionDigits: digits });
    if (a !== 0 && (a >= 1e9 || a < 1e-3)) return v.toExponential(3);
    if (a >= 1000) return v.toLocaleString("en-GB", { maximumFractionDigits: 0 });
    return v.toLocaleString("en-GB", { maximumSignificantDigits: 4 });
  }

  const pct = (v) => (isNum(v) ? fmt(100 * v, 1) + " %" : "–");
  // A count, in millions or billions when large ("748.5 million").
  const count = (v) =>
    !isNum(v) ? "–" : v >= 1e9 ? `${fmt(v / 1e9, 2)} billion` : v >= 1e6 ? `${fmt(v / 1e6, 1)} million` : fmt(v, 0);

  // A service's API list price per million tokens ("in" or "out"), in either layout of
  // summary.json: cost.list_price.{eur_per_mtok_input,...} or cost.list_price_eur_per_mtok_*.
  const listPrice = (sv, dir) => {
    const c = sv.cost || {};
    const key = dir === "in" ? "eur_per_mtok_input" : "eur_per_mtok_output";
    return isNum(get(c, `list_price.${key}`)) ? c.list_price[key] : c[`list_price_${key}`];
  };
  // Joules per output token drawn by the service's GPUs.
  const gpuJoules = (sv) => get(sv, "energy.gpu_j_per_output_token") ?? get(sv, "energy.j_per_output_token");

  // A service's SLO: from summary.json, else from the scenario (run reports only).
  const sloOf = (sv) => sv.slo || (data.scenario_slos || {})[sv.name];

  function section(title, note, id) {
    const s = el("section", { class: "card", id }, el("h2", {}, title));
    if (note) s.append(el("p", { class: "note" }, note));
    root.append(s);
    return s;
  }

  // ---- timeseries.csv: wide (one row per interval) or long (one row per interval and
  // service, pivoted here into the wide layout's "service.column" names) -----------------

  function parseCsvLine(line) {
    const cells = [];
    let cur = "";
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (quoted) {
        if (c === '"' && line[i + 1] === '"') {
          cur += '"';
          i++;
        } else if (c === '"') quoted = false;
        else cur += c;
      } else if (c === '"') quoted = true;
      else if (c === ",") {
        cells.push(cur);
        cur = "";
      } else cur += c;
    }
    cells.push(cur);
    return cells;
  }

  function toNum(s) {
    if (s === undefined || s.trim() === "") return null;
    const v = Number(s);
    return Number.isFinite(v) ? v : null;
  }

  // -> {time: [s...], cols: {name: [values...]}} (null where a value is missing)
  function parseTimeseries(text) {
    const lines = (text || "").split(/\r?\n/).filter((l) => l.length > 0);
    if (lines.length < 2) return { time: [], cols: {} };
    const header = parseCsvLine(lines[0]);
    const rows = lines.slice(1).map(parseCsvLine);
    const ti = header.indexOf("time_s");
    if (ti < 0) return { time: [], cols: {} };
    const si = header.indexOf("service");
    const cols = {};
    if (si < 0) {
      const time = rows.map((r) => toNum(r[ti]));
      header.forEach((h, i) => {
        if (i !== ti) cols[h] = rows.map((r) => toNum(r[i]));
      });
      return { time, cols };
    }
    const times = [...new Set(rows.map((r) => toNum(r[ti])).filter(isNum))].sort((a, b) => a - b);
    const index = new Map(times.map((t, i) => [t, i]));
    for (const r of rows) {
      const t = toNum(r[ti]);
      if (!index.has(t)) continue;
      header.forEach((h, i) => {
        if (i === ti || i === si) return;
        const name = r[si] + "." + h;
        if (!cols[name]) cols[name] = new Array(times.length).fill(null);
        cols[name][index.get(t)] = toNum(r[i]);
      });
    }
    return { time: times, cols };
  }

  const hasData = (values) => Array.isArray(values) && values.some(isNum);

  function timeAxis(time) {
    const last = time.length ? time[time.length - 1] : 0;
    if (last >= 3 * 86400) return { div: 86400, label: "simulated time (days)" };
    if (last >= 3 * 3600) return { div: 3600, label: "simulated time (h)" };
    if (last >= 180) return { div: 60, label: "simulated time (min)" };
    return { div: 1, label: "simulated time (s)" };
  }

  // Per-interval amounts -> running total; left as they are when they already are one
  // (their last value is nearer the run's total than their sum is).
  function cumulative(values, total) {
    let sum = 0;
    const out = values.map((v) => (isNum(v) ? (sum += v) : sum));
    const last = [...values].reverse().find(isNum);
    if (isNum(total) && isNum(last) && Math.abs(last - total) < Math.abs(sum - total)) return values;
    return out;
  }

  // ---- charts ---------------------------------------------------------------------------

  // Vertical marker lines (an SLO) drawn over the plot.
  function markersPlugin(markers) {
    return {
      hooks: {
        draw: [
          (u) => {
            const ctx = u.ctx;
            ctx.save();
            for (const m of markers) {
              const x = Math.round(u.valToPos(m.x, "x", true));
              ctx.strokeStyle = m.color || "#c0392b";
              ctx.lineWidth = 2 * devicePixelRatio;
              ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
              ctx.beginPath();
              ctx.moveTo(x, u.bbox.top);
              ctx.lineTo(x, u.bbox.top + u.bbox.height);
              ctx.stroke();
              ctx.setLineDash([]);
              ctx.fillStyle = m.color || "#c0392b";
              ctx.font = `${12 * devicePixelRatio}px sans-serif`;
              // The label goes right of the line, or left of it when it would leave the plot.
              const w = ctx.measureText(m.label).width;
              const right = x + 4 * devicePixelRatio + w <= u.bbox.left + u.bbox.width;
              ctx.textAlign = right ? "left" : "right";
              ctx.fillText(m.label, x + (right ? 4 : -4) * devicePixelRatio, u.bbox.top + 14 * devicePixelRatio);
            }
            ctx.restore();
          },
        ],
      },
    };
  }

  // spec: {title, note, x: [..], xLabel, series: [{label, values, scale ("y"|"y2"), color,
  // dash}], y: {label, range}, y2: {label, range}, markers: [{x, label}], points: bool}
  function lineChart(parent, spec) {
    const series = spec.series.filter((s) => hasData(s.values));
    if (series.length === 0 || !spec.x || spec.x.length === 0) return null;
    const box = el("div", { class: "chart", "data-chart": spec.title });
    const figure = el("figure", {}, box);
    if (spec.note) figure.append(el("figcaption", {}, spec.note));
    parent.append(figure);
    const useY2 = series.some((s) => s.scale === "y2");
    const scales = { x: { time: false }, y: {} };
    if (spec.xRange) scales.x.range = spec.xRange;
    if (spec.y && spec.y.range) scales.y.range = spec.y.range;
    if (useY2) scales.y2 = spec.y2 && spec.y2.range ? { range: spec.y2.range } : {};
    const axes = [
      { label: spec.xLabel, labelSize: 20, stroke: "#444", grid: { stroke: "#eee" } },
      { scale: "y", label: spec.y ? spec.y.label : "", size: 64, labelSize: 20, stroke: "#444",
        grid: { stroke: "#eee" } },
    ];
    if (useY2) {
      axes.push({ scale: "y2", side: 1, label: spec.y2 ? spec.y2.label : "", size: 64,
        labelSize: 20, stroke: "#444", grid: { show: false } });
    }
    const opts = {
      title: spec.title,
      width: Math.max(240, box.clientWidth || 600),
      height: spec.height || 240,
      scales,
      axes,
      legend: { live: true },
      cursor: { drag: { x: true, y: false } },
      series: [
        { label: spec.xLabel },
        ...series.map((s, i) => ({
          label: s.label,
          scale: s.scale || "y",
          stroke: s.color || palette[i % palette.length],
          width: 1.5,
          dash: s.dash,
          spanGaps: true,
          points: { show: s.points ?? !!spec.points },
          value: (u, v) => fmt(v),
        })),
      ],
      plugins: spec.markers && spec.markers.length ? [markersPlugin(spec.markers)] : [],
    };
    const plot = new uPlot(opts, [spec.x, ...series.map((s) => s.values)], box);
    charts.push({ plot, box });
    return plot;
  }

  // Horizontal bars drawn with HTML: [{label, value, text, color}]
  function barChart(parent, title, bars, note) {
    const shown = bars.filter((b) => isNum(b.value));
    if (shown.length === 0) return null;
    const max = Math.max(...shown.map((b) => Math.abs(b.value))) || 1;
    const box = el("div", { class: "chart bars", "data-chart": title }, el("div", { class: "bars-title" }, title));
    shown.forEach((b, i) => {
      const bar = el("div", { class: "bar" });
      bar.style.width = `${(100 * Math.abs(b.value)) / max}%`;
      bar.style.background = b.color || palette[i % palette.length];
      box.append(el("div", { class: "bar-row" }, el("span", { class: "bar-label" }, b.label),
        el("span", { class: "bar-track" }, bar), el("span", { class: "bar-value" }, b.text || fmt(b.value))));
    });
    const figure = el("figure", {}, box);
    if (note) figure.append(el("figcaption", {}, note));
    parent.append(figure);
    return box;
  }

  function grid(parent) {
    const g = el("div", { class: "grid" });
    parent.append(g);
    return g;
  }

  // ---- distributions --------------------------------------------------------------------

  const DISTRIBUTIONS = [
    { key: "ttft_s", title: "Time to first token", unit: "s", scale: 1, slo: "ttft_s" },
    { key: "tpot_s", title: "Time per output token", unit: "ms", scale: 1000, slo: "tpot_s" },
    { key: "e2e_s", title: "End-to-end latency", unit: "s", scale: 1 },
  ];

  // [[value, quantile]...] of a distribution: its "cdf" when there, else its percentiles.
  function cdfPoints(dist) {
    if (!dist || !(dist.count > 0)) return null;
    if (Array.isArray(dist.cdf) && dist.cdf.length > 1) {
      return { points: dist.cdf.filter((p) => isNum(p[0]) && isNum(p[1])).sort((a, b) => a[0] - b[0]),
        exact: true };
    }
    const points = [["p50", 0.5], ["p90", 0.9], ["p99", 0.99], ["max", 1.0]]
      .filter(([k]) => isNum(dist[k]))
      .map(([k, q]) => [dist[k], q]);
    return points.length ? { points, exact: false } : null;
  }

  function cdfChart(parent, d, sides, slo) {
    const tables = [];
    const series = [];
    let exact = true;
    sides.forEach((side, i) => {
      const c = cdfPoints(side.dist);
      if (!c) return;
      exact = exact && c.exact;
      tables.push([c.points.map((p) => p[0] * d.scale), c.points.map((p) => p[1])]);
      series.push({ label: side.label, color: palette[i % palette.length], dash: side.dash, points: !c.exact });
    });
    if (tables.length === 0) return null;
    const joined = uPlot.join(tables);
    series.forEach((s, i) => (s.values = joined[i + 1]));
    const markers = isNum(slo) ? [{ x: slo * d.scale, label: `SLO ${fmt(slo * d.scale)} ${d.unit}` }] : [];
    return lineChart(parent, {
      title: `${d.title} (CDF)`,
      note: exact ? null : "From the percentiles of summary.json (p50, p90, p99, max).",
      x: joined[0],
      xLabel: `${d.title.toLowerCase()} (${d.unit})`,
      series,
      y: { label: "share of requests", range: [0, 1] },
      xRange: (u, min, max) => {
        const hi = Math.max(max, markers.length ? markers[0].x * 1.1 : 0);
        return [Math.min(0, min), hi > 0 ? hi : 1];
      },
      markers,
    });
  }

  // ---- the run report -------------------------------------------------------------------

  function headline(summary, ts) {
    const services = summary.services || [];
    const duration = get(summary, "scenario.duration_s");
    const figures = [];
    const add = (label, value, text) => {
      if (isNum(value)) figures.push([label, text || fmt(value)]);
    };
    const sum = (f) => services.reduce((a, s) => a + (isNum(f(s)) ? f(s) : 0), 0);
    const outTokens = sum((s) => get(s, "throughput.output_tokens_per_s") * duration);
    const inTokens = sum((s) => get(s, "throughput.input_tokens_per_s") * duration);
    add("simulated time", duration, durationText(duration));
    const completed = sum((s) => get(s, "requests.completed"));
    add("requests completed", completed, count(completed));
    add("output tokens served", outTokens, count(outTokens));
    add("input tokens served", inTokens, count(inTokens));
    const arrived = sum((s) => get(s, "requests.arrived"));
    const met = sum((s) => get(s, "slo_attainment") * get(s, "requests.arrived"));
    if (arrived > 0 && services.some((s) => isNum(s.slo_attainment))) {
      add("SLO attainment", met / arrived, pct(met / arrived));
    }
    const site = summary.site || {};
    add("IT energy", site.it_energy_mwh, `${fmt(site.it_energy_mwh)} MWh`);
    add("facility energy", site.facility_energy_mwh, `${fmt(site.facility_energy_mwh)} MWh`);
    add("mean PUE", site.mean_pue, fmt(site.mean_pue, 3));
    add("peak facility power", site.peak_facility_mw, `${fmt(site.peak_facility_mw)} MW`);
    add("emissions", site.emissions_tco2e, `${fmt(site.emissions_tco2e)} tCO2e`);
    add("energy cost", site.energy_cost_eur, `€ ${fmt(site.energy_cost_eur, 0)}`);
    const gpuKwh = sum((s) => get(s, "energy.gpu_energy_kwh"));
    if (services.some((s) => isNum(get(s, "energy.gpu_energy_kwh")))) {
      add("GPU energy", gpuKwh, `${fmt(gpuKwh)} kWh`);
    }
    // token-weighted means over the services that report them
    const weighted = (path) => {
      let w = 0;
      let t = 0;
      for (const s of services) {
        const v = typeof path === "function" ? path(s) : get(s, path);
        const tok = get(s, "throughput.output_tokens_per_s");
        if (isNum(v) && isNum(tok) && tok > 0) {
          w += v * tok;
          t += tok;
        }
      }
      return t > 0 ? w / t : null;
    };
    const eur = weighted("cost.eur_per_mtok_output");
    add("cost per Mtok output", eur, `€ ${fmt(eur, 3)}`);
    const g = weighted("cost.gco2e_per_mtok_output");
    add("carbon per Mtok output", g, `${fmt(g)} gCO2e`);
    const jf = weighted("energy.facility_j_per_output_token");
    add("facility energy per output token", jf, `${fmt(jf)} J`);
    const jg = weighted(gpuJoules);
    add("GPU energy per output token", jg, `${fmt(jg)} J`);
    add("water", site.water_m3, `${fmt(site.water_m3)} m³`);
    add("water usage effectiveness", site.wue_l_per_kwh, `${fmt(site.wue_l_per_kwh)} L/kWh`);
    if (!isNum(duration) && ts.time.length) add("intervals", ts.time.length);
    const box = el("div", { class: "figures" });
    for (const [label, text] of figures) {
      box.append(el("div", { class: "figure" }, el("div", { class: "value" }, text), el("div", { class: "label" }, label)));
    }
    return box;
  }

  function durationText(s) {
    if (!isNum(s)) return "–";
    if (s >= 86400) {
      const days = fmt(s / 86400, 2);
      return `${days} day${days === "1" ? "" : "s"}`;
    }
    if (s >= 3600) return `${fmt(s / 3600, 2)} h`;
    if (s >= 60) return `${fmt(s / 60, 2)} min`;
    return `${fmt(s, 3)} s`;
  }

  function servicesTable(services) {
    const columns = [
      ["service", (s) => s.name],
      ["model", (s) => s.model],
      ["system", (s) => (Array.isArray(s.pools) ? s.pools.map((p) => `${p.name}: ${p.system}`).join(", ") : s.system)],
      ["GPUs", (s) => (Array.isArray(s.pools)
        ? `${s.gpus} (${s.pools.map((p) => `${p.replicas}×TP${p.tensor_parallel}${p.role === "both" ? "" : ` ${p.role}`}`).join(" + ")})`
        : isNum(s.gpus) ? `${s.gpus} (${s.replicas}×TP${s.tensor_parallel})` : undefined)],
      ["completed", (s) => fmt(get(s, "requests.completed"), 0)],
      ["unfinished", (s) => fmt(get(s, "requests.unfinished"), 0)],
      ["rejected", (s) => fmt(get(s, "requests.rejected_too_long"), 0)],
      ["out tok/s", (s) => fmt(get(s, "throughput.output_tokens_per_s"), 0)],
      ["TTFT p50 / p99 (s)", (s) => `${fmt(get(s, "ttft_s.p50"))} / ${fmt(get(s, "ttft_s.p99"))}`],
      ["TPOT p50 / p99 (ms)", (s) => `${fmt(1000 * get(s, "tpot_s.p50"))} / ${fmt(1000 * get(s, "tpot_s.p99"))}`],
      ["SLO (TTFT / TPOT)", (s) => (sloOf(s) ? `${fmt(sloOf(s).ttft_s)} s / ${fmt(1000 * sloOf(s).tpot_s)} ms` : undefined)],
      ["SLO met", (s) => (isNum(s.slo_attainment) ? pct(s.slo_attainment) : undefined)],
      ["goodput (req/s)", (s) => (isNum(s.goodput_requests_per_s) ? fmt(s.goodput_requests_per_s) : undefined)],
      ["replicas busy", (s) => (Array.isArray(s.pools)
        ? s.pools.map((p) => `${p.name} ${pct(p.replica_busy_fraction)}`).join(", ")
        : isNum(s.replica_busy_fraction) ? pct(s.replica_busy_fraction) : undefined)],
      ["KV transfers (p50 / p99 ms)", (s) => (s.kv_transfer
        ? `${fmt(s.kv_transfer.transfers, 0)} (${fmt(1000 * get(s, "kv_transfer.seconds.p50"))} / ${fmt(1000 * get(s, "kv_transfer.seconds.p99"))})` : undefined)],
      ["KV tokens / replica", (s) => (isNum(s.kv_capacity_tokens_per_replica) ? fmt(s.kv_capacity_tokens_per_replica, 0) : undefined)],
      ["J / out token (GPU)", (s) => (isNum(gpuJoules(s)) ? fmt(gpuJoules(s)) : undefined)],
      ["J / out token (facility)", (s) => (isNum(get(s, "energy.facility_j_per_output_token")) ? fmt(get(s, "energy.facility_j_per_output_token")) : undefined)],
      ["€ / Mtok in / out", (s) => (s.cost ? `${fmt(s.cost.eur_per_mtok_input, 3)} / ${fmt(s.cost.eur_per_mtok_output, 3)}` : undefined)],
      ["list price € / Mtok in / out", (s) =>
        (isNum(listPrice(s, "out"))
          ? `${fmt(listPrice(s, "in"), 3)} / ${fmt(listPrice(s, "out"), 3)}${get(s, "cost.list_price.api_model") ? ` (${s.cost.list_price.api_model})` : ""}` : undefined)],
      ["gCO2e / Mtok out", (s) => (s.cost && isNum(s.cost.gco2e_per_mtok_output) ? fmt(s.cost.gco2e_per_mtok_output) : undefined)],
    ].filter(([, f]) => services.some((s) => f(s) !== undefined));
    const table = el("table", { class: "data" },
      el("thead", {}, el("tr", {}, columns.map(([h]) => el("th", {}, h)))),
      el("tbody", {}, services.map((s) => el("tr", {}, columns.map(([, f]) => el("td", {}, f(s) ?? ""))))));
    return el("div", { class: "scroll" }, table);
  }

  function siteSection(summary, ts, axis) {
    const site = summary.site;
    const c = ts.cols;
    const siteColumns = ["it_mw", "facility_mw", "pue", "outdoor_c", "carbon_g_per_kwh", "price_eur_per_mwh"];
    if (!site && !siteColumns.some((k) => hasData(c[k]))) return;
    const s = section("Site", "Power drawn by the IT load and by the whole facility, PUE against outdoor temperature, grid carbon intensity and energy price over the run.", "site");
    if (site) {
      const mw = (v) => (isNum(v) ? `${fmt(v)} MW` : undefined);
      const loads = Array.isArray(site.loads)
        ? site.loads.map((l) => `${l.name}: ${l.systems} × ${l.system}${l.kind === "other" ? " (other tenant)" : ""}`).join("; ")
        : undefined;
      const facts = [
        ["site", site.site], ["phase", site.phase], ["climate", site.climate], ["grid zone", site.grid_zone],
        ["carbon accounting", site.carbon_accounting], ["cooling", site.cooling], ["electrical chain", site.electrical],
        ["start", site.start], ["systems", site.systems], ["GPUs", site.gpus], ["loads", loads],
        ["grid connection", mw(site.grid_capacity_mw)],
        ["design day", isNum(site.design_outdoor_c) ? `${fmt(site.design_outdoor_c)} °C outdoor: ${fmt(site.design_it_mw)} MW IT, ${fmt(site.design_facility_mw)} MW facility` : undefined],
        ["peak IT power", mw(site.peak_it_mw)], ["peak facility power", mw(site.peak_facility_mw)],
        ["power cap per GPU", isNum(site.power_cap_w_per_gpu) ? `${fmt(site.power_cap_w_per_gpu, 0)} W` : undefined],
        ["power cap", isNum(site.power_cap_fraction_of_tdp) ? `${pct(site.power_cap_fraction_of_tdp)} of TDP (uncapped: ${fmt(site.uncapped_design_facility_mw)} MW facility)` : undefined],
        ["energy prices", site.price_source],
      ].filter(([, v]) => v !== undefined && v !== null && v !== "");
      s.append(el("dl", { class: "facts" }, facts.map(([k, v]) => [el("dt", {}, k), el("dd", {}, String(v))])));
    }
    const x = ts.time.map((t) => t / axis.div);
    const g = grid(s);
    lineChart(g, { title: "Site power", x, xLabel: axis.label, y: { label: "MW" },
      series: [{ label: "IT", values: c.it_mw }, { label: "facility", values: c.facility_mw }] });
    lineChart(g, { title: "PUE and outdoor temperature", x, xLabel: axis.label, y: { label: "PUE" }, y2: { label: "°C" },
      series: [{ label: "PUE", values: c.pue }, { label: "outdoor °C", values: c.outdoor_c, scale: "y2", color: palette[1] }] });
    const emissions = hasData(c.emissions_kg)
      ? cumulative(c.emissions_kg, isNum(get(site, "emissions_tco2e")) ? site.emissions_tco2e * 1000 : null).map((v) => (isNum(v) ? v / 1000 : null))
      : null;
    lineChart(g, { title: "Grid carbon intensity and emissions", x, xLabel: axis.label, y: { label: "gCO2e/kWh" }, y2: { label: "tCO2e" },
      series: [{ label: "carbon intensity", values: c.carbon_g_per_kwh, color: palette[2] },
        { label: "emissions (cumulative)", values: emissions, scale: "y2", color: palette[6] }] });
    const cost = hasData(c.energy_cost_eur) ? cumulative(c.energy_cost_eur, get(site, "energy_cost_eur")) : null;
    lineChart(g, { title: "Energy price and cost", x, xLabel: axis.label, y: { label: "€/MWh" }, y2: { label: "€" },
      series: [{ label: "price", values: c.price_eur_per_mwh, color: palette[4] },
        { label: "energy cost (cumulative)", values: cost, scale: "y2", color: palette[3] }] });
    if (site && isNum(site.it_energy_mwh) && (isNum(site.cooling_mwh) || isNum(site.electrical_loss_mwh))) {
      barChart(g, "Facility energy by use", [
        { label: "IT", value: site.it_energy_mwh, text: `${fmt(site.it_energy_mwh)} MWh` },
        { label: "electrical losses", value: site.electrical_loss_mwh, text: `${fmt(site.electrical_loss_mwh)} MWh` },
        { label: "cooling", value: site.cooling_mwh, text: `${fmt(site.cooling_mwh)} MWh` },
      ], isNum(site.facility_energy_mwh) ? `Facility total ${fmt(site.facility_energy_mwh)} MWh.` : null);
    }
  }

  function costSection(summary) {
    const services = summary.services || [];
    const breakdown = get(summary, "site.cost_breakdown_eur");
    const priced = services.filter((s) => s.cost && (isNum(s.cost.eur_per_mtok_output) || isNum(s.cost.eur_per_mtok_input)));
    if (!breakdown && priced.length === 0) return;
    const s = section("Cost", "What the run cost: the site's costs over the simulated time, and the cost of a million tokens per service next to the public list price of the API model, where there is one.", "cost");
    const g = grid(s);
    if (breakdown && typeof breakdown === "object") {
      const bars = Object.entries(breakdown).filter(([k, v]) => k !== "total" && isNum(v))
        .map(([k, v]) => ({ label: k.replace(/_/g, " "), value: v, text: `€ ${fmt(v, 0)}` }));
      const total = isNum(breakdown.total) ? breakdown.total : bars.reduce((a, b) => a + b.value, 0);
      barChart(g, "Cost breakdown over the run", bars, `Total € ${fmt(total, 0)}.`);
    }
    if (priced.length) {
      const bars = [];
      priced.forEach((sv) => {
        const c = sv.cost;
        bars.push({ label: `${sv.name}: input`, value: c.eur_per_mtok_input, text: `€ ${fmt(c.eur_per_mtok_input, 3)}`, color: palette[0] });
        if (isNum(listPrice(sv, "in"))) bars.push({ label: `${sv.name}: input, list price`, value: listPrice(sv, "in"), text: `€ ${fmt(listPrice(sv, "in"), 3)}`, color: "#9bbbd9" });
        bars.push({ label: `${sv.name}: output`, value: c.eur_per_mtok_output, text: `€ ${fmt(c.eur_per_mtok_output, 3)}`, color: palette[1] });
        if (isNum(listPrice(sv, "out"))) bars.push({ label: `${sv.name}: output, list price`, value: listPrice(sv, "out"), text: `€ ${fmt(listPrice(sv, "out"), 3)}`, color: "#f0ab96" });
      });
      barChart(g, "€ per million tokens", bars);
    }
  }

  function serviceSection(sv, ts, axis, index) {
    const s = section(`Service ${sv.name}`, `${sv.model || ""} on ${sv.system || ""}${isNum(sv.gpus) ? `, ${sv.gpus} GPUs` : ""}.`, `service-${index}`);
    const g = grid(s);
    for (const d of DISTRIBUTIONS) {
      cdfChart(g, d, [{ label: sv.name, dist: sv[d.key] }], sloOf(sv) ? sloOf(sv)[d.slo] : undefined);
    }
    const c = (k) => ts.cols[`${sv.name}.${k}`];
    const x = ts.time.map((t) => t / axis.div);
    const dt = ts.time.length > 1 ? ts.time[1] - ts.time[0] : null;
    const perSecond = (v) => (hasData(v) && dt > 0 ? v.map((n) => (isNum(n) ? n / dt : null)) : null);
    lineChart(g, { title: "Throughput", x, xLabel: axis.label, y: { label: "output tokens/s" }, y2: { label: "requests/s" },
      series: [{ label: "output tokens/s", values: c("output_tokens_per_s") },
        { label: "arrivals/s", values: perSecond(c("arrived")), scale: "y2", color: palette[6], dash: [4, 3] },
        { label: "completions/s", values: perSecond(c("completed")), scale: "y2", color: palette[2] }] });
    lineChart(g, { title: "Requests waiting and running", x, xLabel: axis.label, y: { label: "requests" },
      series: [{ label: "waiting", values: c("waiting"), color: palette[1] }, { label: "running", values: c("running"), color: palette[0] }] });
    const kv = c("kv_occupancy");
    lineChart(g, { title: "Batch size and KV-cache occupancy", x, xLabel: axis.label, y: { label: "mean batch size" }, y2: { label: "KV occupancy (%)", range: [0, 100] },
      series: [{ label: "batch size", values: c("batch_mean"), color: palette[3] },
        { label: "KV occupancy %", values: hasData(kv) ? kv.map((v) => (isNum(v) ? 100 * v : null)) : null, scale: "y2", color: palette[5] }] });
    lineChart(g, { title: "GPU power", x, xLabel: axis.label, y: { label: "kW" },
      series: [{ label: "GPU power", values: c("gpu_power_kw"), color: palette[4] }] });
    // Without per-interval batch or KV figures, their distributions over the run.
    if (!hasData(c("batch_mean")) && sv.batch_size && sv.batch_size.count > 0) {
      cdfChart(g, { title: "Batch size", unit: "sequences", scale: 1 }, [{ label: sv.name, dist: sv.batch_size }]);
    }
    if (!hasData(kv) && sv.kv_occupancy && sv.kv_occupancy.count > 0) {
      cdfChart(g, { title: "KV-cache occupancy", unit: "%", scale: 100 }, [{ label: sv.name, dist: sv.kv_occupancy }]);
    }
  }

  function sourcesSection(entries, sources) {
    if (!entries || entries.length === 0) return;
    const s = section("Catalog entries and their sources", "Each catalog entry the run used, and the documents its figures come from (rows of data/SOURCES.md).", "sources");
    const rows = entries.map((e) => {
      const refs = (e.source || []).map((id) => {
        const row = sources[id];
        const detail = row ? [row.document, row.publisher, row["date (published or accessed)"]].filter(Boolean).join(" — ") : "";
        return el("li", {}, el("code", {}, id), detail ? ": " + detail : "");
      });
      return el("tr", {}, el("td", {}, e.kind), el("td", {}, el("code", {}, e.name)), el("td", {}, refs.length ? el("ul", {}, refs) : "no source listed"));
    });
    s.append(el("div", { class: "scroll" }, el("table", { class: "data sources" },
      el("thead", {}, el("tr", {}, el("th", {}, "kind"), el("th", {}, "entry"), el("th", {}, "sources"))),
      el("tbody", {}, rows))));
  }

  function runReport() {
    const summary = data.summary || {};
    const ts = parseTimeseries(data.timeseries_csv);
    const axis = timeAxis(ts.time);
    const sc = summary.scenario || {};
    root.append(el("header", {}, el("h1", {}, data.title || "aidcsim report"),
      el("p", { class: "note" }, `Scenario ${sc.name ?? ""}, seed ${sc.seed ?? "–"}, ${durationText(sc.duration_s)} of simulated traffic${isNum(summary.simulated_end_s) ? `, last request done at ${durationText(summary.simulated_end_s)}` : ""}. Charts: uPlot ${data.uplot_version || ""}; drag across a chart to zoom, double-click to reset.`)));
    const head = section("Headline figures", null, "headline");
    head.append(headline(summary, ts));
    const services = summary.services || [];
    if (services.length) {
      section("Services", null, "services").append(servicesTable(services));
    }
    siteSection(summary, ts, axis);
    costSection(summary);
    services.forEach((sv, i) => serviceSection(sv, ts, axis, i));
    sourcesSection(data.catalog_entries, data.sources || {});
    const scenario = document.getElementById("scenario");
    if (scenario) root.append(scenario);
  }

  // ---- the comparison report ------------------------------------------------------------

  function compareReport() {
    const a = data.a;
    const b = data.b;
    root.append(el("header", {}, el("h1", {}, "Comparison"),
      el("p", { class: "note" }, "A: ", el("code", {}, a.label), ` (scenario ${get(a, "summary.scenario.name") ?? "?"})`, el("br"),
        "B: ", el("code", {}, b.label), ` (scenario ${get(b, "summary.scenario.name") ?? "?"})`)));
    const s = section("Figures", "Every numeric figure of the two summary.json files; change is (B − A) / |A|.", "figures");
    const only = el("input", { type: "checkbox", id: "only-changed" });
    s.append(el("label", { class: "note" }, only, " only figures that differ"));
    const body = el("tbody");
    const rows = (data.diff || []).map((d) => {
      const cls = isNum(d.change) && d.change !== 0 ? (d.change > 0 ? "up" : "down") : "";
      const tr = el("tr", { class: cls },
        el("td", {}, el("code", {}, d.path)), el("td", { class: "num" }, fmt(d.a)), el("td", { class: "num" }, fmt(d.b)),
        el("td", { class: "num" }, fmt(d.change)), el("td", { class: "num" }, isNum(d.relative) ? `${d.relative >= 0 ? "+" : ""}${fmt(100 * d.relative, 1)} %` : "–"));
      tr.dataset.same = String(!(isNum(d.change) && d.change !== 0) && isNum(d.a) && isNum(d.b));
      return tr;
    });
    body.append(...rows);
    only.addEventListener("change", () => rows.forEach((r) => (r.hidden = only.checked && r.dataset.same === "true")));
    s.append(el("div", { class: "scroll" }, el("table", { class: "data" },
      el("thead", {}, el("tr", {}, ["figure", "A", "B", "B − A", "change"].map((h) => el("th", {}, h)))), body)));

    const tsA = parseTimeseries(a.timeseries_csv);
    const tsB = parseTimeseries(b.timeseries_csv);
    const last = Math.max(tsA.time[tsA.time.length - 1] || 0, tsB.time[tsB.time.length - 1] || 0);
    const axis = timeAxis([last]);
    const overlay = (parent, title, col, yLabel) => {
      const ta = tsA.cols[col];
      const tb = tsB.cols[col];
      if (!hasData(ta) && !hasData(tb)) return;
      const tables = [];
      const series = [];
      if (hasData(ta)) {
        tables.push([tsA.time.map((t) => t / axis.div), ta]);
        series.push({ label: "A", color: palette[0] });
      }
      if (hasData(tb)) {
        tables.push([tsB.time.map((t) => t / axis.div), tb]);
        series.push({ label: "B", color: palette[1], dash: [6, 3] });
      }
      const joined = uPlot.join(tables);
      series.forEach((sr, i) => (sr.values = joined[i + 1]));
      lineChart(parent, { title, x: joined[0], xLabel: axis.label, y: { label: yLabel }, series });
    };
    const site = section("Site", null, "site");
    const gs = grid(site);
    overlay(gs, "Facility power", "facility_mw", "MW");
    overlay(gs, "PUE", "pue", "PUE");
    if (gs.children.length === 0) site.remove();
    const svcA = get(a, "summary.services") || [];
    const svcB = get(b, "summary.services") || [];
    svcA.forEach((sa, i) => {
      const sb = svcB.find((x) => x.name === sa.name);
      if (!sb) return;
      const sec = section(`Service ${sa.name}`, null, `service-${i}`);
      const g = grid(sec);
      for (const d of DISTRIBUTIONS) {
        cdfChart(g, d, [{ label: "A", dist: sa[d.key] }, { label: "B", dist: sb[d.key], dash: [6, 3] }],
          sb.slo ? sb.slo[d.slo] : sa.slo ? sa.slo[d.slo] : undefined);
      }
      overlay(g, "Output tokens/s", `${sa.name}.output_tokens_per_s`, "output tokens/s");
      overlay(g, "Requests waiting", `${sa.name}.waiting`, "requests");
    });
  }

  // ---- start ----------------------------------------------------------------------------

  try {
    if (document.body.dataset.mode === "compare") compareReport();
    else runReport();
  } finally {
    document.body.dataset.ready = "true";
  }

  let pending = null;
  window.addEventListener("resize", () => {
    clearTimeout(pending);
    pending = setTimeout(() => {
      for (const c of charts) c.plot.setSize({ width: Math.max(240, c.box.clientWidth), height: c.plot.height });
    }, 100);
  });
})();
