// The guided online request: the error summary takes the focus, and on the documents step each file is
// uploaded as soon as it is chosen, with a progress bar (XMLHttpRequest: fetch reports no upload progress);
// the server answers with the slot redrawn (preview, size, pages, or the reason it was refused).
(function () {
  function start() {
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
    var box = document.querySelector("[data-draft-uploads]");
    if (!box) { return; }
    var failed = box.dataset.failed || "";

    function replace(slot, html) {
      var holder = document.createElement("div");
      holder.innerHTML = html.trim();
      var fresh = holder.querySelector("[data-slot]");
      if (!fresh) { return null; }
      slot.replaceWith(fresh);
      bind(fresh);
      return fresh;
    }

    function send(slot, form, onProgress) {
      var request = new XMLHttpRequest();
      request.open("POST", form.action);
      request.setRequestHeader("X-Requested-With", "XMLHttpRequest");
      if (onProgress) { request.upload.addEventListener("progress", onProgress); }
      request.addEventListener("load", function () {
        var fresh = request.status < 500 ? replace(slot, request.responseText) : null;
        if (!fresh) {
          var error = slot.querySelector("[data-upload-error]");
          if (error) { error.textContent = failed; }
          return;
        }
        var input = fresh.querySelector("input[type=file]");
        if (input) { input.focus(); }
        // A stored file answers the step's "documents missing" message: it is checked again on "continue".
        var stale = request.status < 300 ? document.querySelector("[data-testid=form-alert]") : null;
        if (stale) { stale.remove(); }
      });
      request.addEventListener("error", function () {
        var error = slot.querySelector("[data-upload-error]");
        if (error) { error.textContent = failed; }
      });
      request.send(new FormData(form));
    }

    function upload(slot, form) {
      var input = form.querySelector("input[type=file]");
      if (!input.files || !input.files.length) { return; }
      var progress = form.querySelector("[data-progress]");
      var bar = form.querySelector("[data-progress-bar]");
      var error = form.querySelector("[data-upload-error]");
      error.textContent = "";
      progress.classList.remove("d-none");
      slot.setAttribute("aria-busy", "true");
      send(slot, form, function (event) {
        if (!event.lengthComputable) { return; }
        var percent = Math.round((event.loaded / event.total) * 100);
        bar.style.width = percent + "%";
        progress.setAttribute("aria-valuenow", String(percent));
      });
    }

    function bind(slot) {
      var form = slot.querySelector("[data-upload-form]");
      if (form) {
        var input = form.querySelector("input[type=file]");
        var button = form.querySelector("[data-upload-button]");
        if (button) { button.classList.add("d-none"); }  // chosen files go at once; the button serves pages without scripts
        input.addEventListener("change", function () { upload(slot, form); });
        form.addEventListener("submit", function (event) { event.preventDefault(); upload(slot, form); });
      }
      var remove = slot.querySelector("[data-remove-form]");
      if (remove) {
        remove.addEventListener("submit", function (event) { event.preventDefault(); send(slot, remove, null); });
      }
    }

    Array.prototype.forEach.call(box.querySelectorAll("[data-slot]"), bind);
  }
  document.addEventListener("DOMContentLoaded", start);
})();
