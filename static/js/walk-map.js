// Safety-walk maps: the route and findings of a walk (walk page, report, field page) and drawing a route
// on the plan form. Kept apart from the meeting's map module. Member text is set with textContent only.
(function () {
  "use strict";
  if (typeof L === "undefined") { return; }

  function tiles(map, box) {
    L.tileLayer(box.dataset.tileUrl, { attribution: box.dataset.attribution, maxZoom: 19 }).addTo(map);
  }

  function popup(finding, earlier) {
    var box = document.createElement("div");
    var head = document.createElement("strong");
    head.textContent = (earlier ? "Förra vandringen #" : "#") + finding.id + " " + finding.kategori;
    box.appendChild(head);
    if (finding.utfall) { box.appendChild(document.createTextNode(" – " + finding.utfall)); }
    if (finding.text) {
      var text = document.createElement("p");
      text.textContent = finding.text;
      box.appendChild(text);
    }
    return box;
  }

  function draw(id) {
    var box = document.getElementById(id);
    var source = document.getElementById(id + "-data");
    if (!box || !source) { return null; }
    var data = JSON.parse(source.textContent);
    var map = L.map(box).setView(data.centrum, 15);
    tiles(map, box);
    var bounds = [];
    if (data.rutt.length) {
      L.polyline(data.rutt, { color: "#0b4f6c", weight: 5, opacity: 0.8 }).addTo(map);
      bounds = bounds.concat(data.rutt);
    }
    data.tidigare.forEach(function (f) {
      L.circleMarker([f.lat, f.lon], { radius: 10, color: "#555555", weight: 2, dashArray: "4 3", fillOpacity: 0.1 })
        .bindPopup(popup(f, true)).addTo(map);
      bounds.push([f.lat, f.lon]);
    });
    data.fynd.forEach(function (f) {
      L.circleMarker([f.lat, f.lon], { radius: 8, color: "#b3261e", weight: 3, fillOpacity: 0.5 })
        .bindPopup(popup(f, false)).addTo(map);
      bounds.push([f.lat, f.lon]);
    });
    if (bounds.length > 1) { map.fitBounds(bounds, { padding: [24, 24], maxZoom: 17 }); }
    else if (bounds.length === 1) { map.setView(bounds[0], 16); }
    return { map: map, data: data };
  }

  window.lagesbildWalkMap = { shown: draw("vandring-karta") };

  // --- drawing the route on the plan form ----------------------------------------------------------
  var routeBox = document.getElementById("rutt-karta");
  var routeInput = document.getElementById("route");
  if (!routeBox || !routeInput) { return; }
  routeBox.parentNode.hidden = false;
  var status = document.getElementById("rutt-status");
  var points = [];
  try {
    var stored = JSON.parse(routeInput.value || "null");
    if (stored && stored.type === "LineString") {
      points = stored.coordinates.map(function (c) { return [c[1], c[0]]; });
    }
  } catch (error) { points = []; }
  var map = L.map(routeBox).setView([parseFloat(routeBox.dataset.centerLat), parseFloat(routeBox.dataset.centerLon)], 14);
  tiles(map, routeBox);
  var line = L.polyline(points, { color: "#0b4f6c", weight: 5 }).addTo(map);
  var dots = L.layerGroup().addTo(map);

  function update() {
    line.setLatLngs(points);
    dots.clearLayers();
    points.forEach(function (p) { L.circleMarker(p, { radius: 4, color: "#0b4f6c" }).addTo(dots); });
    routeInput.value = points.length
      ? JSON.stringify({ type: "LineString", coordinates: points.map(function (p) { return [+p[1].toFixed(6), +p[0].toFixed(6)]; }) })
      : "";
    status.textContent = points.length ? "Rutten har " + points.length + " punkter." : "Ingen rutt ritad.";
  }

  map.on("click", function (event) { points.push([event.latlng.lat, event.latlng.lng]); update(); });
  document.getElementById("rutt-angra").addEventListener("click", function () { points.pop(); update(); });
  document.getElementById("rutt-rensa").addEventListener("click", function () { points = []; update(); });
  if (points.length > 1) { map.fitBounds(points, { padding: [24, 24] }); }
  update();
})();
