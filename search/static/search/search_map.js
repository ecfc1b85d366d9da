// The search page's map: the results of the page that have GPS, and a button that
// limits the search to the area shown. Without a configured tile server the map
// is a plain graticule, so no location is sent to a third party.
(function () {
  "use strict";
  const node = document.getElementById("search-map");
  if (!node || !window.L) return;
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
  const data = document.getElementById("search-map-points");
  const points = data ? JSON.parse(data.textContent) : [];
  const markers = points.map(function (p) {
    const marker = L.circleMarker([p.lat, p.lon], { radius: 6, color: "#b91c1c" });
    marker.bindTooltip(p.label);
    marker.on("click", function () { window.location.href = p.url; });
    return marker.addTo(map);
  });
  const box = (node.dataset.bbox || "").split(",").map(parseFloat);
  if (box.length === 4 && box.every(isFinite)) {
    const bounds = [[box[1], box[0]], [box[3], box[2]]];
    L.rectangle(bounds, { color: "#2563eb", weight: 1, fill: false }).addTo(map);
    map.fitBounds(bounds);
  } else if (markers.length) {
    map.fitBounds(L.featureGroup(markers).getBounds().pad(0.2));
  }
  const form = document.getElementById("search-form");
  const input = document.getElementById("search-bbox");
  function clamp(value, limit) { return Math.max(-limit, Math.min(limit, value)); }
  document.getElementById("search-map-use").addEventListener("click", function () {
    const b = map.getBounds();
    input.value = [
      clamp(b.getWest(), 180), clamp(b.getSouth(), 90),
      clamp(b.getEast(), 180), clamp(b.getNorth(), 90),
    ].map(function (v) { return v.toFixed(5); }).join(",");
    form.submit();
  });
  document.getElementById("search-map-clear").addEventListener("click", function () {
    input.value = "";
    form.submit();
  });
})();
