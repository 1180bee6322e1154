// The response composer on a file's page (templates/letters/_issue.html): choosing a template puts
// its text, filled in with the file's data, in the text box and sets its result; the result shows
// only its own templates. Loaded with the panel, so it may arrive more than once: listen once.
(function () {
  if (window.pishkhanLetterComposer) return;
  window.pishkhanLetterComposer = true;

  function drafts(form) {
    try {
      return JSON.parse(form.dataset.drafts || "[]");
    } catch (e) {
      return [];
    }
  }

  function byId(form, id) {
    var found = null;
    drafts(form).forEach(function (draft) {
      if (String(draft.id) === String(id)) found = draft;
    });
    return found;
  }

  function showResult(form, result) {
    form.querySelectorAll("select[name=template] option[data-result]").forEach(function (option) {
      var other = result && option.dataset.result !== result;
      option.hidden = other;
      option.disabled = other;
      if (other && option.selected) option.parentNode.value = "";
    });
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    var form = target.closest && target.closest("[data-letter-composer]");
    if (!form) return;
    if (target.name === "result") {
      showResult(form, target.value);
      return;
    }
    if (target.name !== "template") return;
    var draft = byId(form, target.value);
    if (!draft) return;
    var text = form.elements.text;
    var written = text.value.trim() && text.value !== text.dataset.filledFrom;
    if (written && !window.confirm(form.dataset.replaceConfirm)) {
      target.value = "";
      return;
    }
    text.value = draft.text;
    text.dataset.filledFrom = draft.text;
    var radio = form.querySelector("input[name=result][value=" + draft.result + "]");
    if (radio) {
      radio.checked = true;
      showResult(form, draft.result);
    }
  });
})();
