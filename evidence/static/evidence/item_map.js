// Shows an item's GPS position. Without a configured tile server the map is a
// plain graticule, so an item's location is never sent to a third party.
(function () {
  "use strict";
  const node = document.getElementById("evidence-map");
  if (!node || !window.L) return;
  const lat = parseFloat(node.dataset.lat);
  const lon = parseFloat(node.dataset.lon);
  const map = L.map(node).setView([lat, lon], node.dataset.tiles ? 13 : 3);
  if (node.dataset.tiles) {
    L.tileLayer(node.dataset.tiles, { maxZoom: 19 }).addTo(map);
  } else {
    for (let x = -180; x <= 180; x += 15) {
      L.polyline([[-85, x], [85, x]], { color: "#9ca3af", weight: 1 }).addTo(map);
    }
    for (let y = -75; y <= 75; y += 15) {
      L.polyline([[y, -180], [y, 180]], { color: "#9ca3af", weight: 1 }).addTo(map);
    }
  }
  L.circleMarker([lat, lon], { radius: 8, color: "#b91c1c" })
    .addTo(map)
    .bindTooltip(lat.toFixed(6) + ", " + lon.toFixed(6));
})();
