// The assignment page's two panes (reading, answering). On a wide screen they sit
// side by side and each scrolls on its own (CSS alone). On a narrow one this script
// shows one at a time under a Read / Answer switch, keeping the place in each, and
// shows the other pane first when a link leads into it (a question's "Look at", a
// citation's paragraph, a skip link). Without it the panes follow each other.
// Other scripts ask for a pane with the "workspace:show" event ({pane: "answer"}).
(function () {
  "use strict";

  var workspace = document.querySelector("[data-workspace]");
  var switcher = document.querySelector("[data-workspace-switch]");
  if (!workspace || !switcher) { return; }
  var wide = window.matchMedia("(min-width: 992px)");
  var buttons = switcher.querySelectorAll("[data-pane-button]");
  var places = {read: 0, answer: 0};
  var shown = "read";

  function paneOf(element) {
    var pane = element && element.closest && element.closest("[data-pane]");
    return pane ? pane.getAttribute("data-pane") : null;
  }

  // ``keepScroll``: a link or a script is about to scroll to something in the pane.
  function show(name, keepScroll) {
    if (name !== "read" && name !== "answer") { return; }
    if (name !== shown && !wide.matches) { places[shown] = window.scrollY; }
    var changed = name !== shown;
    shown = name;
    workspace.classList.toggle("show-read", name === "read");
    workspace.classList.toggle("show-answer", name === "answer");
    buttons.forEach(function (button) {
      button.setAttribute("aria-pressed", button.getAttribute("data-pane-button") === name ? "true" : "false");
    });
    if (changed && !keepScroll && !wide.matches) {
      window.scrollTo({top: places[name], behavior: "instant"});
    }
  }

  switcher.hidden = false;
  show("read", true);
  buttons.forEach(function (button) {
    button.addEventListener("click", function () { show(button.getAttribute("data-pane-button"), false); });
  });

  function targetOf(link) {
    var href = link.getAttribute("href") || "";
    if (href.charAt(0) !== "#" || href.length < 2) { return null; }
    return document.getElementById(decodeURIComponent(href.slice(1)));
  }

  // Runs before the browser follows the link, so the pane is showing when it scrolls.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[href^='#']");
    var name = link && paneOf(targetOf(link));
    if (name) { show(name, true); }
  });

  document.addEventListener("workspace:show", function (event) {
    show(event.detail && event.detail.pane, true);
  });

  // Opened at something in the answer pane (the to-do list's link to feedback, the
  // message a button came back with): show that pane and bring it into view.
  var opened = window.location.hash && document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
  if (opened && paneOf(opened) === "answer") {
    show("answer", true);
    opened.scrollIntoView();
  }
})();
