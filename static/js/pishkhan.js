// Pishkhan page behaviour: Jalali date pickers, confirmations, print buttons, progress bars, and
// re-binding after htmx swaps. No inline script or style anywhere: the Content-Security-Policy refuses them.
(function () {
  // The picker watches the page once: it opens on any [data-jdp] box focused later, htmx's included.
  var pickersStarted = false;
  function startDatePickers() {
    if (window.jalaliDatepicker && !pickersStarted) {
      pickersStarted = true;
      jalaliDatepicker.startWatch({ persianDigits: true, autoShow: true, autoHide: true, hideAfterChange: true, date: true, time: false });
    }
  }
  function hideDatePicker() {
    // Only once it has been shown (its box exists): hiding it before would make the box.
    if (window.jalaliDatepicker && document.querySelector("jdp-container")) { jalaliDatepicker.hide(); }
  }
  // It closes when the focus leaves its box (Tab, or a tap on another field) and on Escape, so that it never
  // stays over the fields and buttons below it.
  document.addEventListener("focusin", function (evt) {
    var target = evt.target instanceof Element ? evt.target : null;
    if (target && !target.matches("[data-jdp]") && !target.closest("jdp-container")) { hideDatePicker(); }
  });
  document.addEventListener("keydown", function (evt) {
    var inBox = evt.target instanceof Element && evt.target.matches("[data-jdp]");
    if (evt.key === "Escape" || (evt.key === "Tab" && inBox)) { hideDatePicker(); }
  });
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
  // <button data-add-row="owners">: shows the next prepared row of that table and moves the focus into it.
  document.addEventListener("click", function (evt) {
    var button = evt.target instanceof Element ? evt.target.closest("[data-add-row]") : null;
    if (!button) { return; }
    var table = document.querySelector('[data-rows="' + button.dataset.addRow + '"]');
    var next = table ? table.querySelector("tr[data-row][hidden]") : null;
    if (next) {
      next.hidden = false;
      var box = next.querySelector("input, select, textarea");
      if (box) { box.focus(); }
    }
    if (!table || !table.querySelector("tr[data-row][hidden]")) { button.hidden = true; }
  });
  // Errors from htmx requests (a 4xx/5xx answer) replace the target with the server's message.
  document.addEventListener("htmx:beforeSwap", function (evt) {
    if (evt.detail.xhr.status >= 400 && evt.detail.xhr.status < 500) {
      evt.detail.shouldSwap = true;
      evt.detail.isError = false;
    }
  });
})();
