// The districts' outlines under the office map, for maps without a tile server.
// Loaded before the map script: a Leaflet init hook finds every map whose element names an
// outlines URL (data-outlines-url), fetches the GeoJSON and draws it beneath the offices' dots,
// each district labelled by name. Names and notes are set as text, never as HTML.
(function () {
  if (!window.L) return;

  function label(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span;
  }

  function showNotes(element, notes) {
    var box = document.getElementById(element.id + "-note");
    if (!box || !notes || !notes.length) return;
    box.textContent = notes.join(" ");
    box.hidden = false;
  }

  function draw(map, element, data) {
    var pane = map.createPane("districts");
    pane.style.zIndex = 350; // under the offices' dots (overlay pane, 400)
    var layer = L.geoJSON(data, {
      pane: "districts",
      interactive: false,
      style: { color: "#5c6f8a", weight: 1.5, fillColor: "#dfe6f0", fillOpacity: 0.55 },
    }).addTo(map);
    layer.eachLayer(function (district) {
      var props = (district.feature && district.feature.properties) || {};
      var name = props.label || props.name;
      if (!name) return;
      L.tooltip({ permanent: true, direction: "center", className: "district-label", interactive: false })
        .setLatLng(district.getBounds().getCenter())
        .setContent(label(name))
        .addTo(map);
    });
    element.dataset.districts = String(layer.getLayers().length);
    showNotes(element, data.notes);
    // No office to frame: show the city by its districts rather than the whole country.
    if (element.dataset.markers === "0" && layer.getLayers().length) {
      map.fitBounds(layer.getBounds(), { padding: [12, 12] });
    }
  }

  L.Map.addInitHook(function () {
    var map = this;
    var element = map.getContainer();
    var url = element.dataset.outlinesUrl;
    if (!url || !window.fetch) return;
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/geo+json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (data && data.features && data.features.length) draw(map, element, data);
      })
      .catch(function () {
        // The map still shows the offices without their districts.
      });
  });
})();
