// A paragraph's sentences, for citing from the keyboard (static/js/citing.js).
// Intl.Segmenter ends a sentence at every full stop followed by a capital, so
// "Franklin D. Roosevelt", "the U.S. Government" and "Mr. Hopkins" would each be cut
// in two; a piece ending with an initial, a run of initials or a title is joined to
// the one after it. A real sentence ending in "U.S." is then cited with the next one,
// which the server still verifies; a sentence cut in half could not be cited whole.
(function () {
  "use strict";

  // The last word of a piece that does not end a sentence: one capital ("D."), capitals
  // with stops ("U.S.", "U.S.S.R."), or a title or short form written before a name
  // or number.
  var NOT_AN_END = new RegExp(
    "(?:^|[\\s(\"“‘'])(?:" +
      "[A-Z]\\." +
      "|(?:[A-Z]\\.){2,}" +
      "|(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Sra|Gen|Adm|Col|Capt|Lt|Sgt|Gov|Sen|Rep|Pres|Prof|Rev|Hon|No|Vol|pp|vs|ca|cf)\\." +
      ")$"
  );

  function rough(text) {
    return (text.match(/[^.!?]+(?:[.!?]+["”’)\]]*|$)/g) || []);
  }

  function split(text, lang) {
    var pieces;
    if (window.Intl && window.Intl.Segmenter) {
      var segmenter = new window.Intl.Segmenter(lang || "en", {granularity: "sentence"});
      pieces = Array.from(segmenter.segment(text), function (s) { return s.segment; });
    } else {
      pieces = rough(text);
    }
    var out = [];
    var carry = "";
    pieces.forEach(function (piece) {
      var joined = carry + piece;
      if (NOT_AN_END.test(joined.trim())) {
        carry = joined;
      } else {
        carry = "";
        if (joined.trim()) { out.push(joined.trim()); }
      }
    });
    if (carry.trim()) { out.push(carry.trim()); }
    return out;
  }

  window.portalSentences = {split: split};
})();
