// Draws the situations on a map. Without a configured tile server the map is a
// plain graticule, so no reader is sent to a third party; the points still show.
(function () {
  "use strict";
  const node = document.getElementById("situations-map");
  const data = document.getElementById("situations-map-points");
  if (!node || !data || !window.L) return;
  const points = JSON.parse(data.textContent);
  const colours = { watch: "#6b4e00", warning: "#9a3412", emergency: "#991b1b" };
  const map = L.map(node, { keyboard: false, attributionControl: !!node.dataset.tiles });
  if (node.dataset.tiles) {
    L.tileLayer(node.dataset.tiles, { maxZoom: 12 }).addTo(map);
  } else {
    for (let x = -180; x <= 180; x += 15) {
      L.polyline([[-85, x], [85, x]], { color: "#9ca3af", weight: 1, interactive: false }).addTo(map);
    }
    for (let y = -75; y <= 75; y += 15) {
      L.polyline([[y, -180], [y, 180]], { color: "#9ca3af", weight: 1, interactive: false }).addTo(map);
    }
  }
  const bounds = [];
  for (const point of points) {
    L.circleMarker([point.lat, point.lon], {
      radius: 9,
      color: colours[point.level] || "#1f2937",
      fillOpacity: 0.8,
    })
      .addTo(map)
      .bindTooltip(point.title + " · " + point.label);
    bounds.push([point.lat, point.lon]);
  }
  if (bounds.length === 1) map.setView(bounds[0], 4);
  else map.fitBounds(bounds, { padding: [30, 30], maxZoom: 5 });
})();
