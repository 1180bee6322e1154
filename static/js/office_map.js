// The public office map: markers from the page's JSON, tiles only when a tile server is configured.
(function () {
  // With no tile server and no offices, show Iran as a whole rather than an empty world.
  var FALLBACK_CENTRE = [32.4, 53.7];
  var FALLBACK_ZOOM = 5;

  function popup(marker) {
    // Built from text nodes so an office's name or address can never inject markup.
    var box = document.createElement("div");
    box.setAttribute("dir", "rtl");
    var name = document.createElement("strong");
    name.textContent = marker.name;
    box.appendChild(name);
    [marker.address, marker.phone].forEach(function (line) {
      if (!line) return;
      var row = document.createElement("div");
      row.textContent = line;
      box.appendChild(row);
    });
    return box;
  }

  // Leaflet puts a string tooltip in as HTML: an office's name goes in as text, never markup.
  function textElement(text) {
    var span = document.createElement("span");
    span.textContent = text == null ? "" : String(text);
    return span;
  }

  function start() {
    var element = document.getElementById("office-map");
    var data = document.getElementById("office-markers");
    if (!element || !data || !window.L) return;
    var markers = JSON.parse(data.textContent);
    var map = L.map(element, { scrollWheelZoom: false });
    map.attributionControl.setPrefix(false);
    var tileUrl = element.dataset.tileUrl;
    if (tileUrl) {
      L.tileLayer(tileUrl, { maxZoom: 19, attribution: element.dataset.tileAttribution || "" }).addTo(map);
    }
    var points = [];
    markers.forEach(function (marker) {
      var point = [marker.lat, marker.lng];
      points.push(point);
      L.circleMarker(point, { radius: 8, weight: 2, color: "#0d6efd", fillColor: "#0d6efd", fillOpacity: 0.55 })
        .bindPopup(popup(marker))
        .bindTooltip(textElement(marker.name))
        .addTo(map);
    });
    // Offices of several cities: open on the city with the most of them (the others are a zoom away);
    // one city's offices spread over a country's width would be a single blot.
    var counts = {};
    markers.forEach(function (marker) { counts[marker.city] = (counts[marker.city] || 0) + 1; });
    var biggest = Object.keys(counts).sort(function (a, b) { return counts[b] - counts[a]; })[0];
    var shown = Object.keys(counts).length > 1
      ? markers.filter(function (m) { return m.city === biggest; }).map(function (m) { return [m.lat, m.lng]; })
      : points;
    if (shown.length === 1) {
      map.setView(shown[0], 15);
    } else if (shown.length) {
      map.fitBounds(shown, { padding: [24, 24] });
    } else {
      map.setView(FALLBACK_CENTRE, FALLBACK_ZOOM);
    }
    element.dataset.markers = String(points.length);
  }

  document.addEventListener("DOMContentLoaded", start);
})();
