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

/* Grading from the keyboard (the list is on the page, under "Keyboard shortcuts"):
   J / K save and open the next / previous student, S saves, R returns and V
   returns for revision (saving first), Ctrl+Enter saves from inside a box, Esc leaves a box so the letters work.
   A page opened by J or K (#grade), or from a review-table cell (#score-<question>),
   puts the cursor in that score. (No element carries those ids: a fragment that
   names one makes the browser move the focus there after this script ran.) */
(function () {
  "use strict";
  var nav = document.querySelector("[data-grading-nav]");
  if (!nav) return;
  var form = document.querySelector("[data-grading]");

  function typing(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }
  function submitWith(selector) {
    var button = form && form.querySelector(selector);
    if (!button) return false;
    form.requestSubmit(button);
    return true;
  }
  function go(direction) {
    if (submitWith('[data-save-go="' + direction + '"]')) return;
    var link = nav.querySelector(direction === "next" ? 'a[rel="next"]' : 'a[rel="prev"]');
    if (link) link.click();
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.isComposing) return;
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      if (form && form.contains(event.target) && submitWith("[data-save]")) event.preventDefault();
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (typing(event.target)) {
      if (event.key === "Escape") event.target.blur();
      return;
    }
    var key = event.key.toLowerCase();
    var done = true;
    if (key === "j") go("next");
    else if (key === "k") go("previous");
    else if (key === "s") done = submitWith("[data-save]");
    else if (key === "r") done = submitWith("[data-return]");
    else if (key === "v") done = submitWith("[data-revise]");
    else done = false;
    if (done) event.preventDefault();
  });

  // Where the cursor starts.
  var hash = window.location.hash;
  var question = /^#score-(\d+)$/.exec(hash);
  var section = question ? document.getElementById("q-" + question[1]) : null;
  var target = null;
  if (hash === "#grade") {
    target = document.querySelector(".score-input");
  } else if (section) {
    target = section.querySelector(".score-input");
    if (!target) section.scrollIntoView();
  }
  if (target) target.focus();
})();
