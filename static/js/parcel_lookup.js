// The registration form: a renewal code the municipality already knows fills in the parcel's
// address, postal code and district. Only empty boxes (or ones this script filled) are changed,
// so nothing a person typed is overwritten.
(function () {
  var input = document.querySelector("[data-parcel-url]");
  if (!input || !window.fetch) return;
  var form = input.form;
  var note = document.getElementById("parcel-known");
  var timer = null;
  var asked = "";

  function fill(name, value) {
    var box = form.elements[name];
    if (!box || value === undefined || value === null || value === "") return false;
    if (box.value && box.dataset.filled !== "1") return false;
    box.value = String(value);
    box.dataset.filled = "1";
    box.dispatchEvent(new Event("change", { bubbles: true }));
    return true;
  }

  function lookUp() {
    var code = input.value.trim();
    if (code === asked) return;
    asked = code;
    if (note) note.hidden = true;
    if (!code) return;
    var url = input.dataset.parcelUrl + "?renewal_code=" + encodeURIComponent(code);
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (!data || input.value.trim() !== code) return;
        fill("district", data.district);
        if (!data.known) return;
        var filled = fill("address", data.address);
        filled = fill("postal_code", data.postal_code) || filled;
        if (note && filled) note.hidden = false;
      })
      .catch(function () {});
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(lookUp, 400);
  });
  input.addEventListener("change", lookUp);
  if (input.value) lookUp();
})();
