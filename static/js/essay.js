// A document-based essay's box on the assignment page (templates/assignments/
// _essay_fields.html): keeps the essay's parts as JSON in the form's hidden text
// box, which static/js/assignments.js autosaves like any answer; adds, removes and
// moves paragraphs with buttons (keyboard and screen reader friendly, announced);
// ticks each paragraph's evidence from the essay's evidence list; ticks off the
// documents used and sourced as the student works. Loaded before assignments.js,
// so the text box holds the essay when the autosave starts.
// Without this script the form still works: Add a paragraph and Remove post the
// form, which saves the essay and changes its paragraphs.
(function () {
  "use strict";

  function fill(text) {
    for (var i = 1; i < arguments.length; i++) { text = text.replace("%s", arguments[i]); }
    return text;
  }

  function announce(text) {
    var announcer = document.querySelector("[data-announcer]");
    if (!announcer) { return; }
    announcer.textContent = "";
    window.setTimeout(function () { announcer.textContent = text; }, 50);
  }

  function words(text) {
    return text.trim() ? text.trim().split(/\s+/).length : 0;
  }

  function Essay(form) {
    this.form = form;
    this.root = form.querySelector("[data-essay]");
    this.json = form.querySelector("[data-essay-json]");
    this.list = form.querySelector("[data-essay-paragraphs]");
    this.template = form.querySelector("template[data-essay-template]");
    this.evidence = form.querySelector("[data-evidence-list]");
    this.promptId = form.getAttribute("data-prompt");
    this.minWords = parseInt(this.root.getAttribute("data-min-words"), 10) || 6;
    var self = this;
    this.paragraphs().forEach(function (li) { self.showMoves(li); });
    this.renumber();
    this.json.value = JSON.stringify(this.read());
    this.ticks();
    form.addEventListener("input", function (event) {
      if (event.target === self.json) { return; }
      if (self.root.contains(event.target)) { self.changed(); }
    });
    form.addEventListener("change", function (event) {
      if (event.target.type === "checkbox" && self.root.contains(event.target)) { self.changed(); }
    });
    form.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest("button");
      if (!button || !self.root.contains(button)) { return; }
      if (button.hasAttribute("data-essay-add")) { event.preventDefault(); self.add(); }
      else if (button.hasAttribute("data-essay-remove")) { event.preventDefault(); self.remove(button); }
      else if (button.hasAttribute("data-essay-move")) { self.move(button); }
    }, true);
    // The autosave put back a copy kept in this browser, or the saved essay.
    this.json.addEventListener("answer:replaced", function () { self.render(); });
    if (this.evidence && "MutationObserver" in window) {
      new window.MutationObserver(function () { self.citationsChanged(); })
        .observe(this.evidence, {childList: true});
    }
  }

  Essay.prototype.paragraphs = function () {
    return Array.prototype.slice.call(this.list.querySelectorAll("[data-essay-paragraph]"));
  };

  Essay.prototype.read = function () {
    var sourcing = {};
    this.form.querySelectorAll("[data-essay-sourcing]").forEach(function (box) {
      if (box.value.trim()) { sourcing[box.getAttribute("data-essay-sourcing")] = box.value; }
    });
    return {
      thesis: this.form.querySelector("[data-essay-thesis]").value,
      paragraphs: this.paragraphs().map(function (li) {
        return {
          claim: li.querySelector("[data-essay-claim]").value,
          evidence: Array.prototype.map.call(
            li.querySelectorAll("[data-essay-evidence] input:checked"),
            function (box) { return parseInt(box.value, 10); }),
          reasoning: li.querySelector("[data-essay-reasoning]").value
        };
      }),
      sourcing: sourcing
    };
  };

  // The essay changed: the text box the autosave watches gets its new JSON.
  Essay.prototype.changed = function () {
    this.json.value = JSON.stringify(this.read());
    this.json.dispatchEvent(new Event("input", {bubbles: true}));
    this.ticks();
  };

  // The essay's cited passages, from its evidence list: [{id, excerpt, label}].
  Essay.prototype.citations = function () {
    if (!this.evidence) { return []; }
    return Array.prototype.map.call(this.evidence.querySelectorAll("[data-citation]"), function (li) {
      return {id: li.getAttribute("data-citation"), excerpt: li.getAttribute("data-excerpt"),
              label: li.getAttribute("data-label")};
    });
  };

  // One paragraph's evidence checkboxes, from the evidence list (ticks kept).
  Essay.prototype.evidenceBoxes = function (li, index, ticked) {
    var holder = li.querySelector("[data-essay-evidence]");
    var promptId = this.promptId;
    var citations = this.citations();
    holder.textContent = "";
    citations.forEach(function (c) {
      var row = document.createElement("div");
      row.className = "form-check";
      var box = document.createElement("input");
      box.type = "checkbox";
      box.className = "form-check-input";
      box.name = "essay_evidence_" + index;
      box.value = c.id;
      box.id = "essay-" + promptId + "-ev-" + index + "-" + c.id;
      box.checked = ticked.indexOf(parseInt(c.id, 10)) >= 0;
      var label = document.createElement("label");
      label.className = "form-check-label small";
      label.htmlFor = box.id;
      label.textContent = c.label;
      row.appendChild(box);
      row.appendChild(label);
      holder.appendChild(row);
    });
    li.querySelector("[data-essay-no-evidence]").hidden = citations.length > 0;
  };

  Essay.prototype.citationsChanged = function () {
    var data = this.read();
    var self = this;
    this.paragraphs().forEach(function (li, i) {
      self.evidenceBoxes(li, i, data.paragraphs[i].evidence);
    });
    this.changed();
  };

  // Names, ids, labels and legends follow each paragraph's place.
  Essay.prototype.renumber = function () {
    var root = this.root;
    var promptId = this.promptId;
    var count = this.paragraphs().length;
    this.paragraphs().forEach(function (li, i) {
      var n = String(i + 1);
      li.querySelector("[data-essay-legend]").textContent = fill(root.getAttribute("data-label-paragraph"), n);
      li.querySelectorAll("[data-essay-which]").forEach(function (span) {
        span.textContent = " " + fill(root.getAttribute("data-label-which"), n);
      });
      ["claim", "reasoning"].forEach(function (part) {
        var box = li.querySelector("[data-essay-" + part + "]");
        box.id = "essay-" + promptId + "-" + part + "-" + i;
        li.querySelector("[data-essay-for='" + part + "']").htmlFor = box.id;
      });
      li.querySelectorAll("[data-essay-evidence] input").forEach(function (box) {
        box.name = "essay_evidence_" + i;
        box.id = "essay-" + promptId + "-ev-" + i + "-" + box.value;
        box.nextElementSibling.htmlFor = box.id;
      });
      li.querySelector("[data-essay-remove]").value = String(i);
      li.querySelector("[data-essay-move='up']").disabled = i === 0;
      li.querySelector("[data-essay-move='down']").disabled = i === count - 1;
    });
  };

  Essay.prototype.showMoves = function (li) {
    li.querySelectorAll("[data-essay-move]").forEach(function (b) { b.hidden = false; });
  };

  Essay.prototype.newParagraph = function () {
    var li = this.template.content.firstElementChild.cloneNode(true);
    this.showMoves(li);
    return li;
  };

  Essay.prototype.add = function () {
    var li = this.newParagraph();
    this.list.appendChild(li);
    var index = this.paragraphs().length - 1;
    this.evidenceBoxes(li, index, []);
    this.renumber();
    this.changed();
    li.querySelector("[data-essay-claim]").focus();
    announce(fill(this.root.getAttribute("data-said-added"), String(index + 1)));
  };

  Essay.prototype.remove = function (button) {
    var li = button.closest("[data-essay-paragraph]");
    var next = li.nextElementSibling || li.previousElementSibling;
    li.remove();
    this.renumber();
    this.changed();
    var target = next ? next.querySelector("[data-essay-claim]") : this.form.querySelector("[data-essay-add]");
    target.focus();
    announce(fill(this.root.getAttribute("data-said-removed"), String(this.paragraphs().length)));
  };

  Essay.prototype.move = function (button) {
    var li = button.closest("[data-essay-paragraph]");
    var up = button.getAttribute("data-essay-move") === "up";
    var other = up ? li.previousElementSibling : li.nextElementSibling;
    if (!other) { return; }
    if (up) { this.list.insertBefore(li, other); } else { this.list.insertBefore(other, li); }
    this.renumber();
    this.changed();
    // The pressed button moved with its paragraph; when it is now disabled (top or
    // bottom), the other move button takes the focus.
    var focus = button.disabled ? li.querySelector("[data-essay-move='" + (up ? "down" : "up") + "']") : button;
    focus.focus();
    announce(fill(this.root.getAttribute("data-said-moved"), String(this.paragraphs().indexOf(li) + 1)));
  };

  // The parts in the text box (put back by the autosave) shown in the fields.
  Essay.prototype.render = function () {
    var data;
    try { data = JSON.parse(this.json.value || "{}"); } catch (e) { return; }
    var self = this;
    this.form.querySelector("[data-essay-thesis]").value = data.thesis || "";
    this.paragraphs().forEach(function (li) { li.remove(); });
    (data.paragraphs && data.paragraphs.length ? data.paragraphs : [{}]).forEach(function (p, i) {
      var li = self.newParagraph();
      self.list.appendChild(li);
      li.querySelector("[data-essay-claim]").value = p.claim || "";
      li.querySelector("[data-essay-reasoning]").value = p.reasoning || "";
      self.evidenceBoxes(li, i, p.evidence || []);
    });
    this.form.querySelectorAll("[data-essay-sourcing]").forEach(function (box) {
      box.value = (data.sourcing || {})[box.getAttribute("data-essay-sourcing")] || "";
    });
    this.renumber();
    this.ticks();
  };

  // The side list: each document used (a passage of it cited) and sourced (a
  // sourcing sentence of enough words for a document it uses).
  Essay.prototype.ticks = function () {
    var root = this.root;
    var minWords = this.minWords;
    var used = {};
    this.citations().forEach(function (c) { used[c.excerpt] = true; });
    var usedCount = 0;
    var sourcedCount = 0;
    this.form.querySelectorAll("[data-essay-doc]").forEach(function (doc) {
      var id = doc.getAttribute("data-essay-doc");
      var isUsed = !!used[id];
      var box = doc.querySelector("[data-essay-sourcing]");
      var isSourced = isUsed && words(box.value) >= minWords;
      usedCount += isUsed ? 1 : 0;
      sourcedCount += isSourced ? 1 : 0;
      var usedTick = doc.querySelector("[data-essay-used]");
      usedTick.textContent = isUsed ? "✓ " + root.getAttribute("data-used") : "○ " + root.getAttribute("data-not-used");
      usedTick.classList.toggle("is-done", isUsed);
      var sourcedTick = doc.querySelector("[data-essay-sourced]");
      sourcedTick.textContent = isSourced ? "✓ " + root.getAttribute("data-sourced") : "○ " + root.getAttribute("data-not-sourced");
      sourcedTick.classList.toggle("is-done", isSourced);
    });
    var usedSpan = this.form.querySelector("[data-essay-used-count]");
    if (usedSpan) { usedSpan.textContent = fill(usedSpan.getAttribute("data-template") || usedSpan.textContent, usedCount); }
    var sourcedSpan = this.form.querySelector("[data-essay-sourced-count]");
    if (sourcedSpan) { sourcedSpan.textContent = fill(sourcedSpan.getAttribute("data-template") || sourcedSpan.textContent, sourcedCount); }
  };

  function attach(form) {
    if (form.querySelector("[data-essay]")) { form.essayBox = new Essay(form); }
  }

  document.querySelectorAll("form[data-answer]").forEach(attach);
  document.body.addEventListener("htmx:load", function (event) {
    var form = event.detail && event.detail.elt;
    if (form && form.matches && form.matches("form[data-answer]")) { attach(form); }
  });
})();
