// The discussion: one reply box at a time, opened under the answer its link is in.
// Without this script the same link asks the server for the page with that box open.
(function () {
  "use strict";

  // Words written in a box that was closed, by answer, so reopening it gives them back.
  var kept = {};

  function openForm() {
    return document.querySelector("form[data-reply-form]");
  }

  function close(form, focusLink) {
    var answer = form.getAttribute("data-reply-form");
    var box = form.querySelector("textarea");
    if (box && box.value.trim()) {
      kept[answer] = box.value;
    }
    var link = document.querySelector('[data-reply-open="' + answer + '"]');
    form.remove();
    if (link) {
      link.parentElement.hidden = false;
      if (focusLink) {
        link.focus();
      }
    }
  }

  function open(link) {
    var current = openForm();
    if (current) {
      close(current, false);
    }
    var template = document.getElementById("reply-form-template");
    if (!template) {
      return;
    }
    var answer = link.getAttribute("data-reply-open");
    var form = template.content.firstElementChild.cloneNode(true);
    var id = "reply-to-" + answer;
    form.setAttribute("data-reply-form", answer);
    form.setAttribute("action", link.getAttribute("data-reply-action"));
    form.querySelector("label").setAttribute("for", id);
    form.querySelector("label").textContent = link.getAttribute("data-reply-label");
    var box = form.querySelector("textarea");
    box.id = id;
    box.value = kept[answer] || "";
    var cancel = form.querySelector("[data-reply-cancel]");
    cancel.setAttribute("href", "?answer=" + answer + "#answer-" + answer);
    link.parentElement.hidden = true;
    link.parentElement.after(form);
    box.focus();
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-reply-open]");
    if (link) {
      event.preventDefault();
      open(link);
      return;
    }
    var cancel = event.target.closest("[data-reply-cancel]");
    if (cancel) {
      event.preventDefault();
      close(cancel.closest("form[data-reply-form]"), true);
    }
  });

  document.addEventListener("keydown", function (event) {
    var form = event.target.closest && event.target.closest("form[data-reply-form]");
    if (event.key === "Escape" && form && !form.querySelector("textarea").value.trim()) {
      close(form, true);
    }
  });
})();
