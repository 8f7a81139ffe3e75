// The assignment page: autosave of every answer (never losing a word), citing a
// selection from an excerpt, and signing in again without leaving the page.
// Without this script the page still works: each answer box is an ordinary form
// (save draft, add a quotation by hand, submit).
(function () {
  "use strict";

  var AUTOSAVE_MS = 20000;
  var RETRY_MS = 5000;
  var summary = document.querySelector("[data-assignment]");
  if (!summary) { return; }
  var assignmentId = summary.getAttribute("data-assignment");
  var studentId = summary.getAttribute("data-student");
  var csrfUrl = summary.getAttribute("data-csrf-url");
  var banner = document.querySelector("[data-signed-out]");
  var announcer = document.querySelector("[data-announcer]");
  var signedOut = false;
  var retryTimer = null;
  var boxes = [];
  var lastFocusedPrompt = null;
  var messages = document.querySelector("[data-messages]");

  // Words come translated from the page; %s takes one value.
  function msg(name, value) {
    var text = (messages && messages.getAttribute("data-" + name)) || name;
    return value === undefined ? text : text.replace("%s", value);
  }

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function setCsrfToken(token) {
    document.querySelectorAll("input[name=csrfmiddlewaretoken]").forEach(function (input) {
      input.value = token;
    });
    document.body.setAttribute("hx-headers", JSON.stringify({"X-CSRFToken": token}));
  }

  function refreshCsrf() {
    return fetch(csrfUrl, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) { return r.json(); })
      .then(function (data) { setCsrfToken(data.token); return data.token; });
  }

  function announce(text) {
    if (!announcer) { return; }
    announcer.textContent = "";
    window.setTimeout(function () { announcer.textContent = text; }, 50);
  }

  // POST a form body; on a stale CSRF token (403 that is not ours) fetch a fresh
  // token and try once more. Resolves with {status, data}.
  function post(url, body, retried) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {"Accept": "application/json", "X-CSRFToken": csrfToken(),
                "X-Requested-With": "fetch"},
      body: body
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      var parse = type.indexOf("application/json") === 0 ? response.json() : Promise.resolve(null);
      return parse.then(function (data) {
        if (response.status === 403 && (!data || data.error !== "forbidden") && !retried) {
          return refreshCsrf().then(function () { return post(url, body, true); });
        }
        return {status: response.status, data: data || {}};
      });
    });
  }

  function showSignedOut(on) {
    signedOut = on;
    if (banner) { banner.hidden = !on; }
    if (on && !retryTimer) {
      retryTimer = window.setInterval(retryAll, RETRY_MS);
    }
    if (!on && retryTimer) {
      window.clearInterval(retryTimer);
      retryTimer = null;
    }
  }

  function retryAll() {
    boxes.forEach(function (box) { if (box.dirty || box.failed) { box.save(); } });
  }

  function storageKey(promptId) {
    return "portal.answer." + studentId + "." + assignmentId + "." + promptId;
  }

  function AnswerBox(form) {
    var self = this;
    this.form = form;
    this.promptId = form.getAttribute("data-prompt");
    this.url = form.getAttribute("data-autosave-url");
    this.area = form.querySelector("textarea[name=text]");
    this.status = form.querySelector("[data-save-status]");
    this.list = form.querySelector("[data-evidence-list]");
    this.revision = parseInt(form.getAttribute("data-revision"), 10) || 0;
    this.dirty = false;
    this.failed = false;
    this.inFlight = null;
    this.again = false;
    this.timer = null;
    this.key = storageKey(this.promptId);

    this.restore();
    this.area.addEventListener("input", function () {
      self.dirty = true;
      self.keepLocal();
      if (!self.timer) {
        self.timer = window.setTimeout(function () { self.timer = null; self.save(); }, AUTOSAVE_MS);
      }
    });
    this.area.addEventListener("blur", function () { if (self.dirty) { self.save(); } });
    this.area.addEventListener("focus", function () { lastFocusedPrompt = self.promptId; });
  }

  AnswerBox.prototype.setStatus = function (text, kind) {
    this.status.textContent = text;
    this.status.classList.toggle("is-error", kind === "error");
    this.status.classList.toggle("is-ok", kind === "ok");
  };

  AnswerBox.prototype.keepLocal = function () {
    try {
      window.localStorage.setItem(this.key, JSON.stringify({
        text: this.area.value, dirty: this.dirty, at: Date.now()
      }));
    } catch (e) { /* storage full or disabled: the server copy still counts */ }
  };

  // Text typed here earlier that never reached the server comes back.
  AnswerBox.prototype.restore = function () {
    var kept = null;
    try { kept = JSON.parse(window.localStorage.getItem(this.key) || "null"); } catch (e) { kept = null; }
    if (kept && kept.dirty && typeof kept.text === "string" && kept.text !== this.area.value) {
      this.area.value = kept.text;
      this.dirty = true;
      this.setStatus(msg("restored"), "");
      var self = this;
      window.setTimeout(function () { self.save(); }, 0);
    }
  };

  // Save the current text. One request at a time per box; typing during a save
  // queues one more. Resolves true once the server holds the current text.
  AnswerBox.prototype.save = function () {
    var self = this;
    if (this.timer) { window.clearTimeout(this.timer); this.timer = null; }
    if (this.inFlight) { this.again = true; return this.inFlight; }
    var text = this.area.value;
    this.revision += 1;
    var body = new URLSearchParams();
    body.set("text", text);
    body.set("revision", String(this.revision));
    this.setStatus(msg("saving"), "");
    this.inFlight = post(this.url, body).then(function (result) {
      var data = result.data;
      if (result.status === 401) {
        self.failed = true;
        self.setStatus(msg("signed-out"), "error");
        showSignedOut(true);
        return false;
      }
      if (result.status === 200 && data.saved === false) {
        // Another tab saved a newer revision: carry on above it with this text.
        self.revision = Math.max(self.revision, data.revision);
        self.again = true;
        return false;
      }
      if (result.status === 200) {
        self.failed = false;
        if (signedOut) { showSignedOut(false); announce(msg("signed-in")); }
        if (self.area.value === text) { self.dirty = false; }
        self.keepLocal();
        self.setStatus(msg("saved", data.saved_at_label), "ok");
        return !self.dirty;
      }
      self.failed = true;
      self.setStatus((data && data.message) ? msg("refused", data.message) :
        msg("server", String(result.status)), "error");
      return false;
    }, function () {
      self.failed = true;
      self.setStatus(msg("offline"), "error");
      if (!retryTimer) { retryTimer = window.setInterval(retryAll, RETRY_MS); }
      return false;
    }).then(function (ok) {
      self.inFlight = null;
      if (self.again && !signedOut) {
        self.again = false;
        return self.save();
      }
      self.again = false;
      return ok;
    });
    return this.inFlight;
  };

  document.querySelectorAll("form[data-answer]").forEach(function (form) {
    boxes.push(new AnswerBox(form));
  });

  // Before any button of an answer form sends the page away, make sure every
  // answer is saved and the form carries a fresh CSRF token; when signed out,
  // stay on the page.
  boxes.forEach(function (box) {
    box.form.addEventListener("submit", function (event) {
      if (box.form.getAttribute("data-sending") === "1") { event.preventDefault(); return; }
      event.preventDefault();
      var submitter = event.submitter;
      box.form.setAttribute("data-sending", "1");
      if (submitter && submitter.hasAttribute("data-submit")) { submitter.disabled = true; }
      var pending = boxes.filter(function (b) { return b.dirty || b.failed; })
        .map(function (b) { return b.save(); });
      Promise.all(pending).then(function (results) {
        if (signedOut || results.indexOf(false) !== -1 && boxes.some(function (b) { return b.failed; })) {
          throw new Error("not saved");
        }
        return refreshCsrf();
      }).then(function () {
        if (submitter && submitter.name) {
          var hidden = document.createElement("input");
          hidden.type = "hidden";
          hidden.name = submitter.name;
          hidden.value = submitter.value;
          box.form.appendChild(hidden);
        }
        boxes.forEach(function (b) { b.dirty = false; b.keepLocal(); });
        HTMLFormElement.prototype.submit.call(box.form);
      }).catch(function () {
        box.form.removeAttribute("data-sending");
        if (submitter) { submitter.disabled = false; }
        announce(msg("not-sent"));
      });
    });
  });

  window.addEventListener("focus", function () { if (signedOut) { retryAll(); } });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && signedOut) { retryAll(); }
  });
  var retryNow = document.querySelector("[data-retry-now]");
  if (retryNow) { retryNow.addEventListener("click", retryAll); }
  window.addEventListener("beforeunload", function (event) {
    var unsaved = boxes.some(function (b) { return b.dirty && b.form.getAttribute("data-sending") !== "1"; });
    if (unsaved) { boxes.forEach(function (b) { b.keepLocal(); }); event.preventDefault(); }
  });

  // --- citing a selection -------------------------------------------------------

  var bar = document.querySelector("[data-cite-bar]");
  var preview = bar && bar.querySelector("[data-cite-preview]");
  var where = bar && bar.querySelector("[data-cite-where]");
  var target = bar && bar.querySelector("[data-cite-target]");
  var citeButton = bar && bar.querySelector("[data-cite-button]");
  var cancelButton = bar && bar.querySelector("[data-cite-cancel]");
  var chosen = null;

  // The words selected, when the selection lies inside one paragraph's original
  // wording; null otherwise. Glossary pop-ups are left out of the words.
  function selectionInParagraph() {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) { return null; }
    var range = selection.getRangeAt(0);
    var node = range.commonAncestorContainer;
    var element = node.nodeType === 1 ? node : node.parentElement;
    var original = element && element.closest(".para-original");
    var para = original && original.closest(".para");
    if (!para || !para.id) { return null; }
    var match = /^ex-(\d+)-p(\d+)$/.exec(para.id);
    if (!match) { return null; }
    var fragment = range.cloneContents();
    fragment.querySelectorAll(".gloss-pop").forEach(function (pop) { pop.remove(); });
    var words = (fragment.textContent || "").replace(/\s+/g, " ").trim();
    if (!words) { return null; }
    var reading = para.closest("[data-reading]");
    var title = reading && reading.querySelector(".reading-title");
    return {excerpt: match[1], paragraph: match[2], words: words,
            title: title ? title.textContent.trim() : ""};
  }

  function hideBar() {
    if (bar) { bar.hidden = true; }
    chosen = null;
  }

  if (bar) {
    document.addEventListener("selectionchange", function () {
      var found = selectionInParagraph();
      if (found) {
        chosen = found;
        preview.textContent = found.words.length > 140 ? found.words.slice(0, 140) + "…" : found.words;
        where.textContent = "(" + found.title + ", ¶" + found.paragraph + ")";
        if (lastFocusedPrompt) { target.value = lastFocusedPrompt; }
        bar.hidden = false;
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
      var option = target.options[target.selectedIndex];
      var box = boxes.filter(function (b) { return b.promptId === option.value; })[0];
      var body = new URLSearchParams();
      body.set("excerpt", chosen.excerpt);
      body.set("paragraph", chosen.paragraph);
      body.set("quotation", chosen.words);
      citeButton.disabled = true;
      post(option.getAttribute("data-url"), body).then(function (result) {
        citeButton.disabled = false;
        if (result.status === 200) {
          if (box && !box.list.querySelector("#citation-" + result.data.id)) {
            var holder = document.createElement("ul");
            holder.innerHTML = result.data.html;  // rendered and escaped by the server
            box.list.appendChild(holder.firstElementChild);
          }
          announce(result.data.message);
          window.getSelection().removeAllRanges();
          hideBar();
          if (box) { box.area.focus(); }
        } else if (result.status === 401) {
          showSignedOut(true);
          announce(msg("cite-signed-out"));
        } else {
          announce(result.data.message || msg("cite-failed"));
          where.textContent = result.data.message || "";
        }
      }, function () {
        citeButton.disabled = false;
        announce(msg("cite-offline"));
      });
    });
  }
})();
