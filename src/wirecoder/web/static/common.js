// Shared by the map and the timeline: type colours (the same as .type.tN in app.css) and JSON fetches.
(function () {
  "use strict";
  const COLOURS = ["#d62728", "#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd"];
  const types = (document.body.dataset.types || "").split(",").filter(Boolean);
  function typeIndex(type) {
    const n = types.indexOf(type);
    return n < 0 ? "x" : String(n);
  }
  function colour(type) {
    const n = types.indexOf(type);
    return n < 0 ? "#555555" : COLOURS[n % COLOURS.length];
  }
  function getJSON(path, params) {
    const url = path + (params && params.toString() ? "?" + params.toString() : "");
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (response) {
      if (!response.ok) throw new Error(url + ": HTTP " + response.status);
      return response.json();
    });
  }
  function typeLabel(type) {
    const span = document.createElement("span");
    span.className = "type t" + typeIndex(type);
    span.textContent = type || "?";
    return span;
  }
  function legend(element, present) {
    element.replaceChildren();
    for (const type of types) {
      if (present.has(type)) element.appendChild(typeLabel(type));
    }
  }
  window.wirecoder = { types: types, typeIndex: typeIndex, colour: colour, getJSON: getJSON, typeLabel: typeLabel, legend: legend };
})();
