// Read-aloud in the reading view, with the browser's own speech engine
// (speechSynthesis: the voices of the computer or tablet, no network needed).
// Play, Pause/Resume, Stop, a speed, and which version is read (the original, the
// simpler wording or a translation), each with a voice of its language; the
// sentence being read is highlighted (CSS highlight, or the paragraph outlined
// where the browser lacks it). Every control is a button or a list, so the
// keyboard does everything; Escape in the controls stops. Where the browser has no
// speech engine, or no voice for a version's language, the controls say so and
// Play stays off. Without JavaScript the controls stay hidden.
(function () {
  "use strict";

  var gettext = window.gettext || function (text) { return text; };
  var interpolate = window.interpolate || function (text, values) {
    return text.replace(/%s/g, function () { return values.shift(); });
  };
  var VOICE_WAIT_MS = 1500;
  var playing = null;  // the one player speaking now (one voice on the page at a time)

  function engine() { return window.speechSynthesis || null; }

  // Voices arrive late in some browsers (the "voiceschanged" event): wait a little.
  function voicesReady() {
    var speech = engine();
    if (!speech) { return Promise.resolve([]); }
    var now = speech.getVoices() || [];
    if (now.length) { return Promise.resolve(now); }
    return new Promise(function (resolve) {
      var done = false;
      function finish() {
        if (done) { return; }
        done = true;
        resolve(speech.getVoices() || []);
      }
      if (speech.addEventListener) { speech.addEventListener("voiceschanged", finish); }
      window.setTimeout(finish, VOICE_WAIT_MS);
    });
  }

  // A voice of ``lang`` ("es" matches "es-MX"), one on this device first (it works
  // with no Internet connection).
  function voiceFor(voices, lang) {
    var want = (lang || "").toLowerCase();
    var base = want.split("-")[0];
    var matching = voices.filter(function (v) {
      var have = (v.lang || "").toLowerCase().replace("_", "-");
      return have === want || have.split("-")[0] === base;
    });
    matching.sort(function (a, b) {
      var exactA = (a.lang || "").toLowerCase() === want ? 0 : 1;
      var exactB = (b.lang || "").toLowerCase() === want ? 0 : 1;
      return (a.localService ? 0 : 2) + exactA - ((b.localService ? 0 : 2) + exactB);
    });
    return matching[0] || null;
  }

  function languageName(lang) {
    try {
      var names = new Intl.DisplayNames([document.documentElement.lang || "en"], {type: "language"});
      return names.of(lang) || lang;
    } catch (e) {
      return lang;
    }
  }

  function segmenterFor(lang) {
    if (window.Intl && window.Intl.Segmenter) {
      return new window.Intl.Segmenter(lang, {granularity: "sentence"});
    }
    return null;
  }

  // Sentences of one block (a paragraph's <p> or <li>) as {text, range}: the range
  // covers the sentence's words in the page, for the highlight.
  function sentencesOfBlock(block, lang) {
    var nodes = [];
    var text = "";
    var walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        return node.parentElement && node.parentElement.closest(".gloss-pop") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    while (walker.nextNode()) {
      nodes.push({node: walker.currentNode, start: text.length});
      text += walker.currentNode.data;
    }
    var pieces = [];
    var segmenter = segmenterFor(lang);
    if (segmenter) {
      Array.from(segmenter.segment(text)).forEach(function (s) {
        pieces.push({start: s.index, end: s.index + s.segment.length});
      });
    } else {
      var re = /[^.!?]+(?:[.!?]+["”’»)\]]*|$)/g;
      var m;
      while ((m = re.exec(text)) !== null && m[0]) { pieces.push({start: m.index, end: m.index + m[0].length}); }
    }
    function at(offset, isEnd) {
      for (var i = 0; i < nodes.length; i += 1) {
        var item = nodes[i];
        var end = item.start + item.node.data.length;
        if (offset < end || (isEnd && offset === end)) {
          return {node: item.node, offset: offset - item.start};
        }
      }
      var last = nodes[nodes.length - 1];
      return {node: last.node, offset: last.node.data.length};
    }
    return pieces.map(function (p) {
      var words = text.slice(p.start, p.end);
      if (!words.trim()) { return null; }
      var lead = words.length - words.replace(/^\s+/, "").length;
      var trail = words.length - words.replace(/\s+$/, "").length;
      var range = document.createRange();
      var from = at(p.start + lead, false);
      var to = at(p.end - trail, true);
      range.setStart(from.node, from.offset);
      range.setEnd(to.node, to.offset);
      return {text: words.trim().replace(/\s+/g, " "), range: range};
    }).filter(Boolean);
  }

  function Player(reading) {
    this.reading = reading;
    this.box = reading.querySelector("[data-read-aloud]");
    this.toggle = reading.querySelector("[data-read-aloud-toggle]");
    this.version = this.box.querySelector("[data-read-aloud-version]");
    this.play = this.box.querySelector("[data-read-aloud-play]");
    this.stopButton = this.box.querySelector("[data-read-aloud-stop]");
    this.speed = this.box.querySelector("[data-read-aloud-speed]");
    this.status = this.box.querySelector("[data-read-aloud-status]");
    this.state = "stopped";  // stopped | playing | paused
    this.queue = [];
    this.at = 0;
    this.voices = [];
    this.bind();
  }

  Player.prototype.bind = function () {
    var self = this;
    this.box.hidden = this.box.hasAttribute("data-closed");
    this.toggle.addEventListener("click", function () {
      var open = self.box.hidden;
      self.box.hidden = !open;
      self.toggle.setAttribute("aria-expanded", open ? "true" : "false");
      if (open) { self.version.focus(); } else { self.stop(); }
    });
    this.play.addEventListener("click", function () { self.pressPlay(); });
    this.stopButton.addEventListener("click", function () { self.stop(); self.say(gettext("Stopped.")); });
    this.speed.addEventListener("change", function () {
      if (self.state === "playing") { self.speakCurrent(); }
    });
    this.version.addEventListener("change", function () {
      self.stop();
      self.checkVoice();
    });
    this.box.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && self.state !== "stopped") {
        event.preventDefault();
        self.stop();
        self.say(gettext("Stopped."));
      }
    });
    if (!engine() || !window.SpeechSynthesisUtterance) {
      this.unavailable(gettext("This browser cannot read aloud. A screen reader, or another browser, can read the text instead."));
      return;
    }
    this.play.disabled = true;
    voicesReady().then(function (voices) {
      self.voices = voices;
      if (!voices.length) {
        self.unavailable(gettext("No voices for reading aloud are installed on this device. A screen reader, or a device with voices, can read the text instead."));
        return;
      }
      self.checkVoice();
    });
  };

  Player.prototype.unavailable = function (why) {
    this.play.disabled = true;
    this.stopButton.disabled = true;
    this.box.setAttribute("data-state", "unavailable");
    this.say(why, true);
  };

  Player.prototype.say = function (text, problem) {
    // The same words again are not announced again (each sentence of a paragraph).
    if (this.status.textContent !== text) { this.status.textContent = text; }
    this.status.classList.toggle("is-problem", !!problem);
  };

  Player.prototype.chosen = function () {
    var option = this.version.options[this.version.selectedIndex];
    return {key: option.value, lang: option.getAttribute("data-lang") || "en"};
  };

  Player.prototype.checkVoice = function () {
    var lang = this.chosen().lang;
    this.voice = voiceFor(this.voices, lang);
    if (!this.voice) {
      this.play.disabled = true;
      this.say(interpolate(gettext("No %s voice is installed on this device, so this version cannot be read aloud here."), [languageName(lang)]), true);
      return false;
    }
    this.play.disabled = false;
    this.say("");
    return true;
  };

  // The paragraphs of the chosen version, shown beside the original if hidden.
  Player.prototype.texts = function () {
    var key = this.chosen().key;
    var reading = this.reading;
    if (key === "original") { return reading.querySelectorAll(".para-original"); }
    if (key === "adapted") {
      var adaptedToggle = reading.querySelector("[data-adapted-toggle]");
      if (adaptedToggle && adaptedToggle.getAttribute("aria-pressed") !== "true") { adaptedToggle.click(); }
      return reading.querySelectorAll(".para-adapted-text");
    }
    var toggle = reading.querySelector("[data-translation-toggle='" + key + "']");
    if (toggle && toggle.getAttribute("aria-pressed") !== "true") { toggle.click(); }
    return reading.querySelectorAll(".para-translated[data-language='" + key + "']");
  };

  Player.prototype.build = function () {
    var lang = this.chosen().lang;
    var queue = [];
    Array.prototype.forEach.call(this.texts(), function (container) {
      var para = container.closest(".para");
      var blocks = Array.prototype.filter.call(container.querySelectorAll("p, li"), function (b) {
        return !b.querySelector("p, li") && !b.closest(".gloss-pop");
      });
      if (!blocks.length) { blocks = [container]; }
      blocks.forEach(function (block) {
        sentencesOfBlock(block, lang).forEach(function (s) {
          s.para = para;
          queue.push(s);
        });
      });
    });
    return queue;
  };

  Player.prototype.pressPlay = function () {
    if (this.state === "playing") {
      this.pause();
    } else if (this.state === "paused") {
      this.resume();
    } else {
      this.start();
    }
  };

  Player.prototype.start = function () {
    if (!this.checkVoice()) { return; }
    if (playing && playing !== this) { playing.stop(); }
    playing = this;
    this.queue = this.build();
    this.at = 0;
    if (!this.queue.length) { this.say(gettext("There is nothing to read in this version.")); return; }
    this.setState("playing");
    this.speakCurrent();
  };

  // Pausing stops the voice and keeps the place; Resume says the sentence again
  // from its start (a sentence cut in the middle is hard to follow).
  Player.prototype.pause = function () {
    this.setState("paused");
    this.generation += 1;
    engine().cancel();
    this.say(interpolate(gettext("Paused at paragraph %s."), [this.paraNumber()]));
  };

  Player.prototype.resume = function () {
    if (playing && playing !== this) { playing.stop(); }
    playing = this;
    this.setState("playing");
    this.speakCurrent();
  };

  Player.prototype.stop = function () {
    if (this.state === "stopped") { return; }
    this.generation += 1;
    this.setState("stopped");
    var speech = engine();
    if (speech) { speech.cancel(); }
    this.mark(null);
    if (playing === this) { playing = null; }
  };

  Player.prototype.setState = function (state) {
    this.state = state;
    this.box.setAttribute("data-state", state);
    this.play.textContent = state === "playing" ? gettext("Pause") : (state === "paused" ? gettext("Resume") : gettext("Play"));
    this.stopButton.disabled = state === "stopped";
    this.version.disabled = state === "playing";
  };

  Player.prototype.paraNumber = function () {
    var item = this.queue[this.at];
    var match = item && item.para && /-p(\d+)$/.exec(item.para.id);
    return match ? match[1] : "";
  };

  Player.prototype.mark = function (item) {
    this.reading.querySelectorAll(".para.is-reading-aloud").forEach(function (p) { p.classList.remove("is-reading-aloud"); });
    var highlights = window.CSS && window.CSS.highlights;
    if (highlights) { highlights.delete("read-aloud"); }
    if (!item) { return; }
    if (item.para) { item.para.classList.add("is-reading-aloud"); }
    if (highlights && window.Highlight) { highlights.set("read-aloud", new window.Highlight(item.range)); }
    var box = item.range.getBoundingClientRect();
    if (box.top < 0 || box.bottom > window.innerHeight) {
      (item.para || item.range.startContainer.parentElement).scrollIntoView({block: "center"});
    }
  };

  Player.prototype.generation = 0;

  Player.prototype.speakCurrent = function () {
    var self = this;
    var speech = engine();
    var item = this.queue[this.at];
    this.generation += 1;
    var mine = this.generation;
    speech.cancel();
    if (!item) {
      this.stop();
      this.say(gettext("Finished reading."));
      return;
    }
    var utterance = new window.SpeechSynthesisUtterance(item.text);
    utterance.lang = this.chosen().lang;
    utterance.voice = this.voice;
    utterance.rate = parseFloat(this.speed.value) || 1;
    utterance.onstart = function () {
      if (mine !== self.generation) { return; }
      self.mark(item);
      self.say(interpolate(gettext("Reading paragraph %s."), [self.paraNumber()]));
    };
    utterance.onend = function () {
      if (mine !== self.generation || self.state !== "playing") { return; }
      self.at += 1;
      self.speakCurrent();
    };
    utterance.onerror = function (event) {
      if (mine !== self.generation || event.error === "interrupted" || event.error === "canceled") { return; }
      self.stop();
      self.say(gettext("The voice stopped with an error. Press Play to try again."), true);
    };
    this.mark(item);
    speech.speak(utterance);
  };

  function init(root) {
    root.querySelectorAll("[data-reading]").forEach(function (reading) {
      if (!reading.querySelector("[data-read-aloud]") || reading.readAloud) { return; }
      reading.readAloud = new Player(reading);
    });
  }

  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:afterSwap", function (event) { init(event.detail.target); });
  // Leaving the page stops the voice (some browsers keep speaking otherwise).
  window.addEventListener("pagehide", function () { if (playing) { playing.stop(); } });
})();
