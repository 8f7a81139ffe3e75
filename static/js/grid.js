// The evidence grid on the assignment page: each cell saves itself once typing
// pauses (the server keeps it as typed and says whether the words are in that
// paragraph); a cell's Save button and the grid's Submit are ordinary forms that
// htmx sends, and what comes back (a refusal beside its field, or a notice) is
// brought into view and focused. Without this script every button still works.
(function () {
  "use strict";

  var PAUSE_MS = 2500;
  var timers = new WeakMap();
  var sending = new WeakMap();

  function focusAnswered(root) {
    var id = root.getAttribute("data-focus");
    var target = id && document.getElementById(id);
    if (!target) { return; }
    document.dispatchEvent(new CustomEvent("workspace:show", {detail: {pane: "answer"}}));
    target.scrollIntoView({block: "center"});
    target.focus({preventScroll: true});
  }

  function statusOf(form) { return form.querySelector("[data-cell-status]"); }

  function autosave(form) {
    if (sending.get(form)) {  // one save of a cell at a time: the next follows it
      sending.set(form, "again");
      return;
    }
    sending.set(form, true);
    var status = statusOf(form);
    var token = form.querySelector("input[name=csrfmiddlewaretoken]");
    fetch(form.getAttribute("data-autosave-url"), {
      method: "POST",
      credentials: "same-origin",
      headers: {"X-CSRFToken": token ? token.value : "", "Accept": "application/json"},
      body: new FormData(form)
    }).then(function (r) {
      return r.json().catch(function () { return {message: ""}; });
    }).then(function (data) {
      if (status && data && data.message) { status.textContent = data.message; }
    }).catch(function () {
      // Offline: the words stay in the cell; the next pause or Save sends them.
    }).then(function () {
      var again = sending.get(form) === "again";
      sending.delete(form);
      if (again) { autosave(form); }
    });
  }

  function later(event) {
    var form = event.target.closest && event.target.closest("form[data-grid-cell]");
    if (!form) { return; }
    window.clearTimeout(timers.get(form));
    timers.set(form, window.setTimeout(function () { autosave(form); }, PAUSE_MS));
  }

  document.addEventListener("input", later);
  document.addEventListener("change", later);
  // A Save pressed cancels the pending autosave (the button sends the same words).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.matches && form.matches("form[data-grid-cell]")) {
      window.clearTimeout(timers.get(form));
    }
  }, true);

  document.querySelectorAll("form[data-grid-cell][data-focus], [data-grid][data-focus]")
    .forEach(focusAnswered);
  document.body.addEventListener("htmx:load", function (event) {
    var elt = event.detail && event.detail.elt;
    if (elt && elt.matches && elt.matches("form[data-grid-cell], [data-grid]")) {
      focusAnswered(elt);
    }
  });
})();
