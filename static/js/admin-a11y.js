// Accessible names for widgets the Django admin builds in JavaScript (the
// autocomplete boxes and the two-list selector), so screen readers can name them.
(function () {
  "use strict";

  function labelFor(select) {
    var label = select && select.id ? document.querySelector('label[for="' + select.id + '"]') : null;
    if (label) { return label.textContent.replace(/[:*]\s*$/, "").trim(); }
    // A tabular inline names its fields in the column headers, not in labels.
    var field = (select.name || "").split("-").pop();
    var table = select.closest("table");
    var header = table && field ? table.querySelector("th.column-" + field) : null;
    var name = header ? header.textContent.trim() : field.replace(/_/g, " ");
    var row = select.closest("tr");
    var index = row && row.id ? row.id.split("-").pop() : "";
    return /^\d+$/.test(index) ? name + " " + (Number(index) + 1) : name;
  }

  function mend(root) {
    root.querySelectorAll("select.admin-autocomplete, select[data-autocomplete-light-function], .related-widget-wrapper select").forEach(function (select) {
      var container = select.nextElementSibling;
      if (!container || !container.classList.contains("select2")) { return; }
      var name = labelFor(select);
      container.querySelectorAll(".select2-selection").forEach(function (el) {
        if (name) { el.setAttribute("aria-label", name); }
        el.removeAttribute("aria-labelledby");
      });
      container.querySelectorAll(".select2-selection__rendered").forEach(function (el) {
        el.removeAttribute("role");
        el.removeAttribute("aria-readonly");
      });
      container.querySelectorAll(".select2-search__field").forEach(function (el) {
        if (name) { el.setAttribute("aria-label", name); }
      });
    });
    document.querySelectorAll(".select2-container--open .select2-search__field").forEach(function (el) {
      if (!el.getAttribute("aria-label")) { el.setAttribute("aria-label", "Search"); }
    });
    // Tabular inlines: every control in a row, named by its column and row number.
    root.querySelectorAll(".tabular tbody tr.form-row").forEach(function (row) {
      var table = row.closest("table");
      var headers = table ? Array.prototype.slice.call(table.querySelectorAll("thead th")) : [];
      var cells = Array.prototype.slice.call(row.children);
      var visible = cells.filter(function (c) { return !c.classList.contains("original") && !c.classList.contains("hidden"); });
      var number = row.id && /-(\d+)$/.test(row.id) ? Number(row.id.split("-").pop()) + 1 : "";
      row.querySelectorAll("input:not([type=hidden]), select, textarea").forEach(function (control) {
        if (control.getAttribute("aria-label") || (control.id && document.querySelector('label[for="' + control.id + '"]'))) { return; }
        var cell = control.closest("td");
        var header = headers[visible.indexOf(cell)];
        var text = header ? header.textContent.replace(/[:*?]\s*$/, "").trim() : "";
        if (!text) { text = (control.name || "").split("-").pop().replace(/_/g, " "); }
        control.setAttribute("aria-label", (text + " " + number).trim());
      });
    });
    root.querySelectorAll(".help-tooltip[aria-label]").forEach(function (el) {
      el.setAttribute("role", "img");
    });
  }

  function start() {
    mend(document);
    new MutationObserver(function () { mend(document); }).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
