// Classes and rosters: small enhancements; every page works without them.
(function () {
  "use strict";

  function countNames(text) {
    return text.split(/\r?\n/).filter(function (line) { return line.trim() !== ""; }).length;
  }

  function bulkAdd(form) {
    // Say how many names were pasted, and show progress while the accounts are
    // being created (a long list takes a few seconds).
    var area = form.querySelector("[data-name-count]");
    var output = form.querySelector("[data-name-count-output]");
    var progress = form.querySelector("[data-progress]");
    var progressText = form.querySelector("[data-progress-text]");
    var submit = form.querySelector("[data-submit]");
    function update() {
      var n = countNames(area.value);
      output.textContent = n === 0 ? "" : (n === 1 ? output.dataset.one : output.dataset.many.replace("__N__", n));
    }
    if (area && output) {
      area.addEventListener("input", update);
      update();
    }
    form.addEventListener("submit", function () {
      var n = area ? countNames(area.value) : 0;
      if (n > 1 && progressText) {
        progressText.textContent = progressText.dataset.many.replace("__N__", n);
      }
      if (progress) { progress.hidden = false; }
      // Disabled a moment later, so the click itself still submits the form.
      if (submit) { window.setTimeout(function () { submit.disabled = true; }, 0); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-bulk-add]").forEach(bulkAdd);

    // Roster: one box ticks every student.
    document.querySelectorAll("[data-select-all]").forEach(function (all) {
      var name = all.getAttribute("data-select-all");
      all.addEventListener("change", function () {
        all.form.querySelectorAll('input[type=checkbox][name="' + name + '"]').forEach(function (box) {
          box.checked = all.checked;
        });
      });
    });

    // Row menus (<details>): one open at a time; Escape or a click elsewhere
    // closes it, and Escape puts the focus back on its button.
    var menus = document.querySelectorAll("[data-row-menu]");
    menus.forEach(function (menu) {
      menu.addEventListener("toggle", function () {
        if (!menu.open) { return; }
        menus.forEach(function (other) { if (other !== menu) { other.open = false; } });
      });
      menu.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && menu.open) {
          menu.open = false;
          menu.querySelector("summary").focus();
        }
      });
    });
    if (menus.length) {
      document.addEventListener("click", function (event) {
        menus.forEach(function (menu) {
          if (menu.open && !menu.contains(event.target)) { menu.open = false; }
        });
      });
    }

    // Login cards: the print button.
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  });
})();
