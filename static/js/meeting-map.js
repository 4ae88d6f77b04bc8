// The week map's overlays. The page's map script calls lagesbildWeekMap.build() with the layers and the
// area totals; the data script (/vecka/<slug>/karta.js) then calls lagesbildWeekMap.load() with the
// points the viewer may see. Texts arrive HTML-escaped (lagesbild.escaping.for_map, decoded from their
// template literals by the JavaScript parser), so they are safe to use as popup and tooltip HTML.
(function () {
  "use strict";
  var layers = {};
  var heat = null;
  var pending = null;

  function fill(data) {
    var t = data.t;
    var points = [];
    Object.keys(data.layers).forEach(function (key) {
      var target = layers[key];
      if (!target) { return; }
      data.layers[key].forEach(function (r) {
        var html = "<strong>" + t.n[r[2]] + "</strong><br>" + t.p[r[3]] + ", " + t.d[r[4]] + "<br>" + r[5];
        L.circleMarker([r[0], r[1]], target.style).bindPopup(html, {maxWidth: 320}).addTo(target.group);
        points.push([r[0], r[1]]);
      });
    });
    if (heat) { heat.setLatLngs(points); }
    var box = document.querySelector(".map");
    if (box) { box.setAttribute("data-points", String(points.length)); }
  }

  window.lagesbildWeekMap = {
    // layerRows: [key, colour, name, dashed]; areaRows: [lat, lon, radius, area id, count, name].
    build: function (map, layerRows, areaRows) {
      var overlays = {};
      layerRows.forEach(function (row) {
        var group = L.markerClusterGroup({showCoverageOnHover: false, maxClusterRadius: 40});
        var style = {radius: 7, color: "#222222", weight: 2, fillColor: row[1], fillOpacity: 0.85};
        if (row[3]) { style.dashArray = "3 3"; }
        layers[row[0]] = {group: group, style: style};
        overlays[row[2]] = group.addTo(map);
      });
      heat = L.heatLayer([], {radius: 18, blur: 14, minOpacity: 0.5, maxZoom: 18});
      overlays["Värmekarta"] = heat;
      var totals = L.featureGroup();
      areaRows.forEach(function (r) {
        var style = {radius: r[2], color: "#1b3a5c", weight: 2, fillColor: "#1b3a5c", fillOpacity: 0.25};
        var label = '<span data-area-id="' + r[3] + '" data-count="' + r[4] + '">' + r[5] + ": " + r[4] + "</span>";
        L.circleMarker([r[0], r[1]], style)
          .bindTooltip(label, {permanent: true, direction: "center", className: "area-total"})
          .addTo(totals);
      });
      overlays["Områdestotaler"] = totals.addTo(map);
      L.control.layers({}, overlays, {collapsed: false}).addTo(map);
      if (pending) { fill(pending); pending = null; }
    },
    load: function (data) {
      if (Object.keys(layers).length || heat) { fill(data); } else { pending = data; }
    }
  };
})();
