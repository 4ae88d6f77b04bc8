// Presentation mode: arrow keys / Page Up / Page Down step through the areas, Esc goes back.
(function () {
  "use strict";
  var root = document.getElementById("presentation");
  if (!root) { return; }
  var items = Array.prototype.slice.call(document.querySelectorAll("#pres-areas .pres__area"));
  var current = 0;

  function leafletMap() {
    var el = root.querySelector(".folium-map");
    return el && window[el.id] && typeof window[el.id].setView === "function" ? window[el.id] : null;
  }

  function show(index) {
    if (!items.length) { return; }
    current = (index + items.length) % items.length;
    items.forEach(function (item, i) {
      if (i === current) { item.setAttribute("aria-current", "true"); } else { item.removeAttribute("aria-current"); }
    });
    var item = items[current];
    var map = leafletMap();
    if (map) {
      map.setView([parseFloat(item.dataset.lat), parseFloat(item.dataset.lon)], parseInt(item.dataset.zoom, 10));
    }
    item.scrollIntoView({block: "nearest"});
  }

  document.addEventListener("keydown", function (event) {
    var tag = (event.target && event.target.tagName) || "";
    if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA") { return; }
    if (event.key === "ArrowRight" || event.key === "PageDown" || event.key === "ArrowDown") {
      show(current + 1);
      event.preventDefault();
    } else if (event.key === "ArrowLeft" || event.key === "PageUp" || event.key === "ArrowUp") {
      show(current - 1);
      event.preventDefault();
    } else if (event.key === "Escape") {
      window.location.href = root.dataset.back;
    }
  });
  root.dataset.ready = "true";
})();
