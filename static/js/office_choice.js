// Choosing an office online: only the offices of the property's city and district are shown (any office of
// the city when the service lets any office take it), the district box lists the chosen city's districts,
// and "nearest to me" orders the offices by the distance from the browser's location.
(function () {
  function start() {
    var box = document.querySelector("[data-office-choice]");
    if (!box) { return; }
    var district = document.querySelector("select[name=district]");
    var city = document.querySelector("select[name=city]");
    var cards = Array.prototype.slice.call(box.querySelectorAll("[data-office-card]"));
    var none = box.querySelector("[data-no-office]");
    var fa = function (text) { return String(text).replace(/[0-9]/g, function (d) { return "۰۱۲۳۴۵۶۷۸۹"[d]; }).replace(".", "٫"); };

    function cityDistricts() {
      // The district numbers of the chosen city only; a number the city has not is cleared.
      if (!city || !district) { return; }
      Array.prototype.forEach.call(district.options, function (option) {
        var cities = option.getAttribute("data-cities");
        var keep = !city.value || !cities || cities.split(" ").indexOf(city.value) >= 0;
        option.hidden = !keep;
        option.disabled = !keep;
        if (!keep && option.selected) { district.value = ""; }
      });
    }

    var first = box.querySelector("[data-district-first]");

    function filter() {
      var wanted = district ? district.value : "";
      var town = city ? city.value : "";
      var anyDistrict = box.hasAttribute("data-any-district");
      // Until the property's district is chosen, a service of that district's offices lists none of them (the
      // whole city's list would be long, and its offices but one district's may not take the file).
      var waiting = !anyDistrict && !!district && !wanted;
      var shown = 0;
      if (first) { first.hidden = !waiting || !cards.length; }
      cards.forEach(function (card) {
        var show = !waiting && (!town || card.dataset.city === town) &&
          (anyDistrict || card.dataset.district === wanted);
        card.hidden = !show;
        card.classList.toggle("d-none", !show);  // the card is a flex box: "hidden" alone would not hide it
        if (!show) { card.querySelector("input").checked = false; } else { shown += 1; }
      });
      if (none) { none.hidden = shown > 0 || !cards.length || waiting; }
    }

    function km(lat1, lng1, lat2, lng2) {
      var rad = Math.PI / 180, dLat = (lat2 - lat1) * rad, dLng = (lng2 - lng1) * rad;
      var a = Math.sin(dLat / 2) * Math.sin(dLat / 2) +
        Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLng / 2) * Math.sin(dLng / 2);
      return 12742 * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a));
    }

    var nearest = box.querySelector("[data-nearest]");
    var status = box.querySelector("[data-nearest-status]");
    if (nearest) {
      if (!navigator.geolocation) { nearest.hidden = true; }
      nearest.addEventListener("click", function () {
        status.textContent = nearest.dataset.wait || "…";
        navigator.geolocation.getCurrentPosition(function (position) {
          var here = position.coords;
          var list = box.querySelector(".office-cards");
          cards.forEach(function (card) {
            card.distance = card.dataset.lat ? km(here.latitude, here.longitude, Number(card.dataset.lat), Number(card.dataset.lng)) : Infinity;
            var label = card.querySelector("[data-distance]");
            if (label) { label.textContent = isFinite(card.distance) ? "| " + fa(card.distance.toFixed(1)) + " " + (nearest.dataset.unit || "") : ""; }
          });
          cards.slice().sort(function (a, b) { return a.distance - b.distance; }).forEach(function (card) { list.appendChild(card); });
          status.textContent = "";
          var first = cards.filter(function (c) { return !c.hidden; }).sort(function (a, b) { return a.distance - b.distance; })[0];
          if (first) { first.querySelector("input").focus(); }
        }, function () { status.textContent = nearest.dataset.denied || ""; });
      });
    }
    if (district) { district.addEventListener("change", filter); }
    if (city) { city.addEventListener("change", function () { cityDistricts(); filter(); }); }
    cityDistricts();
    filter();
  }
  document.addEventListener("DOMContentLoaded", start);
})();
