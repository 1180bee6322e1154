// Pishkhan page behaviour: Jalali date pickers, confirmations, print buttons, progress bars, and
// re-binding after htmx swaps. No inline script or style anywhere: the Content-Security-Policy refuses them.
(function () {
  function startDatePickers() {
    if (window.jalaliDatepicker) {
      jalaliDatepicker.startWatch({ persianDigits: true, autoShow: true, autoHide: true, hideAfterChange: true, date: true, time: false });
    }
  }
  // <div class="progress-bar" data-percent="40">: the width set through the DOM, not a style attribute.
  function sizeProgressBars(root) {
    (root || document).querySelectorAll("[data-percent]").forEach(function (bar) {
      var percent = Math.max(0, Math.min(100, Number(bar.dataset.percent) || 0));
      bar.style.width = percent + "%";
    });
  }
  document.addEventListener("DOMContentLoaded", function () { startDatePickers(); sizeProgressBars(); });
  document.addEventListener("htmx:afterSwap", function (evt) { startDatePickers(); sizeProgressBars(evt.target); });
  // <form data-confirm="...">: asks before submitting.
  document.addEventListener("submit", function (evt) {
    var form = evt.target;
    if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      evt.preventDefault();
    }
  });
  // <button data-print>: prints the page.
  document.addEventListener("click", function (evt) {
    var button = evt.target instanceof Element ? evt.target.closest("[data-print]") : null;
    if (button) { window.print(); }
  });
  // Errors from htmx requests (a 4xx/5xx answer) replace the target with the server's message.
  document.addEventListener("htmx:beforeSwap", function (evt) {
    if (evt.detail.xhr.status >= 400 && evt.detail.xhr.status < 500) {
      evt.detail.shouldSwap = true;
      evt.detail.isError = false;
    }
  });
})();
