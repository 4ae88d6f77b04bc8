// Presentation mode as slides: overview, each area, rises and newest observations, open actions,
// promises. A click on the slide, the buttons, ← → ↑ ↓, Page Up/Page Down (a presenter's clicker),
// Home and End move between slides; Esc goes back to the week page. An area's slide zooms the map
// (static/js/lagesbild-map.js) to that area; the others show the whole period.
(function () {
  "use strict";
  var root = document.getElementById("presentation");
  if (!root) { return; }
  var slides = Array.prototype.slice.call(root.querySelectorAll(".slide"));
  var position = document.getElementById("bild-position");
  var mapBox = root.querySelector("[data-lagesbild-map]");
  var current = 0;

  function frame(slide) {
    var api = mapBox && mapBox.lagesbildMap;
    if (!api || !api.ready) { return; }
    api.ready.then(function () {
      if (slide.dataset.area) { api.showArea(slide.dataset.area); } else { api.showAll(); }
    });
  }

  function show(index, first) {
    if (!slides.length) { return; }
    current = Math.max(0, Math.min(slides.length - 1, index));
    slides.forEach(function (slide, i) { slide.hidden = i !== current; });
    var heading = slides[current].querySelector("h1, h2");
    position.textContent = "Bild " + (current + 1) + " av " + slides.length +
      (heading ? ": " + heading.textContent.trim() : "");
    root.dataset.slide = String(current + 1);
    if (!first) { frame(slides[current]); }  // the first slide keeps the map's own opening fit
  }

  document.getElementById("bild-nasta").addEventListener("click", function () { show(current + 1); });
  document.getElementById("bild-foregaende").addEventListener("click", function () { show(current - 1); });
  document.getElementById("pres-slides").addEventListener("click", function (event) {
    if (event.target.closest("a, button, input, select, textarea")) { return; }
    show(current + 1);
  });

  document.addEventListener("keydown", function (event) {
    var tag = (event.target && event.target.tagName) || "";
    if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA") { return; }
    // A focused map pans with the arrow keys; the clicker's Page Up/Down still change slides.
    var inMap = event.target.closest && event.target.closest(".leaflet-container");
    if (inMap && event.key.indexOf("Arrow") === 0) { return; }
    var next = {ArrowRight: 1, ArrowDown: 1, PageDown: 1, " ": 1, ArrowLeft: -1, ArrowUp: -1, PageUp: -1};
    if (event.key in next) {
      show(current + next[event.key]);
      event.preventDefault();
    } else if (event.key === "Home") {
      show(0);
      event.preventDefault();
    } else if (event.key === "End") {
      show(slides.length - 1);
      event.preventDefault();
    } else if (event.key === "Escape") {
      window.location.href = root.dataset.back;
    }
  });
  show(0, true);
  root.dataset.ready = "true";
})();
