/* "Save a detail": dragging on the picture (mouse, pen or touch) fills in the
   rectangle's four number fields in the picture's own pixels, and the rectangle
   typed in those fields is outlined on the picture. The fields stay the way to
   give it from the keyboard; the server checks whatever is sent. */
(function () {
  "use strict";
  var frame = document.querySelector("[data-detail-frame]");
  if (!frame) { return; }
  var mark = frame.querySelector("[data-detail-mark]");
  var natural = {
    width: Number(frame.getAttribute("data-width")),
    height: Number(frame.getAttribute("data-height"))
  };
  var fields = {};
  ["left", "top", "width", "height"].forEach(function (name) {
    fields[name] = document.getElementById("id_" + name);
  });
  if (!natural.width || !natural.height || !fields.left) { return; }

  function clamp(value, low, high) { return Math.min(high, Math.max(low, value)); }

  function outline() {
    var v = {};
    for (var name in fields) {
      v[name] = Number(fields[name].value);
      if (fields[name].value === "" || !isFinite(v[name])) { mark.hidden = true; return; }
    }
    mark.style.left = (100 * v.left / natural.width) + "%";
    mark.style.top = (100 * v.top / natural.height) + "%";
    mark.style.width = (100 * v.width / natural.width) + "%";
    mark.style.height = (100 * v.height / natural.height) + "%";
    mark.hidden = false;
  }

  function pointIn(event) {
    var rect = frame.getBoundingClientRect();
    return {
      x: clamp((event.clientX - rect.left) / rect.width, 0, 1) * natural.width,
      y: clamp((event.clientY - rect.top) / rect.height, 0, 1) * natural.height
    };
  }

  frame.addEventListener("pointerdown", function (event) {
    if (event.button > 0) { return; }
    event.preventDefault();
    var start = pointIn(event);
    frame.setPointerCapture(event.pointerId);
    function move(e) {
      var at = pointIn(e);
      var left = Math.round(Math.min(start.x, at.x));
      var top = Math.round(Math.min(start.y, at.y));
      fields.left.value = left;
      fields.top.value = top;
      fields.width.value = Math.min(natural.width - left, Math.round(Math.abs(at.x - start.x)));
      fields.height.value = Math.min(natural.height - top, Math.round(Math.abs(at.y - start.y)));
      outline();
    }
    function end(e) {
      move(e);
      frame.removeEventListener("pointermove", move);
      frame.removeEventListener("pointerup", end);
      frame.removeEventListener("pointercancel", end);
    }
    frame.addEventListener("pointermove", move);
    frame.addEventListener("pointerup", end);
    frame.addEventListener("pointercancel", end);
  });
  for (var name in fields) { fields[name].addEventListener("input", outline); }
  outline();
})();
