// The library's behaviour: copy a citation, and the reading view's tools (text size,
// simpler wording, glossary definitions, print). Everything works without it: the
// tools stay hidden, both wordings show, and the glossary is listed under the text.
(function () {
  "use strict";

  // Words through Django's JavaScript catalogue (base.html loads it first).
  var gettext = window.gettext || function (text) { return text; };
  var SIZE_KEY = "portal.reading.textSize";
  var MIN_SIZE = 0;
  var MAX_SIZE = 4;
  var DEFAULT_SIZE = 1;

  function storedSize() {
    try {
      var value = parseInt(window.localStorage.getItem(SIZE_KEY), 10);
      return isNaN(value) ? DEFAULT_SIZE : Math.min(MAX_SIZE, Math.max(MIN_SIZE, value));
    } catch (e) {
      return DEFAULT_SIZE;
    }
  }

  function storeSize(value) {
    try {
      window.localStorage.setItem(SIZE_KEY, String(value));
    } catch (e) {
      /* private browsing: the size just is not remembered */
    }
  }

  function applySize(value) {
    document.querySelectorAll("[data-reading]").forEach(function (reading) {
      reading.setAttribute("data-size", String(value));
      var down = reading.querySelector('[data-text-size="down"]');
      var up = reading.querySelector('[data-text-size="up"]');
      if (down) { down.disabled = value <= MIN_SIZE; }
      if (up) { up.disabled = value >= MAX_SIZE; }
    });
  }

  function closeDefinition(button) {
    var pop = document.getElementById(button.getAttribute("aria-controls"));
    button.setAttribute("aria-expanded", "false");
    if (pop) { pop.hidden = true; }
  }

  function enhanceGlossary(reading) {
    reading.querySelectorAll("span.gloss-term[data-gloss]").forEach(function (span) {
      var target = span.getAttribute("data-gloss");
      var definition = document.getElementById(target + "-def");
      if (!definition) { return; }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "gloss-term";
      button.textContent = span.textContent;
      var popId = target + "-pop";
      button.setAttribute("aria-expanded", "false");
      button.setAttribute("aria-controls", popId);
      var pop = document.createElement("span");
      pop.className = "gloss-pop";
      pop.id = popId;
      pop.hidden = true;
      var label = document.createElement("strong");
      label.textContent = span.textContent + ":";
      pop.appendChild(label);
      pop.appendChild(document.createTextNode(" " + definition.textContent));
      span.replaceWith(button);
      // Shown after the paragraph's text, so it never splits a sentence.
      var para = button.closest(".para-original") || button.parentNode;
      para.appendChild(pop);
      button.addEventListener("click", function () {
        var open = button.getAttribute("aria-expanded") === "true";
        button.setAttribute("aria-expanded", open ? "false" : "true");
        pop.hidden = open;
      });
      button.addEventListener("keydown", function (event) {
        if (event.key === "Escape") { closeDefinition(button); }
      });
    });
  }

  function enhanceReading(reading) {
    if (reading.classList.contains("is-enhanced")) { return; }
    reading.classList.add("is-enhanced");
    var tools = reading.querySelector("[data-reading-tools]");
    if (tools) { tools.hidden = false; }
    enhanceGlossary(reading);

    reading.querySelectorAll("[data-text-size]").forEach(function (button) {
      button.addEventListener("click", function () {
        var step = button.getAttribute("data-text-size") === "up" ? 1 : -1;
        var next = Math.min(MAX_SIZE, Math.max(MIN_SIZE, storedSize() + step));
        storeSize(next);
        applySize(next);
      });
    });

    // "shows-version": some version is beside the original, so the original's
    // column says it is the original.
    function markShown() {
      reading.classList.toggle("shows-version",
        !!reading.querySelector("[data-adapted-toggle][aria-pressed='true'], [data-translation-toggle][aria-pressed='true']"));
    }

    var toggle = reading.querySelector("[data-adapted-toggle]");
    if (toggle) {
      toggle.addEventListener("click", function () {
        var on = toggle.getAttribute("aria-pressed") !== "true";
        toggle.setAttribute("aria-pressed", on ? "true" : "false");
        reading.classList.toggle("show-adapted", on);
        markShown();
      });
    }

    reading.querySelectorAll("[data-translation-toggle]").forEach(function (button) {
      var language = button.getAttribute("data-translation-toggle");
      button.addEventListener("click", function () {
        var on = button.getAttribute("aria-pressed") !== "true";
        button.setAttribute("aria-pressed", on ? "true" : "false");
        reading.querySelectorAll("[data-translation]").forEach(function (column) {
          if (column.getAttribute("data-translation") === language) {
            column.classList.toggle("is-shown", on);
          }
        });
        markShown();
        reading.dispatchEvent(new CustomEvent("portal:versions", {bubbles: true}));
      });
    });

    var print = reading.querySelector("[data-print]");
    if (print) {
      print.addEventListener("click", function () { window.print(); });
    }
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "visually-hidden";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      area.remove();
      if (ok) { resolve(); } else { reject(new Error("copy refused")); }
    });
  }

  function enhanceCopyButtons(root) {
    root.querySelectorAll("[data-copy]").forEach(function (button) {
      var source = document.getElementById(button.getAttribute("data-copy"));
      if (!source) { return; }
      button.hidden = false;
      button.addEventListener("click", function () {
        var status = document.querySelector("[data-copy-status]");
        var text = source.textContent.trim();
        copyText(text).then(function () {
          if (status) { status.textContent = button.getAttribute("data-copied") || gettext("Copied."); }
        }, function () {
          // Copying was refused: select the text so Ctrl+C (or Cmd+C) copies it.
          var range = document.createRange();
          range.selectNodeContents(source);
          var selection = window.getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
          if (status) { status.textContent = button.getAttribute("data-copy-failed") || gettext("The text is selected: press Ctrl+C (or ⌘C) to copy it."); }
        });
      });
    });
  }

  function init(root) {
    root.querySelectorAll("[data-reading]").forEach(enhanceReading);
    applySize(storedSize());
    enhanceCopyButtons(root);
  }

  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:afterSwap", function (event) { init(event.detail.target); });
})();
