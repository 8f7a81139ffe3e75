// Citing a region of a picture on the assignment page. "Mark a region to cite" (in
// the picture's tools) shows a rectangle over the picture and a panel under it: drag
// on the picture to draw it (mouse or touch), or move it with the arrow keys and
// size it with Shift + arrow keys; say what it shows, choose the question, press
// "Cite region" in the panel under the picture. The rectangle is sent as shares of the picture's width and height
// (the server checks it lies inside the picture); the evidence item comes back
// with a thumbnail of the region. Needs assignments.js (window.portalAnswers).
(function () {
  "use strict";

  var bar = document.querySelector("[data-region-bar]");
  var api = window.portalAnswers;
  var viewers = window.portalPictures;
  if (!bar || !api || !viewers) { return; }

  var STEP = 0.02;
  var MIN = 0.02;
  var description = bar.querySelector("[data-region-description]");
  var target = bar.querySelector("[data-region-target]");
  var where = bar.querySelector("[data-region-where]");
  var refusal = bar.querySelector("[data-region-refusal]");
  var current = null;  // {figure, viewer, mark, box: {left, top, width, height}, button}

  function clamp(value, low, high) { return Math.min(high, Math.max(low, value)); }

  function round(value) { return Math.round(value * 10000) / 10000; }

  function percent(value) { return Math.round(value * 100); }

  function describe(box) {
    return (bar.getAttribute("data-where") || "")
      .replace("{left}", percent(box.left)).replace("{right}", percent(box.left + box.width))
      .replace("{top}", percent(box.top)).replace("{bottom}", percent(box.top + box.height));
  }

  function draw() {
    var box = current.box;
    var style = current.mark.style;
    style.left = (box.left * 100) + "%";
    style.top = (box.top * 100) + "%";
    style.width = (box.width * 100) + "%";
    style.height = (box.height * 100) + "%";
    where.textContent = describe(box);
  }

  function setBox(left, top, width, height) {
    width = clamp(width, MIN, 1);
    height = clamp(height, MIN, 1);
    current.box = {
      left: clamp(left, 0, 1 - width),
      top: clamp(top, 0, 1 - height),
      width: width,
      height: height
    };
    draw();
  }

  function showRefusal(text) {
    refusal.textContent = text || "";
    refusal.hidden = !text;
  }

  function stop(returnFocus) {
    if (!current) { return; }
    var done = current;
    current = null;
    done.mark.remove();
    done.figure.classList.remove("is-marking");
    done.viewer.zoom.setOptions({ disablePan: false });
    done.button.setAttribute("aria-pressed", "false");
    bar.hidden = true;
    showRefusal("");
    if (returnFocus) { done.button.focus(); }
  }

  function pointIn(event) {
    var rect = current.viewer.stage.getBoundingClientRect();
    return {
      x: clamp((event.clientX - rect.left) / rect.width, 0, 1),
      y: clamp((event.clientY - rect.top) / rect.height, 0, 1)
    };
  }

  function startDrawing(event) {
    if (!current || event.button > 0) { return; }
    event.preventDefault();
    event.stopImmediatePropagation();
    var start = pointIn(event);
    var stage = current.viewer.stage;
    stage.setPointerCapture(event.pointerId);
    function move(e) {
      if (!current) { return; }
      var at = pointIn(e);
      setBox(Math.min(start.x, at.x), Math.min(start.y, at.y),
        Math.abs(at.x - start.x), Math.abs(at.y - start.y));
    }
    function end(e) {
      stage.removeEventListener("pointermove", move);
      stage.removeEventListener("pointerup", end);
      stage.removeEventListener("pointercancel", end);
      if (current) { move(e); current.mark.focus({ preventScroll: true }); }
    }
    stage.addEventListener("pointermove", move);
    stage.addEventListener("pointerup", end);
    stage.addEventListener("pointercancel", end);
  }

  function onKey(event) {
    var moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    if (event.key === "Escape") { event.preventDefault(); stop(true); return; }
    var step = moves[event.key];
    if (!step) { return; }
    event.preventDefault();
    var box = current.box;
    if (event.shiftKey) {
      setBox(box.left, box.top, box.width + step[0] * STEP, box.height + step[1] * STEP);
    } else {
      setBox(box.left + step[0] * STEP, box.top + step[1] * STEP, box.width, box.height);
    }
  }

  function start(figure, button) {
    if (current) { stop(false); }
    var viewer = viewers.setUp(figure);
    if (!viewer) { return; }
    viewer.zoom.setOptions({ disablePan: true });
    var mark = document.createElement("div");
    mark.className = "region-mark";
    mark.tabIndex = 0;
    mark.setAttribute("role", "group");
    mark.setAttribute("aria-label", bar.getAttribute("data-mark-label") || "");
    mark.setAttribute("aria-describedby", "region-where");
    mark.addEventListener("keydown", onKey);
    viewer.stage.appendChild(mark);
    current = { figure: figure, viewer: viewer, mark: mark, button: button, box: null };
    figure.classList.add("is-marking");
    button.setAttribute("aria-pressed", "true");
    var promptId = api.currentPrompt();
    if (promptId) { target.value = String(promptId); }
    setBox(0.35, 0.35, 0.3, 0.3);
    // The panel goes right under the picture being marked.
    var frameBox = figure.querySelector(".picture-box") || viewer.frame;
    frameBox.after(bar);
    bar.hidden = false;
    description.value = "";
    showRefusal("");
    mark.focus();
  }

  function send() {
    if (!current) { return; }
    var text = description.value.trim();
    if (!text) {
      showRefusal(bar.getAttribute("data-empty"));
      description.setAttribute("aria-invalid", "true");
      description.setAttribute("aria-describedby", "region-refusal");
      description.focus();
      return;
    }
    description.removeAttribute("aria-invalid");
    var option = target.options[target.selectedIndex];
    var box = current.box;
    var body = new URLSearchParams();
    body.set("excerpt", current.figure.getAttribute("data-excerpt"));
    body.set("left", round(box.left));
    body.set("top", round(box.top));
    body.set("width", round(Math.min(box.width, 1 - round(box.left))));
    body.set("height", round(Math.min(box.height, 1 - round(box.top))));
    body.set("description", text);
    api.citeWith(option.value, option.getAttribute("data-url"), body).then(function (result) {
      if (result.ok) {
        stop(false);
        api.focusAnswer(option.value);
      } else {
        showRefusal(result.message);
      }
    });
  }

  document.querySelectorAll("[data-picture]").forEach(function (figure) {
    var button = figure.querySelector("[data-region-start]");
    if (!button) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      if (current && current.figure === figure) { stop(true); } else { start(figure, button); }
    });
    var stage = figure.querySelector("[data-picture-stage]");
    stage.addEventListener("pointerdown", function (event) {
      if (current && current.figure === figure) { startDrawing(event); }
    }, true);
  });
  bar.querySelector("[data-region-cite]").addEventListener("click", send);
  bar.querySelector("[data-region-cancel]").addEventListener("click", function () { stop(true); });
  description.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { event.preventDefault(); send(); }
  });
})();
