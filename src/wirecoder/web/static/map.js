// The map: an offline world outline (world-atlas, Natural Earth) and the filter's located events, clustered;
// marker size by killed, colour by type; a click opens the event.
(function () {
  "use strict";
  const wc = window.wirecoder;
  const element = document.getElementById("map");
  const status = document.getElementById("map-status");
  const map = L.map(element, { worldCopyJump: true, minZoom: 1, maxZoom: 14, zoomSnap: 0.5 }).setView([25, 10], 2);
  map.attributionControl.setPrefix(false);
  const clusters = L.markerClusterGroup({
    showCoverageOnHover: false,
    maxClusterRadius: 40,
    iconCreateFunction: function (cluster) {
      const count = cluster.getChildCount();
      const size = count < 10 ? 28 : count < 100 ? 34 : 42;
      return L.divIcon({ html: String(count), className: "cluster", iconSize: [size, size] });
    },
  });

  function marker(item) {
    const [id, lat, lon, type, killed, day] = item;
    const size = Math.min(44, 10 + 5 * Math.sqrt(killed || 0));
    const icon = L.divIcon({ className: "pt type t" + wc.typeIndex(type), iconSize: [size, size] });
    const m = L.marker([lat, lon], { icon: icon, title: id + " " + (type || "") + (day ? " " + day : "") });
    m.eventId = id;
    const label = document.createElement("span");
    label.textContent = id + " · " + (type || "?") + (day ? " · " + day : "") + (killed ? " · killed " + killed : "");
    m.bindTooltip(label);
    m.on("click", function () { location.href = "/events/" + encodeURIComponent(id); });
    return m;
  }

  // Rings that cross the antimeridian jump from +180 to -180; on a flat map that jump is drawn as a line
  // across the world. Keep each ring continuous instead (longitudes past 180 are fine for Leaflet).
  function unwrapRing(ring) {
    const out = [];
    let shift = 0;
    for (let i = 0; i < ring.length; i++) {
      if (i > 0) {
        const step = ring[i][0] - ring[i - 1][0];
        if (step > 180) shift -= 360; else if (step < -180) shift += 360;
      }
      out.push([ring[i][0] + shift, ring[i][1]]);
    }
    return out;
  }
  function unwrapped(collection) {
    for (const feature of collection.features) {
      const g = feature.geometry;
      if (!g) continue;
      const polygons = g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : [];
      for (const polygon of polygons) {
        for (let r = 0; r < polygon.length; r++) polygon[r] = unwrapRing(polygon[r]);
      }
    }
    return collection;
  }

  fetch("/static/vendor/world-atlas/countries-110m.json")
    .then(function (response) { return response.json(); })
    .then(function (topology) {
      L.geoJSON(unwrapped(topojson.feature(topology, topology.objects.countries)), {
        interactive: false,
        style: { color: "#8aa0b3", weight: 0.6, fillColor: "#f4f1ea", fillOpacity: 1 },
      }).addTo(map);
      return wc.getJSON("/api/points", new URLSearchParams(element.dataset.query));
    })
    .then(function (data) {
      const markers = data.items.map(marker);
      clusters.addLayers(markers);
      map.addLayer(clusters);
      if (markers.length) map.fitBounds(L.latLngBounds(markers.map(function (m) { return m.getLatLng(); })).pad(0.2), { maxZoom: 8 });
      element.dataset.markers = String(markers.length);
      status.textContent = markers.length + " located events" + (data.truncated ? " (the first " + markers.length + " of more)" : "");
      wc.legend(document.getElementById("legend"), new Set(data.items.map(function (i) { return i[3]; })));
      element.dataset.ready = "true";
    })
    .catch(function (error) { status.textContent = "The events could not be loaded: " + error.message; });
})();
