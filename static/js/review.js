/* Teacher review: insert a saved comment without a round trip. Without this
   script the "Use" button posts the form and the server puts the comment in. */
(function () {
  "use strict";
  var form = document.querySelector("[data-grading]");
  if (!form) return;
  form.addEventListener("click", function (event) {
    var button = event.target.closest("[data-use-comment]");
    if (!button) return;
    var panel = button.closest(".grading-panel");
    var select = panel && panel.querySelector("[data-bank]");
    var box = panel && panel.querySelector("textarea[data-comment]");
    if (!select || !box || !select.value) return; // let the server explain
    var template = document.querySelector(
      '[data-saved-comment="' + CSS.escape(select.value) + '"]'
    );
    if (!template) return;
    event.preventDefault();
    var text = template.content ? template.content.textContent : template.textContent;
    var current = box.value.replace(/\s+$/, "");
    box.value = current ? current + "\n\n" + text : text;
    box.focus();
    box.setSelectionRange(box.value.length, box.value.length);
  });
})();
