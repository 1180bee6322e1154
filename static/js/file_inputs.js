// File boxes (templates/django/forms/widgets/file.html): show the chosen files' names in Persian.
(function () {
  var DIGITS = "۰۱۲۳۴۵۶۷۸۹";

  function persianDigits(text) {
    return String(text).replace(/[0-9]/g, function (d) {
      return DIGITS[Number(d)];
    });
  }

  function names(input) {
    var picker = input.closest("[data-file-picker]");
    var out = picker && picker.querySelector("[data-file-names]");
    if (!out) return;
    if (!out.dataset.empty) out.dataset.empty = out.textContent;
    var files = input.files || [];
    if (!files.length) {
      out.textContent = out.dataset.empty;
    } else if (files.length === 1) {
      out.textContent = files[0].name;
    } else {
      out.textContent = persianDigits(files.length) + " " + (out.dataset.many || "فایل");
    }
  }

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (input && input.matches && input.matches("[data-file-picker] input[type=file]")) names(input);
  });
  // A form reset (or an htmx swap of the form) empties the box again.
  document.addEventListener("reset", function (event) {
    setTimeout(function () {
      event.target.querySelectorAll("[data-file-picker] input[type=file]").forEach(names);
    });
  });
})();
