// The letter template editor: a placeholder button puts «{name}» in the text where the cursor is.
(function () {
  var text = document.querySelector("[data-placeholder-target]");
  if (!text) return;
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-insert-placeholder]");
    if (!button) return;
    var token = "{" + button.dataset.insertPlaceholder + "}";
    var start = text.selectionStart || 0;
    var end = text.selectionEnd || 0;
    text.value = text.value.slice(0, start) + token + text.value.slice(end);
    text.focus();
    text.setSelectionRange(start + token.length, start + token.length);
  });
})();
