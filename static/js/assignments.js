// The assignment page: autosave of every answer (never losing a word), citing a
// selection from an excerpt, and signing in again without leaving the page.
// Without this script the page still works: each answer box is an ordinary form
// (save draft, add a quotation by hand, submit).
(function () {
  "use strict";

  // Autosave once typing pauses this long, and at the latest this long after the
  // first unsaved key (someone typing without a pause).
  var PAUSE_MS = 2500;
  var LONGEST_MS = 20000;
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

  // Words come translated from the page; each %s takes the next value.
  function msg(name) {
    var text = (messages && messages.getAttribute("data-" + name)) || name;
    for (var i = 1; i < arguments.length; i++) { text = text.replace("%s", arguments[i]); }
    return text;
  }

  // Numbers as the page's language writes them (20.000 in Spanish), not the browser's.
  function number(n) {
    try { return n.toLocaleString(document.documentElement.lang || undefined); }
    catch (e) { return n.toLocaleString(); }
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

  // POST a form body (with whose page this is, so a save never lands in the answer
  // of whoever signed in since). On a 403 that is not one of ours (a stale CSRF
  // token) fetch a fresh token and try once more. Resolves with {status, data,
  // json}: ``json`` is false when the answer was not JSON (a sign-in page, a proxy's
  // error page), which never counts as saved.
  function post(url, body, retried) {
    body.set("student", studentId);
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {"Accept": "application/json", "X-CSRFToken": csrfToken(),
                "X-Requested-With": "fetch"},
      body: body
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      var isJson = type.indexOf("application/json") === 0;
      var parse = isJson ? response.json().catch(function () { isJson = false; return null; })
                         : Promise.resolve(null);
      return parse.then(function (data) {
        var ours = data && (data.error === "forbidden" || data.error === "password_change_required");
        if (response.status === 403 && !ours && !retried) {
          return refreshCsrf().then(function () { return post(url, body, true); });
        }
        return {status: response.status, data: data || {}, json: isJson && !!data};
      });
    });
  }

  function startRetrying() {
    if (!retryTimer) { retryTimer = window.setInterval(retryAll, RETRY_MS); }
  }

  function showSignedOut(on) {
    signedOut = on;
    if (banner) { banner.hidden = !on; }
    if (on) { startRetrying(); }
  }

  function retryAll() {
    var waiting = boxes.filter(function (box) { return box.failed; });
    if (!waiting.length && !signedOut && retryTimer) {
      window.clearInterval(retryTimer);
      retryTimer = null;
    }
    boxes.forEach(function (box) { if ((box.dirty || box.failed) && !box.conflict) { box.save(); } });
  }

  function storagePrefix() {
    return "portal.answer." + studentId + ".";
  }

  function storageKey(promptId) {
    return storagePrefix() + assignmentId + "." + promptId;
  }

  // Every copy this student's pages kept in this browser (signing out).
  function clearCopies() {
    try {
      var doomed = [];
      for (var i = 0; i < window.localStorage.length; i++) {
        var key = window.localStorage.key(i);
        if (key && key.indexOf(storagePrefix()) === 0) { doomed.push(key); }
      }
      doomed.forEach(function (key) { window.localStorage.removeItem(key); });
    } catch (e) { /* storage disabled: nothing was kept */ }
  }

  function AnswerBox(form) {
    var self = this;
    this.form = form;
    this.promptId = form.getAttribute("data-prompt");
    this.url = form.getAttribute("data-autosave-url");
    this.area = form.querySelector("textarea[name=text]");
    this.status = form.querySelector("[data-save-status]");
    this.list = form.querySelector("[data-evidence-list]");
    this.state = form.querySelector("[data-answer-state]");
    this.revisionField = form.querySelector("[data-revision-field]");
    this.counter = form.querySelector("[data-char-count]");
    this.counterAlert = form.querySelector("[data-char-alert]");
    this.maxChars = this.counter ? parseInt(this.counter.getAttribute("data-max-chars"), 10) : 0;
    this.countLevel = null;
    this.offerBox = form.querySelector("[data-offer]");
    // The revision of the text the server holds, as far as this page knows: each
    // save asks for the next one, and is refused when the server moved on.
    this.revision = parseInt(form.getAttribute("data-revision"), 10) || 0;
    this.dirty = false;
    this.failed = false;
    this.conflict = false;
    this.inFlight = null;
    this.again = false;
    this.timer = null;
    this.typingSince = null;
    this.key = storageKey(this.promptId);

    this.restore();
    this.count();
    this.area.addEventListener("input", function () {
      self.dirty = true;
      self.keepLocal();
      self.count();
      if (self.conflict) { return; }
      if (!self.typingSince) { self.typingSince = Date.now(); }
      if (self.timer) { window.clearTimeout(self.timer); }
      var wait = Math.min(PAUSE_MS, Math.max(0, self.typingSince + LONGEST_MS - Date.now()));
      self.timer = window.setTimeout(function () { self.timer = null; self.save(); }, wait);
    });
    this.area.addEventListener("blur", function () { if (self.dirty && !self.conflict) { self.save(); } });
    this.area.addEventListener("focus", function () { lastFocusedPrompt = self.promptId; });
  }

  // The text box was given another text than the one typed in it (a copy put
  // back, the saved answer chosen): an essay's box shows it in its fields.
  AnswerBox.prototype.replaced = function () {
    this.area.dispatchEvent(new CustomEvent("answer:replaced"));
  };

  AnswerBox.prototype.setStatus = function (text, kind) {
    this.status.textContent = text;
    this.status.classList.toggle("is-error", kind === "error");
    this.status.classList.toggle("is-ok", kind === "ok");
  };

  // The live count of characters, announced to screen readers only near the limit
  // (and once over it), not at every key.
  AnswerBox.prototype.count = function () {
    if (!this.counter || !this.maxChars) { return; }
    var n = this.area.value.length;
    var left = this.maxChars - n;
    this.counter.textContent = msg("count", number(n), number(this.maxChars));
    this.counter.classList.toggle("is-near", left >= 0 && left <= this.maxChars * 0.1);
    this.counter.classList.toggle("is-over", left < 0);
    var level = null;
    [0.1, 0.05, 0.01].forEach(function (share) {
      if (left <= this.maxChars * share) { level = share; }
    }, this);
    if (left < 0) { level = "over"; }
    if (level !== this.countLevel) {
      this.countLevel = level;
      if (this.counterAlert) {
        this.counterAlert.textContent = level === null ? "" :
          level === "over" ? msg("count-over", number(-left)) :
          msg("count-near", number(left));
      }
    }
  };

  AnswerBox.prototype.readLocal = function () {
    try { return JSON.parse(window.localStorage.getItem(this.key) || "null"); } catch (e) { return null; }
  };

  // A copy of the text typed here, with the server revision it was typed over, in
  // case the tab closes before the server has it.
  AnswerBox.prototype.keepLocal = function () {
    try {
      window.localStorage.setItem(this.key, JSON.stringify({
        text: this.area.value, base: this.revision, at: Date.now()
      }));
    } catch (e) { /* storage full or disabled: the server copy still counts */ }
  };

  AnswerBox.prototype.removeLocal = function () {
    try { window.localStorage.removeItem(this.key); } catch (e) { /* nothing kept */ }
  };

  // The server confirmed it holds ``text``: the copy of exactly that text goes.
  AnswerBox.prototype.dropLocal = function (text) {
    var kept = this.readLocal();
    if (!kept || kept.text === text) { this.removeLocal(); }
  };

  // A choice between the text in the box and another one, shown under the box.
  AnswerBox.prototype.offer = function (options) {
    var box = this.offerBox;
    if (!box) { return; }
    var self = this;
    box.querySelector("[data-offer-message]").textContent = options.message;
    var label = box.querySelector("[data-offer-label]");
    var text = box.querySelector("[data-offer-text]");
    text.id = "answer-" + this.promptId + "-other";
    label.setAttribute("for", text.id);
    label.textContent = options.label;
    text.value = options.text;
    var keep = box.querySelector("[data-offer-keep]");
    var other = box.querySelector("[data-offer-other]");
    keep.textContent = options.keep;
    other.textContent = options.other;
    keep.onclick = function () { box.hidden = true; options.onKeep(); self.area.focus(); };
    other.onclick = function () { box.hidden = true; options.onOther(); self.area.focus(); };
    box.hidden = false;
    this.setStatus(options.message, "error");
  };

  // A copy kept in this browser that the server never confirmed comes back by
  // itself only when the server still holds the text it was typed over; when the
  // answer changed since (another device, another tab), the student chooses.
  AnswerBox.prototype.restore = function () {
    var kept = this.readLocal();
    var self = this;
    if (!kept || typeof kept.text !== "string") { return; }
    if (kept.text === this.area.value) { this.dropLocal(kept.text); return; }
    if (kept.base === this.revision) {
      this.area.value = kept.text;
      this.replaced();
      this.dirty = true;
      this.setStatus(msg("restored"), "");
      window.setTimeout(function () { self.save(); }, 0);
      return;
    }
    this.offer({
      message: msg("offer"), label: msg("offer-label"), text: kept.text,
      keep: msg("offer-restore"), other: msg("offer-discard"),
      onKeep: function () {
        self.area.value = kept.text;
        self.replaced();
        self.dirty = true;
        self.count();
        self.save();
      },
      onOther: function () {
        self.removeLocal();
        self.setStatus("", "");
      }
    });
  };

  AnswerBox.prototype.confirmed = function (text, data) {
    this.revision = data.revision;
    if (this.revisionField) { this.revisionField.value = String(data.revision); }
    this.form.setAttribute("data-revision", String(data.revision));
    if (this.state && typeof data.state_html === "string") {
      this.state.innerHTML = data.state_html;  // rendered and escaped by the server
    }
    if (this.area.value === text) { this.dirty = false; this.dropLocal(text); }
  };

  // Save the current text. One request at a time per box; typing during a save
  // queues one more. Resolves true once the server holds the current text.
  AnswerBox.prototype.save = function () {
    var self = this;
    if (this.timer) { window.clearTimeout(this.timer); this.timer = null; }
    this.typingSince = null;
    if (this.inFlight) { this.again = true; return this.inFlight; }
    var text = this.area.value;
    var body = new URLSearchParams();
    body.set("text", text);
    body.set("revision", String(this.revision + 1));
    this.setStatus(msg("saving"), "");
    this.inFlight = post(this.url, body).then(function (result) {
      var data = result.data;
      if (result.status === 200 && result.json && data.saved === true) {
        self.failed = false;
        self.conflict = false;
        if (signedOut) { showSignedOut(false); announce(msg("signed-in")); }
        self.confirmed(text, data);
        self.setStatus(msg("saved", data.saved_at_label), "ok");
        return !self.dirty;
      }
      if (result.status === 200 && result.json && data.saved === false &&
          typeof data.text === "string") {
        // Saved from another tab or device since this page knew: overwrite
        // nothing, show both and let the student choose.
        self.failed = false;
        self.again = false;
        if (data.text === text) {
          self.confirmed(text, data);
          self.setStatus(msg("saved", data.saved_at_label), "ok");
          return true;
        }
        self.conflict = true;
        self.offer({
          message: msg("conflict"), label: msg("conflict-label"), text: data.text,
          keep: msg("conflict-keep"), other: msg("conflict-use"),
          onKeep: function () {
            self.conflict = false;
            self.revision = data.revision;
            self.dirty = true;
            self.keepLocal();
            self.save();
          },
          onOther: function () {
            self.conflict = false;
            self.area.value = data.text;
            self.replaced();
            self.count();
            self.confirmed(data.text, data);
            self.removeLocal();
            self.setStatus(msg("saved", data.saved_at_label), "ok");
          }
        });
        return false;
      }
      if (result.status === 401) {
        self.failed = true;
        self.setStatus(msg("signed-out"), "error");
        showSignedOut(true);
        return false;
      }
      if (result.status === 400 && result.json) {
        // Refused as it stands (too long, say): saved again once the text changes.
        self.failed = false;
        self.setStatus(msg("refused", data.message || ""), "error");
        return false;
      }
      if (result.status === 403 && data.error === "forbidden") {
        self.failed = false;
        self.setStatus(msg("forbidden"), "error");
        return false;
      }
      // Signed in as someone else (409), a password to change first, a stale
      // security token, an answer that is not JSON, a server error: keep the
      // text and try again in a while.
      self.failed = true;
      startRetrying();
      if (result.json && data.message) {
        self.setStatus(msg("refused", data.message), "error");
      } else if (result.status === 403) {
        self.setStatus(msg("csrf"), "error");
      } else if (result.status === 200) {
        self.setStatus(msg("unexpected"), "error");
      } else {
        self.setStatus(msg("server", String(result.status)), "error");
      }
      return false;
    }, function () {
      self.failed = true;
      self.setStatus(msg("offline"), "error");
      startRetrying();
      return false;
    }).then(function (ok) {
      self.inFlight = null;
      if (self.again && !signedOut && !self.conflict) {
        self.again = false;
        return self.save();
      }
      self.again = false;
      return ok;
    });
    return this.inFlight;
  };

  function unsaved() {
    return boxes.filter(function (b) { return b.dirty || b.failed || b.conflict; });
  }

  // What a button came back with (its notice, or the refusal beside its field):
  // brought into view and focused, so it is read out too.
  function focusAnswered(form) {
    var id = form.getAttribute("data-focus");
    var target = id && document.getElementById(id);
    if (!target) { return; }
    document.dispatchEvent(new CustomEvent("workspace:show", {detail: {pane: "answer"}}));
    target.scrollIntoView({block: "center"});
    target.focus({preventScroll: true});
  }

  // Before any button of an answer form sends it, make sure every answer is saved
  // and the form carries a fresh CSRF token; then htmx sends it to the button's
  // own address (formaction) and swaps in the question's form as the server
  // renders it back. When anything could not be saved, or the answer does not
  // come back, nothing is swapped: the text stays where it is.
  function sendForm(box, submitter) {
    var form = box.form;
    form.setAttribute("data-sending", "1");
    if (submitter && submitter.hasAttribute("data-submit")) { submitter.disabled = true; }
    function giveUp() {
      form.removeAttribute("data-sending");
      delete waiting[box.promptId];  // nothing was sent: the press waits for none
      if (submitter) { submitter.disabled = false; }
      announce(msg("not-sent"));
    }
    var pending = unsaved().filter(function (b) { return !b.conflict; })
      .map(function (b) { return b.save(); });
    Promise.all(pending).then(function () {
      if (signedOut || unsaved().length) { throw new Error("not saved"); }
      return refreshCsrf();
    }).then(function () {
      var values = {};
      if (submitter && submitter.name) { values[submitter.name] = submitter.value; }
      return window.htmx.ajax("POST", submitter ? submitter.formAction : form.action, {
        source: form, target: form, swap: "outerHTML", values: values
      });
    }).then(function () {
      if (form.isConnected) { giveUp(); }
    }, giveUp);
  }

  // htmx copies the old elements' style attributes onto the new ones while a swap
  // settles; the page's CSP (no inline style) refuses that, and the form is
  // replaced whole anyway.
  if (window.htmx) {
    window.htmx.config.attributesToSettle = window.htmx.config.attributesToSettle
      .filter(function (name) { return name !== "style"; });
  }

  // The button pressed while its question's form was busy, by question.
  var waiting = {};

  // Press again, in the new form, the button that was pressed while the old one
  // was being sent.
  function pressWaiting(form) {
    var promptId = form.getAttribute("data-prompt");
    var press = waiting[promptId];
    if (!press) { return; }
    delete waiting[promptId];
    var button = Array.prototype.find.call(
      form.querySelectorAll("button[type=submit]"), function (b) {
        return (b.getAttribute("formaction") || "") === press.action &&
          b.hasAttribute("data-submit") === press.submit;
      });
    if (button && !button.disabled) { form.requestSubmit(button); }
  }

  function attach(form) {
    var box = new AnswerBox(form);
    boxes = boxes.filter(function (old) {
      if (old.promptId !== box.promptId) { return true; }
      if (old.timer) { window.clearTimeout(old.timer); }
      return false;
    });
    boxes.push(box);
    form.addEventListener("submit", function (event) {
      if (!window.htmx) { return; }  // the plain form, as without JavaScript
      event.preventDefault();
      if (form.getAttribute("data-sending") === "1") { return; }  // see below
      sendForm(box, event.submitter);
    });
    // One button at a time: a press made while another button of this question is
    // being sent goes next, in the form the server sends back (a Submit pressed
    // during a Save draft must not be lost). Caught before htmx sees the click, so
    // the request already on its way keeps its own button's address.
    form.addEventListener("click", function (event) {
      var pressed = event.target.closest && event.target.closest("button[type=submit]");
      if (!pressed || form.getAttribute("data-sending") !== "1") { return; }
      event.preventDefault();
      event.stopPropagation();
      waiting[box.promptId] = {
        action: pressed.getAttribute("formaction") || "",
        submit: pressed.hasAttribute("data-submit")
      };
    }, true);
    return box;
  }

  document.querySelectorAll("form[data-answer]").forEach(function (form) {
    attach(form);
    focusAnswered(form);
  });
  // A question's form swapped in by htmx after one of its buttons.
  document.body.addEventListener("htmx:load", function (event) {
    var form = event.detail && event.detail.elt;
    if (form && form.matches && form.matches("form[data-answer]")) {
      attach(form);
      focusAnswered(form);
      pressWaiting(form);
    }
  });

  // Signing out from this page: save what is unsaved, then delete this student's
  // copies from the browser (a shared computer). When saving fails, say so and
  // sign out only when asked a second time.
  var leaving = false;
  var signOut = document.querySelector("form[data-sign-out]");
  var signOutWarning = document.querySelector("[data-sign-out-warning]");
  if (signOut) {
    signOut.addEventListener("submit", function (event) {
      if (leaving) { return; }
      var pending = unsaved();
      if (!pending.length || signOut.getAttribute("data-confirmed") === "1") {
        leaving = true;
        clearCopies();
        return;
      }
      event.preventDefault();
      Promise.all(pending.filter(function (b) { return !b.conflict; })
        .map(function (b) { return b.save(); })).then(function () {
        if (!unsaved().length) {
          leaving = true;
          clearCopies();
          HTMLFormElement.prototype.submit.call(signOut);
          return;
        }
        signOut.setAttribute("data-confirmed", "1");
        if (signOutWarning) {
          signOutWarning.hidden = false;
          signOutWarning.focus();
        }
        announce(msg("sign-out-unsaved"));
      });
    });
  }

  // "Submit all answers…": save what is unsaved first, so the summary counts it.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-submit-all]");
    if (!link) { return; }
    var pending = unsaved().filter(function (b) { return !b.conflict; });
    if (!pending.length) { return; }
    event.preventDefault();
    Promise.all(pending.map(function (b) { return b.save(); })).then(function () {
      if (unsaved().length) {
        announce(msg("not-sent"));
        return;
      }
      leaving = true;
      window.location.href = link.href;
    });
  });

  // A source-first lesson's sourcing questions load the page again when sent (the
  // excerpt's text comes with the new page, never before): save every answer
  // first, so no typed word waits on a page that is going away. When something
  // could not be saved, nothing is sent and the text stays (a copy is kept on
  // this device too).
  document.querySelectorAll("form[data-sourcing]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.getAttribute("data-sending") === "1") { return; }
      var pending = unsaved();
      if (!pending.length) { leaving = true; return; }
      event.preventDefault();
      Promise.all(pending.filter(function (b) { return !b.conflict; })
        .map(function (b) { return b.save(); })).then(function () {
        if (unsaved().length) { announce(msg("not-sent")); return; }
        leaving = true;
        form.setAttribute("data-sending", "1");
        HTMLFormElement.prototype.submit.call(form);
      }, function () { announce(msg("not-sent")); });
    });
  });

  // After the sourcing questions came back: the first refusal, or the heading of
  // the text they opened, in view and focused (so it is read out).
  function focusInReading(target, where) {
    if (!target) { return; }
    document.dispatchEvent(new CustomEvent("workspace:show", {detail: {pane: "read"}}));
    target.scrollIntoView({block: where});
    target.focus({preventScroll: true});
  }
  document.querySelectorAll("form[data-sourcing][data-focus]").forEach(function (form) {
    focusInReading(document.getElementById(form.getAttribute("data-focus")), "center");
  });
  var opened = document.querySelector("[data-opened-excerpt]");
  if (opened) {
    opened.setAttribute("tabindex", "-1");
    focusInReading(opened, "start");
  }

  window.addEventListener("focus", function () { if (signedOut) { retryAll(); } });
  // Leaving the tab (another tab, another app, closing): save what is unsaved now.
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState !== "hidden") { return; }
    boxes.forEach(function (b) { if (b.dirty && !b.conflict) { b.save(); } });
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && signedOut) { retryAll(); }
  });
  var retryNow = document.querySelector("[data-retry-now]");
  if (retryNow) { retryNow.addEventListener("click", retryAll); }
  window.addEventListener("beforeunload", function (event) {
    if (leaving) { return; }
    var waiting = boxes.some(function (b) {
      return (b.dirty || b.conflict) && b.form.getAttribute("data-sending") !== "1";
    });
    if (waiting) { event.preventDefault(); }
  });

  // --- the question a citation goes to, and citing ------------------------------

  // The question the student is at: the one they were last in (focus), unless
  // they have scrolled the questions since, then the one most in view.
  var inView = null;
  var focusedAt = 0;
  var scrolledAt = 0;
  var visible = {};

  function promptOfCard(card) {
    var form = card && card.querySelector("form[data-answer]");
    return form ? form.getAttribute("data-prompt") : null;
  }

  document.addEventListener("focusin", function (event) {
    var card = event.target.closest && event.target.closest(".prompt-card");
    var promptId = promptOfCard(card);
    if (promptId) { lastFocusedPrompt = promptId; focusedAt = Date.now(); }
  });
  if ("IntersectionObserver" in window) {
    var observer = new window.IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        visible[promptOfCard(entry.target)] = entry.intersectionRect.height;
      });
      var best = null;
      Object.keys(visible).forEach(function (id) {
        if (visible[id] > 0 && (best === null || visible[id] > visible[best])) { best = id; }
      });
      if (best) { inView = best; }
    }, {threshold: [0, 0.1, 0.25, 0.5, 0.75, 1]});
    document.querySelectorAll(".prompt-card").forEach(function (card) { observer.observe(card); });
  }
  var answerPane = document.querySelector("[data-pane='answer']");
  [answerPane, window].forEach(function (scroller) {
    if (!scroller) { return; }
    scroller.addEventListener("scroll", function () {
      if (scroller === window && answerPane && answerPane.scrollHeight > answerPane.clientHeight) { return; }
      scrolledAt = Date.now();
    }, {passive: true});
  });

  function currentPrompt() {
    if (lastFocusedPrompt && (focusedAt >= scrolledAt || !inView)) { return lastFocusedPrompt; }
    return inView || lastFocusedPrompt || (boxes[0] && boxes[0].promptId);
  }

  // Cite ``words`` of paragraph ``paragraph`` of excerpt ``excerpt`` for the
  // question ``promptId``, through ``url``: the server checks the words are in
  // that paragraph. Resolves {ok, message, signedOut}; on success the quotation is
  // in the question's evidence list and announced.
  function cite(promptId, url, quotation) {
    var body = new URLSearchParams();
    body.set("excerpt", quotation.excerpt);
    body.set("paragraph", quotation.paragraph);
    body.set("quotation", quotation.words);
    if (quotation.language) { body.set("language", quotation.language); }
    return citeWith(promptId, url, body);
  }

  // Send any citation form (a quotation, a region of a picture) for the question
  // ``promptId``; on success the server's evidence item joins the question's list.
  function citeWith(promptId, url, body) {
    var box = boxes.filter(function (b) { return b.promptId === String(promptId); })[0];
    return post(url, body).then(function (result) {
      if (result.status === 200 && result.json && result.data.id) {
        if (box && !box.list.querySelector("#citation-" + result.data.id)) {
          var holder = document.createElement("ul");
          holder.innerHTML = result.data.html;  // rendered and escaped by the server
          box.list.appendChild(holder.firstElementChild);
        }
        announce(result.data.message);
        return {ok: true, message: result.data.message, box: box};
      }
      if (result.status === 401) {
        showSignedOut(true);
        announce(msg("cite-signed-out"));
        return {ok: false, signedOut: true, message: msg("cite-signed-out")};
      }
      var why = (result.json && result.data.message) || msg("cite-failed");
      announce(why);
      return {ok: false, message: why};
    }, function () {
      announce(msg("cite-offline"));
      return {ok: false, message: msg("cite-offline")};
    });
  }

  // For static/js/citing.js (the Cite bar and each paragraph's Cite control).
  window.portalAnswers = {
    cite: cite, citeWith: citeWith, currentPrompt: currentPrompt, msg: msg, announce: announce,
    // The question's answer box, brought into view (its pane shown) and focused.
    focusAnswer: function (promptId) {
      var box = boxes.filter(function (b) { return b.promptId === String(promptId); })[0];
      if (!box) { return; }
      document.dispatchEvent(new CustomEvent("workspace:show", {detail: {pane: "answer"}}));
      // An essay's first box (its thesis) stands for its hidden text box.
      var target = box.form.querySelector("[data-answer-focus]") || box.area;
      target.focus({preventScroll: true});
      target.scrollIntoView({block: "nearest"});
      var last = box.list.lastElementChild;
      if (last) { last.scrollIntoView({block: "nearest"}); }
    }
  };
})();
