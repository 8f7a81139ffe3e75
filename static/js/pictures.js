// The picture viewer of an image excerpt: zoom and pan with the mouse (Ctrl + wheel,
// drag), touch (pinch, drag once zoomed) and the keyboard (the buttons, or on the
// focused picture: + and - zoom, arrow keys look around, 0 fits it again). Panzoom
// (npm @panzoom/panzoom, served by the portal) moves the picture; this file adds the
// keyboard, the buttons and the spoken zoom level. Without JavaScript the picture
// is shown whole, with a link to the full-size file.
(function () {
  "use strict";

  // The zoom levels the buttons and keys step through (a wheel or a pinch may stop
  // anywhere between them).
  var LEVELS = [1, 1.5, 2, 3, 4, 6, 8];
  var MAX_SCALE = LEVELS[LEVELS.length - 1];
  var PAN_PIXELS = 60;

  function label(template, percent) {
    return (template || "{percent}%").replace("{percent}", String(percent));
  }

  function setUp(figure) {
    var frame = figure.querySelector("[data-picture-frame]");
    var stage = figure.querySelector("[data-picture-stage]");
    var tools = figure.querySelector("[data-picture-tools]");
    var status = figure.querySelector("[data-picture-zoom]");
    if (!frame || !stage || typeof window.Panzoom !== "function") { return null; }
    if (figure.pictureViewer) { return figure.pictureViewer; }

    var zoom = window.Panzoom(stage, {
      maxScale: MAX_SCALE,
      minScale: 1,
      step: 0.3,
      contain: "outside",
      cursor: "grab",
      // At full size the page scrolls under a finger; zoomed in, a finger pans.
      touchAction: "pan-x pan-y"
    });
    frame.tabIndex = 0;
    frame.setAttribute("role", "group");
    frame.setAttribute("aria-label", frame.getAttribute("data-label") || "");
    if (tools) { tools.hidden = false; }
    var buttons = {};
    figure.querySelectorAll("[data-zoom]").forEach(function (button) {
      buttons[button.getAttribute("data-zoom")] = button;
    });

    function update() {
      var scale = zoom.getScale();
      var percent = Math.round(scale * 100);
      if (status) { status.textContent = label(status.getAttribute("data-label"), percent); }
      var zoomed = scale > 1.001;
      stage.style.touchAction = zoomed ? "none" : "pan-x pan-y";
      figure.classList.toggle("is-zoomed", zoomed);
      if (buttons.out) { buttons.out.disabled = !zoomed; }
      if (buttons.reset) { buttons.reset.disabled = !zoomed; }
      if (buttons["in"]) { buttons["in"].disabled = scale >= MAX_SCALE - 0.001; }
    }

    function fit() { zoom.reset({ animate: false }); }

    function panBy(dx, dy) {
      // Panzoom pans in the picture's own pixels: divide so a key press moves the
      // view the same distance on screen at any zoom.
      var scale = zoom.getScale();
      zoom.pan(dx / scale, dy / scale, { relative: true, animate: false });
    }

    function step(direction) {
      var scale = zoom.getScale();
      var levels = direction > 0 ? LEVELS : LEVELS.slice().reverse();
      var next = levels.find(function (level) {
        return direction > 0 ? level > scale + 0.001 : level < scale - 0.001;
      });
      if (next !== undefined) { zoom.zoom(next, { animate: false }); }
    }

    var actions = {
      "in": function () { step(1); },
      out: function () { step(-1); },
      reset: fit
    };
    Object.keys(buttons).forEach(function (name) {
      buttons[name].addEventListener("click", function () { actions[name](); });
    });

    var keys = {
      "+": actions["in"], "=": actions["in"], "-": actions.out, "_": actions.out,
      "0": fit,
      ArrowLeft: function () { panBy(PAN_PIXELS, 0); },
      ArrowRight: function () { panBy(-PAN_PIXELS, 0); },
      ArrowUp: function () { panBy(0, PAN_PIXELS); },
      ArrowDown: function () { panBy(0, -PAN_PIXELS); }
    };
    frame.addEventListener("keydown", function (event) {
      if (event.target !== frame || event.altKey || event.ctrlKey || event.metaKey) { return; }
      if (figure.classList.contains("is-marking")) { return; }  // the region has the keys
      var action = keys[event.key];
      if (!action) { return; }
      event.preventDefault();
      action();
    });
    // The wheel scrolls the page; with Ctrl (or a trackpad pinch) it zooms.
    frame.addEventListener("wheel", function (event) {
      if (event.ctrlKey || event.metaKey) { zoom.zoomWithWheel(event); }
    }, { passive: false });
    stage.addEventListener("panzoomchange", update);
    update();

    figure.pictureViewer = {
      zoom: zoom,
      frame: frame,
      stage: stage,
      figure: figure,
      update: update,
      fit: fit
    };
    return figure.pictureViewer;
  }

  window.portalPictures = { setUp: setUp };

  function setUpAll(root) {
    (root || document).querySelectorAll("[data-picture]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { setUpAll(); });
  } else {
    setUpAll();
  }
  document.addEventListener("htmx:afterSettle", function (event) { setUpAll(event.target); });
})();
