// Incidents on a map. Without a configured tile server the map is a plain
// graticule, so incident locations are never sent to a third party.
(function () {
  "use strict";
  const node = document.getElementById("incident-map");
  const data = document.getElementById("incident-points");
  if (!node || !data || !window.L) return;
  const points = JSON.parse(data.textContent);
  const map = L.map(node).setView([20, 0], 2);
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
  const markers = points.map(function (p) {
    return L.circleMarker([p.lat, p.lon], { radius: 7, color: "#b91c1c" })
      .addTo(map)
      .bindTooltip(p.title + (p.when ? " (" + p.when.slice(0, 10) + ")" : "") +
        (p.precision ? ", " + p.precision : ""));
  });
  if (markers.length) {
    map.fitBounds(L.featureGroup(markers).getBounds().pad(0.3), { maxZoom: 12 });
  }
})();
