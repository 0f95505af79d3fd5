// Interactive charts. Every chart is drawn on the server as SVG, with its spec as JSON beside it
// (ChartJson). When ECharts has loaded, this draws the spec in place of the SVG, which stays in the page,
// hidden from sight, as the charts' text alternative: the value of every series under the pointer or a
// tapped finger, zoom and pan (a slider, or ctrl + wheel), series toggled from the legend, weekly means
// of nightly dots when more than half a year is in view (monthly means beyond two years), and the latest
// days in view on a phone.
// Charts in one data-chart-group (the Trends page) share their date range and follow each other's zoom.
(() => {
  const DAY0 = 719162; // DateOnly.DayNumber of 1970-01-01
  const DAY_MS = 864e5;
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  const PHONE = 600, PHONE_DAYS = 42, WEEKLY_AFTER = 183, MONTHLY_AFTER = 731;
  const charts = new Map(); // figure -> { chart, spec, model }

  const isDays = spec => !spec.categorical && spec.kind !== "scatter" &&
    spec.series.some(s => s.points.length) &&
    spec.series.every(s => s.points.every(p => Number.isInteger(p[0]) && p[0] > 690000 && p[0] < 850000));
  const ms = day => (day - DAY0) * DAY_MS;
  const dayOf = t => Math.round(t / DAY_MS) + DAY0;
  const iso = day => new Date(ms(day)).toISOString().slice(0, 10);
  const longDate = day => { const d = new Date(ms(day)); return `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`; };
  // As the SVG's tooltips write numbers (.NET's "0" and "0.#").
  const num = v => Math.abs(v) >= 100 ? v.toFixed(0) : Number(v.toFixed(1)).toString();
  const escape = t => String(t).replace(/[&<>"]/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]));

  // The spec's points by series, keyed by what the axis shows (a day, a category or an x value).
  function model(spec) {
    const days = isDays(spec);
    const categories = spec.categorical ? [...new Set(spec.series.flatMap(s => s.points.map((p, i) => p[3] ?? String(i + 1))))] : null;
    const series = spec.series.map(s => {
      const byKey = new Map();
      s.points.forEach((p, i) => byKey.set(spec.categorical ? (p[3] ?? String(i + 1)) : p[0], { x: p[0], y: p[1], low: p[2], label: p[3] }));
      return { ...s, byKey };
    });
    const xs = spec.categorical ? [] : spec.series.flatMap(s => s.points.map(p => p[0]));
    const min = Math.min(...xs), max = Math.max(...xs);
    return { days, categories, series, min, max, ownMin: min, ownMax: max };
  }

  // Runs of a series split where the gap is more than 1.5 of its usual step (a missing night).
  function withGaps(points, key) {
    const sorted = [...points].sort((a, b) => a[0] - b[0]);
    const steps = sorted.slice(1).map((p, i) => p[0] - sorted[i][0]).filter(g => g > 0).sort((a, b) => a - b);
    const usual = steps.length ? steps[Math.floor(steps.length / 2)] : Infinity;
    const out = [];
    sorted.forEach((p, i) => {
      if (i > 0 && p[0] - sorted[i - 1][0] > usual * 1.5) out.push([key((p[0] + sorted[i - 1][0]) / 2), "-"]);
      out.push(p);
    });
    return out;
  }

  // Weekly (weeks from Monday) or monthly (calendar months) means of a dotted series, for long views:
  // [the bucket's middle day, mean, -, -, nights, first day, last day].
  function bucketed(points, unit) {
    const buckets = new Map();
    for (const p of points) {
      let first, last;
      if (unit === "month") {
        const d = new Date(ms(p[0]));
        first = dayOf(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
        last = dayOf(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)) - 1;
      } else {
        first = p[0] - ((p[0] % 7 + 7) % 7); // DayNumber 0 is a Monday
        last = first + 6;
      }
      const b = buckets.get(first) || { sum: 0, n: 0, last };
      b.sum += p[1]; b.n++;
      buckets.set(first, b);
    }
    return [...buckets].sort((a, b) => a[0] - b[0]).map(([first, b]) => [Math.floor((first + b.last) / 2), b.sum / b.n, null, null, b.n, first, b.last]);
  }

  // What a span of days in view is drawn as: each night, weekly means or monthly means.
  const bucketFor = (m, span) => !m.days || !m.series.some(s => s.kind === "points") ? null : span > MONTHLY_AFTER ? "month" : span > WEEKLY_AFTER ? "week" : null;

  function colours(figure) {
    const text = getComputedStyle(figure).color;
    return { text, faint: text.replace(/^rgb\(([^)]+)\)$/, "rgba($1, 0.14)"), mid: text.replace(/^rgb\(([^)]+)\)$/, "rgba($1, 0.45)") };
  }

  function option(figure, spec, m, bucket) {
    const c = colours(figure);
    const key = m.days ? ms : x => x;
    const series = [];
    const legend = [];
    m.series.forEach((s, i) => {
      legend.push(s.kind === "band" ? { name: s.name, icon: "roundRect" } : s.kind === "line" ? { name: s.name, icon: "path://M0,4h16v2h-16z" } : { name: s.name, icon: "circle" });
      const data = s.points.map(p => [p[0], p[1], p[2]]);
      if (s.kind === "band") {
        const lower = withGaps(data.map(p => [p[0], p[2] ?? p[1]]), x => x).map(p => [key(p[0]), p[1]]);
        const height = withGaps(data.map(p => [p[0], p[1] - (p[2] ?? p[1])]), x => x).map(p => [key(p[0]), p[1]]);
        const common = { type: "line", name: s.name, stack: "band" + i, symbol: "none", silent: true, color: s.colour, itemStyle: { color: s.colour, opacity: 0.35 },
          lineStyle: { opacity: 0 }, emphasis: { disabled: true }, z: 1 };
        series.push({ ...common, data: lower });
        series.push({ ...common, data: height, areaStyle: { color: s.colour, opacity: 0.18 } });
      } else if (spec.categorical) {
        series.push({ type: s.kind === "bar" ? "bar" : s.kind === "line" ? "line" : "scatter", name: s.name, itemStyle: { color: s.colour },
          data: m.categories.map(cat => s.byKey.get(cat)?.y ?? "-") });
      } else if (s.kind === "line") {
        series.push({ type: "line", name: s.name, color: s.colour, showSymbol: s.points.length <= 14, symbolSize: 6, sampling: "lttb",
          lineStyle: { width: 2 }, data: withGaps(data, x => x).map(p => [key(p[0]), p[1]]), z: 3 });
      } else {
        const dots = bucket ? bucketed(s.points, bucket) : data;
        // A measure's nightly dots under its own 7-day mean are lighter, in the same colour (as the SVG).
        series.push({ type: "scatter", name: s.name, color: s.colour, itemStyle: s.faded ? { opacity: 0.5 } : undefined,
          symbolSize: bucket === "month" ? 8 : bucket ? 7 : 5, data: dots.map(p => [key(p[0]), p[1]]), z: 2 });
      }
    });

    const axisText = { color: c.text, fontSize: 11 };
    const xAxis = spec.categorical
      ? { type: "category", data: m.categories, axisLabel: { ...axisText, hideOverlap: true }, axisLine: { lineStyle: { color: c.mid } } }
      : { type: m.days ? "time" : "value", name: spec.xLabel, nameLocation: "middle", nameGap: 26, nameTextStyle: axisText,
          // A date axis ticks whole days (never hours), and a few days sit inside it, not on its edges.
          scale: true, minInterval: m.days ? DAY_MS : null,
          min: m.days ? ms(m.min) - (m.max - m.min < 14 ? DAY_MS / 2 : 0) : null,
          max: m.days ? ms(m.max) + (m.max - m.min < 14 ? DAY_MS / 2 : 0) : null,
          axisLabel: { ...axisText, hideOverlap: true }, axisLine: { lineStyle: { color: c.mid } }, splitLine: { show: false } };
    const span = m.max - m.min;
    const zoom = m.days && span > 60;
    const o = {
      animation: false,
      useUTC: true,
      textStyle: { color: c.text, fontFamily: "system-ui, sans-serif" },
      legend: { show: m.series.length > 1, data: legend, top: 0, left: 4, textStyle: axisText, itemWidth: 14, itemHeight: 8, inactiveColor: c.mid },
      grid: { left: 52, right: 16, top: m.series.length > 1 ? 34 : 14, bottom: zoom ? 74 : 44 },
      xAxis,
      yAxis: { type: "value", name: spec.yLabel, nameLocation: "middle", nameGap: 38, nameTextStyle: axisText, scale: !spec.categorical,
        boundaryGap: spec.categorical ? [0, 0] : ["6%", "6%"],
        axisLabel: { ...axisText, formatter: v => (Object.is(v, -0) ? 0 : v).toLocaleString("en", { maximumFractionDigits: 4 }) },
        splitLine: { lineStyle: { color: c.faint } } },
      tooltip: {
        trigger: spec.kind === "scatter" ? "item" : "axis",
        triggerOn: "mousemove|click",
        confine: true,
        className: "chart-tooltip",
        backgroundColor: getComputedStyle(document.body).backgroundColor,
        borderColor: c.mid,
        textStyle: { color: c.text, fontSize: 12 },
        axisPointer: { type: "line", snap: true, lineStyle: { color: c.mid } },
        formatter: params => tooltip(spec, m, params, bucket),
      },
      series,
    };
    if (zoom) {
      const coarse = matchMedia("(pointer: coarse)").matches;
      o.dataZoom = [
        { type: "slider", xAxisIndex: 0, height: 20, bottom: 8, filterMode: "weakFilter", labelFormatter: v => iso(dayOf(v)), textStyle: axisText, borderColor: c.faint },
        ...(coarse ? [] : [{ type: "inside", xAxisIndex: 0, filterMode: "weakFilter", zoomOnMouseWheel: "ctrl", moveOnMouseWheel: false, moveOnMouseMove: true, preventDefaultMouseMove: false }]),
      ];
    }
    return o;
  }

  function tooltip(spec, m, params, bucket) {
    const list = Array.isArray(params) ? params : [params];
    let at = null;
    for (const p of list) {
      const v = Array.isArray(p.value) ? p.value[0] : p.name;
      if (v !== undefined && v !== null && v !== "-") { at = spec.categorical ? p.name : m.days ? dayOf(v) : v; break; }
    }
    if (at === null) return "";
    const head = m.days ? longDate(at) : spec.categorical ? at : `${spec.xLabel} ${num(at)}`;
    const rows = [];
    for (const s of m.series) {
      let point = s.byKey.get(at);
      if (bucket && s.kind === "points" && m.days) {
        const w = bucketed(s.points, bucket).find(q => at >= q[5] && at <= q[6]);
        if (w) { rows.push(`${escape(s.name)}, ${bucket}'s mean of ${w[4]}: <b>${num(w[1])}</b>`); continue; }
      }
      if (!point && spec.kind === "scatter" && list[0]?.seriesName === s.name) {
        point = s.points.map(p => ({ x: p[0], y: p[1], low: p[2], label: p[3] })).find(q => q.x === list[0].value[0] && q.y === list[0].value[1]);
      }
      if (!point) continue;
      const value = point.low !== null && point.low !== undefined ? `${num(point.low)}–${num(point.y)}` : num(point.y);
      rows.push(`${escape(s.name)}: <b>${value}</b>${spec.kind === "scatter" && point.label ? ` (${escape(point.label)})` : ""}`);
    }
    return `<div class="chart-tooltip-head">${escape(head)}</div>` + rows.map(r => `<div>${r}</div>`).join("");
  }

  function view(figure) {
    const entry = charts.get(figure);
    if (!entry || !entry.model.days) return null;
    const axis = entry.chart.getModel().getComponent("xAxis", 0).axis;
    const [from, to] = axis.scale.getExtent();
    return { from: dayOf(from), to: dayOf(to) };
  }

  function record(figure) {
    const v = view(figure);
    if (!v) return;
    figure.dataset.viewFrom = iso(v.from);
    figure.dataset.viewTo = iso(v.to);
  }

  function draw(figure) {
    const entry = charts.get(figure);
    const { spec, model: m } = entry;
    const span = entry.range ? entry.range.to - entry.range.from : m.max - m.min;
    entry.bucket = bucketFor(m, span);
    const o = option(figure, spec, m, entry.bucket);
    if (entry.range && o.dataZoom) {
      for (const z of o.dataZoom) { z.startValue = ms(entry.range.from); z.endValue = ms(entry.range.to); }
    }
    entry.title.textContent = spec.title + (entry.bucket ? ` (dots: ${entry.bucket}ly means)` : "");
    entry.chart.setOption(o, true);
    record(figure);
  }

  function enhance(figure) {
    if (!window.echarts) return;
    const script = figure.querySelector("script.chart-spec");
    const svg = figure.querySelector("svg.bio-chart");
    if (!script || !svg) return;
    // Blazor's enhanced navigation patches a figure in place; scan() has dropped a drawing whose spec changed.
    if (charts.has(figure)) return;
    const spec = JSON.parse(script.textContent);
    if (!spec.series.some(s => s.points.length)) return; // the SVG says there is nothing to chart
    const m = model(spec);
    // The title in the page's own text (it wraps on a phone); the hidden SVG names the chart for screen readers.
    const title = document.createElement("div");
    title.className = "chart-title";
    title.setAttribute("aria-hidden", "true");
    const box = document.createElement("div");
    box.className = "echart";
    box.setAttribute("aria-hidden", "true");
    svg.after(title, box);
    figure.classList.add("enhanced");
    const chart = echarts.init(box, null, { renderer: "canvas" });
    const entry = { chart, spec, model: m, range: null, box, title, text: script.textContent };
    charts.set(figure, entry);
    group(figure);
    const span = m.max - m.min;
    if (m.days && span > 60 && box.clientWidth < PHONE) entry.range = { from: Math.max(m.min, m.max - PHONE_DAYS + 1), to: m.max };
    draw(figure);
    chart.on("datazoom", () => {
      const v = view(figure);
      if (!v) return;
      entry.range = v;
      if (bucketFor(m, v.to - v.from) !== entry.bucket) draw(figure); else record(figure);
      follow(figure, v);
    });
    new ResizeObserver(() => chart.resize()).observe(box);
  }

  // Charts of one group cover the same dates (the union of theirs) and zoom together.
  function group(figure) {
    const name = figure.closest("[data-chart-group]")?.dataset.chartGroup;
    if (!name) return;
    const members = [...document.querySelectorAll(`[data-chart-group="${name}"] figure.chart`)].filter(f => charts.get(f)?.model.days);
    const min = Math.min(...members.map(f => charts.get(f).model.ownMin));
    const max = Math.max(...members.map(f => charts.get(f).model.ownMax));
    for (const f of members) {
      const e = charts.get(f);
      const changed = e.model.min !== min || e.model.max !== max;
      e.model.min = min; e.model.max = max;
      if (changed && f !== figure) draw(f);
    }
  }

  function follow(figure, v) {
    const name = figure.closest("[data-chart-group]")?.dataset.chartGroup;
    if (!name) return;
    for (const f of document.querySelectorAll(`[data-chart-group="${name}"] figure.chart`)) {
      const e = charts.get(f);
      if (f === figure || !e || !e.model.days) continue;
      const current = view(f);
      if (current && current.from === v.from && current.to === v.to) continue;
      e.range = v;
      draw(f);
    }
  }

  function scan() {
    for (const [figure, entry] of charts) {
      const script = figure.querySelector("script.chart-spec");
      if (!figure.isConnected || !entry.box.isConnected || !script || script.textContent !== entry.text || !figure.classList.contains("enhanced")) {
        entry.chart.dispose(); entry.box.remove(); entry.title.remove(); charts.delete(figure);
      }
    }
    document.querySelectorAll("figure.chart").forEach(enhance);
  }

  function redrawAll() { for (const figure of charts.keys()) draw(figure); }

  new MutationObserver(records => {
    if (records.some(r => r.type === "attributes")) redrawAll();
    else if (records.some(r => !(r.target.closest && r.target.closest(".echart")))) scan();
  }).observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ["data-theme"] });
  matchMedia("(prefers-color-scheme: dark)").addEventListener("change", redrawAll);
  document.addEventListener("DOMContentLoaded", scan);
  scan();

  // The latest point of a chart's first line over dates, where it is on screen and what its tooltip says.
  function latestLine(figure) {
    const e = charts.get(figure);
    if (!e || !e.model.days) return null;
    const s = e.model.series.find(q => q.kind === "line" && q.points.length);
    if (!s) return null;
    const p = s.points.reduce((a, b) => (b[0] > a[0] ? b : a));
    figure.scrollIntoView({ block: "center" });
    const [px, py] = e.chart.convertToPixel({ xAxisIndex: 0, yAxisIndex: 0 }, [ms(p[0]), p[1]]);
    const r = e.box.getBoundingClientRect();
    return { x: r.left + px, y: r.top + py, text: `${s.name}: ${num(p[1])}`, date: longDate(p[0]) };
  }

  // For the browser tests and the curious: what a chart has in view.
  window.bioChart = figure => {
    const e = charts.get(figure);
    return e ? { view: view(figure), weekly: e.bucket === "week", bucket: e.bucket, series: e.spec.series.map(s => s.name), latest: () => latestLine(figure),
      drawn: () => e.chart.getOption().series.map(s => ({ name: s.name, colour: s.color ?? s.itemStyle?.color })) } : null;
  };
})();
