// The visit report form on a phone: more violation rows, photo previews, the GPS position, a last check.
(function () {
  var form = document.getElementById("report-form");
  if (!form) { return; }

  var list = document.getElementById("violations");
  var template = document.getElementById("violation-template");
  document.getElementById("add-violation").addEventListener("click", function () {
    var n = parseInt(list.dataset.next, 10);
    if (n >= 20) { return; }
    list.insertAdjacentHTML("beforeend", template.innerHTML.replace(/__N__/g, String(n)));
    list.dataset.next = String(n + 1);
    list.lastElementChild.querySelector("select").focus();
  });

  var input = document.getElementById("photos");
  var preview = document.getElementById("photo-preview");
  input.addEventListener("change", function () {
    preview.innerHTML = "";
    Array.prototype.forEach.call(input.files, function (file) {
      if (!file.type || file.type.indexOf("image/") !== 0) { return; }
      var col = document.createElement("div");
      col.className = "col-4 col-sm-3";
      var img = document.createElement("img");
      img.className = "photo-thumb";
      img.alt = "";
      img.src = URL.createObjectURL(file);
      col.appendChild(img);
      preview.appendChild(col);
    });
  });

  var messages = document.getElementById("location-messages").dataset;
  var status = document.getElementById("location-status");
  var lat = document.getElementById("id_latitude");
  var lng = document.getElementById("id_longitude");
  // 32.654612 → «۳۲٫۶۵۴۶۱»: Persian digits and decimal separator, five decimals (about a metre).
  function persianNumber(value) {
    var text = String(Number(value.toFixed(5)));
    return text.replace(".", "٫").replace(/[0-9]/g, function (d) { return "۰۱۲۳۴۵۶۷۸۹"[Number(d)]; });
  }
  function locate() {
    if (!navigator.geolocation) { status.textContent = messages.unsupported; return; }
    status.textContent = messages.asking;
    navigator.geolocation.getCurrentPosition(function (pos) {
      lat.value = pos.coords.latitude.toFixed(6);
      lng.value = pos.coords.longitude.toFixed(6);
      status.textContent = messages.latitude + " " + persianNumber(pos.coords.latitude) + "، " +
        messages.longitude + " " + persianNumber(pos.coords.longitude) + " (" +
        messages.accuracy.replace("%(metres)s", persianNumber(Math.round(pos.coords.accuracy))) + ")";
    }, function () {
      status.textContent = messages.denied;
    }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
  }
  document.getElementById("locate").addEventListener("click", locate);
  // Ask once on arrival only when the inspector already allowed it, so no prompt appears unasked.
  if (!lat.value && navigator.permissions && navigator.permissions.query) {
    navigator.permissions.query({ name: "geolocation" }).then(function (p) {
      if (p.state === "granted") { locate(); }
    }).catch(function () {});
  }

  var submit = document.getElementById("submit-report");
  // The boxes a submission needs: while one is empty the server answers with every mistake at once,
  // so there is nothing to confirm yet.
  var needed = ["visited_on", "land_area", "built_area", "floors", "usage", "findings", "building_state"];
  function incomplete() {
    return needed.some(function (name) {
      var box = submit.form && submit.form.elements[name];
      return box && !String(box.value || "").trim();
    });
  }
  submit.addEventListener("click", function (event) {
    if (incomplete()) { return; }
    if (!window.confirm(submit.dataset.confirm)) { event.preventDefault(); }
  });
})();
