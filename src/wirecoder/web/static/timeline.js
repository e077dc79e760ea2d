// The timeline: events per day or week, stacked by type, with the killed and injured over time; dragging
// across the chart selects a range, which lists its events below and links the table and the map to it.
(function () {
  "use strict";
  const wc = window.wirecoder;
  const box = document.getElementById("timeline");
  const binSelect = document.getElementById("bin");
  const base = new URLSearchParams(box.dataset.query);
  const SVG = "http://www.w3.org/2000/svg";
  const W = 1200, H = 320, M = { left: 44, right: 44, top: 14, bottom: 28 };
  let bins = [], scale = null;

  function node(name, attrs, parent) {
    const el = document.createElementNS(SVG, name);
    for (const key in attrs) el.setAttribute(key, attrs[key]);
    if (parent) parent.appendChild(el);
    return el;
  }
  function addDays(iso, n) {
    const d = new Date(iso + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() + n);
    return d.toISOString().slice(0, 10);
  }

  function draw(data) {
    box.replaceChildren();
    const step = data.bin === "week" ? 7 : 1;
    const byStart = new Map();
    for (const item of data.items) {
      if (!byStart.has(item.start)) byStart.set(item.start, { start: item.start, types: [], events: 0, killed: 0, injured: 0 });
      const bin = byStart.get(item.start);
      bin.types.push(item);
      bin.events += item.events; bin.killed += item.killed; bin.injured += item.injured;
    }
    bins = [];
    if (data.items.length) {
      const starts = Array.from(byStart.keys()).sort();
      for (let day = starts[0]; day <= starts[starts.length - 1]; day = addDays(day, step)) {
        bins.push(byStart.get(day) || { start: day, types: [], events: 0, killed: 0, injured: 0 });
      }
    }
    box.dataset.bins = String(bins.length);
    const svg = node("svg", { viewBox: "0 0 " + W + " " + H, role: "img", "aria-label": "events over time" }, box);
    if (!bins.length) {
      node("text", { x: W / 2, y: H / 2, "text-anchor": "middle" }, svg).textContent = "No dated events match these filters.";
      return;
    }
    const plotW = W - M.left - M.right, plotH = H - M.top - M.bottom;
    const width = plotW / bins.length;
    const maxEvents = Math.max(1, ...bins.map(function (b) { return b.events; }));
    const maxCount = Math.max(1, ...bins.map(function (b) { return Math.max(b.killed, b.injured); }));
    scale = { width: width, step: step };
    const present = new Set();
    bins.forEach(function (bin, i) {
      let y = M.top + plotH;
      for (const part of bin.types) {
        present.add(part.type);
        const h = plotH * part.events / maxEvents;
        y -= h;
        const rect = node("rect", { x: M.left + i * width + 0.5, y: y, width: Math.max(1, width - 1), height: h, fill: wc.colour(part.type) }, svg);
        node("title", {}, rect).textContent = bin.start + " · " + part.type + ": " + part.events + " events, " + part.killed + " killed, " + part.injured + " injured";
      }
    });
    for (const [name, cls] of [["killed", "killed"], ["injured", "injured"]]) {
      const points = bins.map(function (b, i) {
        return (M.left + (i + 0.5) * width).toFixed(1) + "," + (M.top + plotH - plotH * b[name] / maxCount).toFixed(1);
      });
      node("polyline", { points: points.join(" "), class: cls }, svg);
    }
    const axis = node("g", { class: "axis" }, svg);
    node("line", { x1: M.left, x2: W - M.right, y1: M.top + plotH, y2: M.top + plotH }, axis);
    const ticks = Math.min(bins.length, 10);
    for (let t = 0; t < ticks; t++) {
      const i = Math.round(t * (bins.length - 1) / Math.max(1, ticks - 1));
      node("text", { x: M.left + (i + 0.5) * width, y: H - 8, "text-anchor": "middle" }, axis).textContent = bins[i].start;
    }
    node("text", { x: 4, y: M.top + 10 }, axis).textContent = String(maxEvents);
    node("text", { x: W - 4, y: M.top + 10, "text-anchor": "end" }, axis).textContent = String(maxCount);
    node("text", { x: W - 4, y: M.top + 24, "text-anchor": "end" }, axis).textContent = "killed — injured - -";
    node("text", { x: 4, y: M.top + 24 }, axis).textContent = "events";
    wc.legend(document.getElementById("legend"), present);
    brush(svg, plotH);
    box.dataset.ready = "true";
  }

  function binAt(svg, clientX) {
    const rect = svg.getBoundingClientRect();
    const x = (clientX - rect.left) * W / rect.width - M.left;
    return Math.max(0, Math.min(bins.length - 1, Math.floor(x / scale.width)));
  }

  function brush(svg, plotH) {
    const band = node("rect", { class: "brush", y: M.top, height: plotH, x: 0, width: 0, visibility: "hidden" }, svg);
    let from = null;
    function show(a, b) {
      const lo = Math.min(a, b), hi = Math.max(a, b);
      band.setAttribute("x", M.left + lo * scale.width);
      band.setAttribute("width", (hi - lo + 1) * scale.width);
      band.setAttribute("visibility", "visible");
      return [lo, hi];
    }
    svg.addEventListener("pointerdown", function (event) {
      from = binAt(svg, event.clientX);
      svg.setPointerCapture(event.pointerId);
      show(from, from);
    });
    svg.addEventListener("pointermove", function (event) {
      if (from !== null) show(from, binAt(svg, event.clientX));
    });
    svg.addEventListener("pointerup", function (event) {
      if (from === null) return;
      const [lo, hi] = show(from, binAt(svg, event.clientX));
      from = null;
      select(bins[lo].start, addDays(bins[hi].start, scale.step - 1));
    });
  }

  function select(since, until) {
    const params = new URLSearchParams(base);
    params.set("since", since);
    params.set("until", until);
    document.getElementById("selection").hidden = false;
    document.getElementById("range-label").textContent = since + " – " + until;
    document.getElementById("range-table").href = "/events?" + params.toString();
    document.getElementById("range-map").href = "/map?" + params.toString();
    const listed = new URLSearchParams(params);
    listed.set("limit", "100");
    wc.getJSON("/api/events", listed).then(function (data) {
      const body = document.querySelector("#range-events tbody");
      body.replaceChildren();
      for (const e of data.items) {
        const row = document.createElement("tr");
        const link = document.createElement("a");
        link.href = "/events/" + encodeURIComponent(e.id);
        link.textContent = e.id;
        const cells = [link, e.time ? e.time.value : "", wc.typeLabel(e.type), e.place ? e.place.name || "" : "",
          e.counts.killed ? String(e.counts.killed.best) : "", e.counts.injured ? String(e.counts.injured.best) : ""];
        for (const value of cells) {
          const cell = document.createElement("td");
          if (typeof value === "string") cell.textContent = value; else cell.appendChild(value);
          row.appendChild(cell);
        }
        body.appendChild(row);
      }
      document.getElementById("selection").dataset.rows = String(data.items.length);
    });
  }

  document.getElementById("range-clear").addEventListener("click", function () {
    document.getElementById("selection").hidden = true;
    load();
  });
  let chosen = false;  // until the user picks, a span of more than a year is drawn per week
  function load() {
    const params = new URLSearchParams(base);
    params.set("bin", binSelect.value);
    wc.getJSON("/api/timeline", params).then(function (data) {
      const starts = data.items.map(function (i) { return i.start; }).sort();
      const span = starts.length ? (Date.parse(starts[starts.length - 1]) - Date.parse(starts[0])) / 864e5 : 0;
      if (!chosen && data.bin === "day" && span > 366) {
        binSelect.value = "week";
        load();
        return;
      }
      draw(data);
    });
  }
  binSelect.addEventListener("change", function () { chosen = true; load(); });
  load();
})();
