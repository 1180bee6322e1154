// Pishkhan page behaviour: Jalali date pickers, and re-binding after htmx swaps.
(function () {
  function startDatePickers() {
    if (window.jalaliDatepicker) {
      jalaliDatepicker.startWatch({ persianDigits: true, autoShow: true, autoHide: true, hideAfterChange: true, date: true, time: false });
    }
  }
  document.addEventListener("DOMContentLoaded", startDatePickers);
  document.addEventListener("htmx:afterSwap", startDatePickers);
  // Errors from htmx requests (a 4xx/5xx answer) replace the target with the server's message.
  document.addEventListener("htmx:beforeSwap", function (evt) {
    if (evt.detail.xhr.status >= 400 && evt.detail.xhr.status < 500) {
      evt.detail.shouldSwap = true;
      evt.detail.isError = false;
    }
  });
})();
