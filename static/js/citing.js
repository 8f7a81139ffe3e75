// Citing on the assignment page, two ways, both verified by the server:
// - select words inside one paragraph with the mouse (or caret browsing): the Cite
//   bar appears, naming the question by its words (the one the student is at);
//   a selection across paragraphs gets the bar with the reason instead;
// - from the keyboard: each paragraph's number is a "Cite" button opening its
//   sentences as a list; Enter on a sentence cites it, or tick sentences that
//   follow each other and press Cite.
// After a citation the question's answer box takes the focus, with the quotation in
// its evidence list. Needs static/js/assignments.js (window.portalAnswers) first;
// without JavaScript "Add a quotation by hand" does the same.
(function () {
  "use strict";

  var api = window.portalAnswers;
  var bar = document.querySelector("[data-cite-bar]");
  var readPane = document.querySelector("[data-pane='read']");
  if (!api || !bar || !readPane) { return; }
  var msg = api.msg;
  var target = bar.querySelector("[data-cite-target]");

  function optionFor(select, promptId) {
    return Array.prototype.filter.call(select.options, function (o) { return o.value === String(promptId); })[0];
  }

  function chooseCurrent(select) {
    var current = api.currentPrompt();
    if (current && optionFor(select, current)) { select.value = current; }
  }

  // Cite for the question chosen in ``select``; on success the answer box takes the
  // focus. Resolves true when cited.
  function citeFor(select, quotation) {
    var option = select.options[select.selectedIndex];
    return api.cite(option.value, option.getAttribute("data-url"), quotation).then(function (result) {
      if (result.ok) { api.focusAnswer(option.value); }
      return result;
    });
  }

  // The words a selection or a picker quotes from: a paragraph's original wording,
  // or its translation (data-language; it stands for the original paragraph of the
  // same number). The simpler wording is not citable.
  var CITABLE = ".para-original, .para-translated";

  function paragraphOf(element) {
    var original = element && element.closest(CITABLE);
    var para = original && original.closest(".para");
    var match = para && /^ex-(\d+)-p(\d+)$/.exec(para.id);
    if (!match) { return null; }
    var reading = para.closest("[data-reading]");
    var title = reading && reading.querySelector(".reading-title");
    return {para: para, original: original, excerpt: match[1], paragraph: match[2],
            language: original.getAttribute("data-language") || "",
            title: title ? title.textContent.trim() : ""};
  }

  function plainText(node) {
    var clone = node.cloneNode(true);
    clone.querySelectorAll(".gloss-pop").forEach(function (pop) { pop.remove(); });
    return (clone.textContent || "").replace(/\s+/g, " ").trim();
  }

  // --- the Cite bar, for a selection ---------------------------------------------

  var selected = bar.querySelector("[data-cite-selected]");
  var preview = bar.querySelector("[data-cite-preview]");
  var where = bar.querySelector("[data-cite-where]");
  var refusal = bar.querySelector("[data-cite-refusal]");
  var controls = bar.querySelector("[data-cite-controls]");
  var citeButton = bar.querySelector("[data-cite-button]");
  var cancelButton = bar.querySelector("[data-cite-cancel]");
  var chosen = null;

  // What is selected: {words…} inside one paragraph's original wording, {across:
  // [paragraphs]} over several, or null (nothing, or nothing in the text).
  function selectionNow() {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) { return null; }
    var range = selection.getRangeAt(0);
    var node = range.commonAncestorContainer;
    var found = paragraphOf(node.nodeType === 1 ? node : node.parentElement);
    if (found) {
      var words = plainText(range.cloneContents());
      if (!words) { return null; }
      found.words = words;
      return found;
    }
    var touched = Array.prototype.filter.call(readPane.querySelectorAll(CITABLE), function (original) {
      return range.intersectsNode(original);
    });
    if (touched.length < 2) { return null; }
    var parts = touched.map(function (original) {
      var part = paragraphOf(original);
      part.words = plainText(clipTo(range, original).cloneContents());
      return part;
    }).filter(function (part) { return part.words; });
    if (parts.length < 2) { return parts[0] || null; }
    return {across: parts};
  }

  // The part of ``range`` inside ``node``.
  function clipTo(range, node) {
    var clipped = document.createRange();
    clipped.selectNodeContents(node);
    if (node.contains(range.startContainer)) { clipped.setStart(range.startContainer, range.startOffset); }
    if (node.contains(range.endContainer)) { clipped.setEnd(range.endContainer, range.endOffset); }
    return clipped;
  }

  // A selection over a few paragraphs is cited as one quotation per paragraph; over
  // more it is refused (a whole page selected by Ctrl+A is not meant as evidence).
  var MOST_PARAGRAPHS = 3;

  function shorten(words) {
    return words.length > 140 ? words.slice(0, 140) + "…" : words;
  }

  function hideBar() {
    bar.hidden = true;
    chosen = null;
  }

  function showBar(found) {
    // The question is chosen afresh each time the controls appear (not while the
    // student adjusts a selection after choosing one).
    var opening = bar.hidden || controls.hidden;
    bar.hidden = false;
    var names = found.across && found.across.map(function (p) { return "¶" + p.paragraph; }).join(", ");
    if (found.across && found.across.length > MOST_PARAGRAPHS) {
      chosen = null;
      refusal.textContent = msg("cite-across", names);
      refusal.hidden = false;
      selected.hidden = true;
      controls.hidden = true;
      return;
    }
    chosen = found;
    refusal.hidden = true;
    selected.hidden = false;
    controls.hidden = false;
    if (found.across) {
      preview.textContent = found.across.map(function (p) { return shorten(p.words); }).join("” “");
      where.textContent = "(" + msg("cite-split", found.across.length, names) + ")";
    } else {
      preview.textContent = shorten(found.words);
      where.textContent = "(" + found.title + ", ¶" + found.paragraph + ")";
    }
    if (opening) { chooseCurrent(target); }
  }

  // Each part of the selection in turn, stopping at the first refused.
  function citeParts(parts) {
    var chain = Promise.resolve({ok: true});
    parts.forEach(function (part) {
      chain = chain.then(function (last) {
        return last.ok ? citeFor(target, part) : last;
      });
    });
    return chain;
  }

  document.addEventListener("selectionchange", function () {
    var found = selectionNow();
    if (found) {
      showBar(found);
    } else if (!bar.contains(document.activeElement)) {
      var selection = window.getSelection();
      if (!selection || selection.isCollapsed) { return; }
      hideBar();
    }
  });
  cancelButton.addEventListener("click", hideBar);
  bar.addEventListener("keydown", function (event) { if (event.key === "Escape") { hideBar(); } });
  citeButton.addEventListener("click", function () {
    if (!chosen) { return; }
    citeButton.disabled = true;
    citeParts(chosen.across || [chosen]).then(function (result) {
      citeButton.disabled = false;
      if (result.ok) {
        window.getSelection().removeAllRanges();
        hideBar();
      } else {
        where.textContent = result.message;
      }
    });
  });

  // --- each paragraph's Cite control: its sentences as a list ----------------------

  var lang = document.documentElement.lang || "en";

  function sentencesIn(text) {
    return window.portalSentences.split(text, lang);
  }

  // The paragraph's sentences, block by block (a paragraph may hold several).
  function sentencesOf(original) {
    var blocks = Array.prototype.filter.call(original.querySelectorAll("p, li"), function (block) {
      return !block.querySelector("p, li") && !block.closest(".gloss-pop");
    });
    if (!blocks.length) { blocks = [original]; }
    var out = [];
    blocks.forEach(function (block) { out = out.concat(sentencesIn(plainText(block))); });
    return out;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  // Ticked sentences, in runs that follow each other in one version: one citation
  // per run, each with the language it is in ("" for the original).
  function runsOf(boxes, sentences) {
    var runs = [];
    var run = null;
    boxes.forEach(function (box, i) {
      var sentence = sentences[i];
      if (box.checked) {
        if (!run || run.language !== sentence.language) {
          run = {language: sentence.language, words: []};
          runs.push(run);
        }
        run.words.push(sentence.text);
      } else {
        run = null;
      }
    });
    return runs.map(function (r) { return {language: r.language, words: r.words.join(" ")}; });
  }

  // The versions a paragraph is cited from: its original, and each translation
  // shown beside it (a translated sentence stands for the same paragraph).
  function versionsOf(found) {
    var versions = [{language: "", node: found.para.querySelector(".para-original"), label: ""}];
    found.para.querySelectorAll(".para-translated").forEach(function (node) {
      var column = node.closest("[data-translation]");
      var reading = node.closest("[data-reading]");
      var shown = !reading.classList.contains("is-enhanced") || column.classList.contains("is-shown");
      if (!shown) { return; }
      var label = column.querySelector(".para-label");
      versions.push({language: node.getAttribute("data-language"), node: node,
                     label: label ? label.textContent.trim() : ""});
    });
    return versions;
  }

  function Picker(found, button) {
    var self = this;
    var id = found.para.id + "-cite";
    this.button = button;
    this.found = found;
    this.sentences = [];
    var root = this.root = element("div", "sentence-picker");
    root.id = id;
    root.setAttribute("role", "group");
    root.setAttribute("aria-labelledby", id + "-title");
    var title = element("p", "sentence-picker-title", msg("picker-title", found.paragraph, found.title));
    title.id = id + "-title";
    root.appendChild(title);
    var versions = versionsOf(found);
    this.boxes = [];
    versions.forEach(function (version) {
      if (versions.length > 1) {
        root.appendChild(element("p", "sentence-picker-version small fw-semibold mb-1", version.label || msg("picker-original")));
      }
      var list = element("ul", "sentence-list list-unstyled");
      list.setAttribute("aria-label", version.label ? version.label + " · " + msg("picker-sentences", found.paragraph) : msg("picker-sentences", found.paragraph));
      sentencesOf(version.node).forEach(function (sentence) {
        var i = self.sentences.length;
        self.sentences.push({text: sentence, language: version.language});
        var item = element("li", "sentence-option");
        var box = element("input", "form-check-input");
        box.type = "checkbox";
        box.id = id + "-s" + (i + 1);
        var label = element("label", "sentence-text", sentence);
        label.setAttribute("for", box.id);
        label.setAttribute("lang", version.node.getAttribute("lang") || lang);
        item.appendChild(box);
        item.appendChild(label);
        list.appendChild(item);
        self.boxes.push(box);
      });
      root.appendChild(list);
    });
    var row = element("div", "sentence-picker-actions");
    var addTo = element("label", "form-label mb-0", msg("picker-add-to"));
    this.select = target.cloneNode(true);
    this.select.id = id + "-target";
    this.select.removeAttribute("data-cite-target");
    addTo.setAttribute("for", this.select.id);
    var cite = element("button", "btn btn-primary btn-sm", msg("picker-cite"));
    cite.type = "button";
    var close = element("button", "btn btn-outline-secondary btn-sm", msg("picker-close"));
    close.type = "button";
    [addTo, this.select, cite, close].forEach(function (node) { row.appendChild(node); });
    root.appendChild(row);
    this.message = element("p", "sentence-picker-message mb-0");
    this.message.setAttribute("role", "alert");
    root.appendChild(this.message);

    cite.addEventListener("click", function () { self.cite(null); });
    close.addEventListener("click", function () { self.close(); });
    root.addEventListener("keydown", function (event) { self.key(event); });
    found.para.insertAdjacentElement("afterend", root);
  }

  Picker.prototype.key = function (event) {
    var at = this.boxes.indexOf(event.target);
    if (event.key === "Escape") {
      event.preventDefault();
      this.close();
    } else if (at >= 0 && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
      event.preventDefault();
      var next = this.boxes[at + (event.key === "ArrowDown" ? 1 : -1)];
      if (next) { next.focus(); }
    } else if (at >= 0 && event.key === "Enter") {
      event.preventDefault();
      this.cite(at);
    }
  };

  // Cite the ticked sentences (or, with none ticked, sentence ``at``).
  Picker.prototype.cite = function (at) {
    var self = this;
    var runs = runsOf(this.boxes, this.sentences);
    if (!runs.length && at !== null) {
      runs = [{language: this.sentences[at].language, words: this.sentences[at].text}];
    }
    if (!runs.length) {
      this.say(msg("picker-none"));
      return;
    }
    this.say("");
    var found = this.found;
    var chain = Promise.resolve({ok: true});
    runs.forEach(function (run) {
      chain = chain.then(function (last) {
        if (!last.ok) { return last; }
        return citeFor(self.select, {excerpt: found.excerpt, paragraph: found.paragraph,
                                     words: run.words, language: run.language});
      });
    });
    chain.then(function (result) {
      if (result.ok) {
        self.close(true);
      } else {
        self.say(result.message);
      }
    });
  };

  Picker.prototype.say = function (text) {
    this.message.textContent = text;
  };

  Picker.prototype.open = function () {
    this.root.hidden = false;
    this.boxes.forEach(function (box) { box.checked = false; });
    this.say("");
    chooseCurrent(this.select);
    this.button.setAttribute("aria-expanded", "true");
    if (this.boxes[0]) { this.boxes[0].focus(); }
  };

  // ``done``: a citation was made and the focus has gone to the answer box.
  Picker.prototype.close = function (done) {
    this.root.hidden = true;
    this.button.setAttribute("aria-expanded", "false");
    if (!done) { this.button.focus(); }
  };

  // Beside each paragraph's number, its Cite button (in place of the number's link,
  // so it costs no extra key press).
  readPane.querySelectorAll(".para").forEach(function (para) {
    var link = para.querySelector(".para-num");
    var found = paragraphOf(para.querySelector(".para-original"));
    if (!link || !found) { return; }
    var side = element("div", "para-side");
    side.appendChild(element("span", "para-num", found.paragraph));
    var button = element("button", "para-cite", msg("para-cite"));
    button.type = "button";
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-label", msg("para-cite-name", found.paragraph));
    side.appendChild(button);
    link.replaceWith(side);
    var picker = null;
    button.addEventListener("click", function () {
      if (picker && !picker.root.hidden) { picker.close(); return; }
      // Made afresh each time: it lists the translations shown at that moment.
      if (picker) { picker.root.remove(); }
      picker = new Picker(found, button);
      button.setAttribute("aria-controls", picker.root.id);
      picker.open();
    });
  });

  // --- from a citation to its paragraph, and back ----------------------------------

  // A citation's ¶ link leads to its paragraph (workspace.js shows the reading
  // pane); a "Back to your answer" button then waits under the paragraph, focused,
  // and one press returns to the citation.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-show-paragraph]");
    var para = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!para) { return; }
    var holder = para.nextElementSibling;
    if (!holder || !holder.classList.contains("para-back")) {
      holder = element("div", "para-back");
      var button = element("button", "btn btn-sm btn-outline-secondary", msg("para-back"));
      button.type = "button";
      holder.appendChild(button);
      para.insertAdjacentElement("afterend", holder);
    }
    var back = holder.querySelector("button");
    holder.hidden = false;
    back.onclick = function () {
      holder.hidden = true;
      document.dispatchEvent(new CustomEvent("workspace:show", {detail: {pane: "answer"}}));
      link.scrollIntoView({block: "center"});
      link.focus({preventScroll: true});
    };
    // After the browser has followed the link to the paragraph.
    window.setTimeout(function () { back.focus({preventScroll: true}); }, 0);
  });
})();
