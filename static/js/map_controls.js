// The office map's controls speak Persian: Leaflet's zoom buttons are titled in English by default.
// Loaded before the map script; a Leaflet init hook replaces the zoom control of every map.
(function () {
  if (!window.L) return;
  var element = document.getElementById("map-labels");
  var labels = element ? element.dataset : {};
  L.Map.addInitHook(function () {
    if (!this.zoomControl) return;
    this.zoomControl.remove();
    this.zoomControl = L.control
      .zoom({ zoomInTitle: labels.zoomIn || "بزرگ‌نمایی", zoomOutTitle: labels.zoomOut || "کوچک‌نمایی" })
      .addTo(this);
  });
})();
