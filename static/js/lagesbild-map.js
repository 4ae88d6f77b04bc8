// One map module for the week page, presentation mode and the post form (Leaflet from npm, served at
// /vendor/). A map box is <div data-lagesbild-map="week|base" data-tile-url=… data-attribution=…
// data-center-lat=… data-center-lon=… [data-url=…]> holding a <div class="map">.
//
// The week map fetches its JSON (lagesbild/meeting/mapping.py) and builds everything — markers, popups,
// area labels, the legend — from DOM text nodes: member text is never parsed as HTML or script.
// It opens fitted to the period's observations; "Hela kommunen" shows every area. One cluster layer
// holds all points and each cluster shows its category mix as a segmented ring. Areas are polygons
// (choropleth) when they have one, circles otherwise; an area with a rise gets a red ring and "▲".
// Area labels that would overlap a larger area's label are hidden (the table lists every area).
// When tiles cannot load, a notice says so and the areas and points are still drawn.
(function () {
  "use strict";

  var RISE = "#b3001b";
  var AREA = "#1b3a5c";
  var SVG = "http://www.w3.org/2000/svg";

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function swedishNumber(n) { return Number(n).toLocaleString("sv-SE"); }

  function swedishDate(iso) {
    var parts = iso.split("-");
    var months = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"];
    return parseInt(parts[2], 10) + " " + months[parseInt(parts[1], 10) - 1];
  }

  // --- the base map: tiles, Swedish controls, "Hela kommunen", a notice when tiles fail -------------
  function base(box, options) {
    options = options || {};
    var mapEl = box.querySelector(".map");
    var centre = [parseFloat(box.dataset.centerLat), parseFloat(box.dataset.centerLon)];
    var map = L.map(mapEl, {zoomControl: false, center: centre, zoom: options.zoom || 12});
    L.control.zoom({zoomInTitle: "Zooma in", zoomOutTitle: "Zooma ut"}).addTo(map);
    map.attributionControl.setPrefix(false);
    // Leaflet names its popup's close button in English.
    map.on("popupopen", function (event) {
      var close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (close) { close.setAttribute("aria-label", "Stäng"); close.title = "Stäng"; }
    });

    var notice = box.querySelector(".map-notice");
    if (!notice) {
      notice = el("p", "map-notice");
      notice.setAttribute("role", "status");
      notice.hidden = true;
      box.insertBefore(notice, mapEl);
    }
    var tiles = L.tileLayer(box.dataset.tileUrl, {attribution: box.dataset.attribution, maxZoom: 19});
    tiles.on("tileerror", function () {
      if (!notice.hidden) { return; }
      notice.textContent = "Kartbilderna kunde inte hämtas just nu. Områden och iakttagelser visas ändå.";
      notice.hidden = false;
      box.classList.add("map-box--offline");
    });
    tiles.addTo(map);

    var api = {map: map, box: box, wholeBounds: null};
    api.showAll = function () {
      if (api.wholeBounds && api.wholeBounds.isValid()) { map.fitBounds(api.wholeBounds, {padding: [20, 20]}); }
      else { map.setView(centre, options.zoom || 12); }
    };
    var Whole = L.Control.extend({
      options: {position: "topleft"},
      onAdd: function () {
        var wrap = el("div", "leaflet-bar map-whole");
        var button = el("button", "map-whole__button", "Hela kommunen");
        button.type = "button";
        L.DomEvent.disableClickPropagation(wrap);
        button.addEventListener("click", function () { api.showAll(); });
        wrap.appendChild(button);
        return wrap;
      }
    });
    new Whole().addTo(map);
    return api;
  }

  // --- clusters that show their category mix ----------------------------------------------------
  var MixIcon = L.DivIcon.extend({
    createIcon: function (old) {
      var div = L.DivIcon.prototype.createIcon.call(this, old);
      div.setAttribute("aria-label", this.options.label);
      div.title = this.options.label;
      return div;
    }
  });

  function ring(parts, total, size) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 40 40");
    svg.setAttribute("width", size);
    svg.setAttribute("height", size);
    svg.setAttribute("aria-hidden", "true");
    var r = 15, circumference = 2 * Math.PI * r, offset = 0;
    var back = document.createElementNS(SVG, "circle");
    back.setAttribute("cx", 20); back.setAttribute("cy", 20); back.setAttribute("r", 19);
    back.setAttribute("fill", "#ffffff"); back.setAttribute("stroke", "#222222"); back.setAttribute("stroke-width", 1.5);
    svg.appendChild(back);
    parts.forEach(function (part) {
      var length = circumference * part.n / total;
      var arc = document.createElementNS(SVG, "circle");
      arc.setAttribute("cx", 20); arc.setAttribute("cy", 20); arc.setAttribute("r", r);
      arc.setAttribute("fill", "none");
      arc.setAttribute("stroke", part.colour);
      arc.setAttribute("stroke-width", 8);
      arc.setAttribute("stroke-dasharray", length + " " + (circumference - length));
      arc.setAttribute("stroke-dashoffset", String(-offset));
      arc.setAttribute("transform", "rotate(-90 20 20)");
      arc.setAttribute("class", "cluster-segment");
      svg.appendChild(arc);
      offset += length;
    });
    var text = document.createElementNS(SVG, "text");
    text.setAttribute("x", 20); text.setAttribute("y", 24.5);
    text.setAttribute("text-anchor", "middle");
    text.setAttribute("class", "cluster-count");
    text.textContent = swedishNumber(total);
    svg.appendChild(text);
    return svg;
  }

  function clusterIcon(categories) {
    return function (cluster) {
      var counts = {};
      cluster.getAllChildMarkers().forEach(function (m) {
        counts[m.options.category] = (counts[m.options.category] || 0) + 1;
      });
      var parts = [];
      Object.keys(counts).forEach(function (key) {
        var c = categories[key] || {name: "Övrigt", colour: "#777777"};
        parts.push({n: counts[key], colour: c.colour, name: c.name});
      });
      parts.sort(function (a, b) { return b.n - a.n; });
      var total = cluster.getChildCount();
      var label = swedishNumber(total) + " iakttagelser: " + parts.map(function (p) {
        return p.n + " " + p.name;
      }).join(", ");
      var size = total < 10 ? 36 : (total < 100 ? 44 : 52);
      var holder = el("div", "cluster-mix");
      holder.appendChild(ring(parts, total, size));
      return new MixIcon({html: holder, className: "cluster-mix-icon", iconSize: [size, size], label: label});
    };
  }

  // --- popups, built from text nodes --------------------------------------------------------------
  function popup(point, box) {
    var root = el("div", "map-popup");
    root.appendChild(el("strong", "", point.name));
    root.appendChild(el("span", "map-popup__meta", point.place + ", " + swedishDate(point.day) +
      (point.late ? " (sent inrapporterad)" : "")));
    root.appendChild(el("span", "map-popup__text", point.text));
    var links = el("span", "map-popup__links");
    var show = el("a", "", "Visa iakttagelse #" + point.id);
    show.href = "/iakttagelser/" + encodeURIComponent(point.id);
    links.appendChild(show);
    if (box.dataset.actionUrl) {
      var act = el("a", "", "Skapa åtgärd");
      act.href = box.dataset.actionUrl + (box.dataset.actionUrl.indexOf("?") < 0 ? "?" : "&") +
        "iakttagelse=" + encodeURIComponent(point.id);
      links.appendChild(act);
    }
    root.appendChild(links);
    return root;
  }

  // --- areas: choropleth polygons or circles, rise rings, labels that never overlap ----------------
  function shade(share) {
    // Five steps of blue; the count is always in the label and the table, never in colour alone.
    var steps = ["#eef4fa", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd"];
    return steps[Math.min(steps.length - 1, Math.floor(share * steps.length))];
  }

  function drawAreas(map, areas, group, labels) {
    var largest = Math.max.apply(null, [1].concat(areas.map(function (a) { return a.count; })));
    var bounds = L.latLngBounds([]);
    areas.forEach(function (area) {
      var rise = area.rises.length > 0;
      var layer;
      if (area.geometry) {
        layer = L.geoJSON(area.geometry, {
          style: {
            color: rise ? RISE : AREA, weight: rise ? 4 : 2,
            fillColor: area.count ? shade(area.count / largest) : "#ffffff",
            fillOpacity: area.count ? 0.55 : 0.05,
            className: rise ? "area-shape area-rise" : "area-shape"
          }
        });
        bounds.extend(layer.getBounds());
      } else {
        var radius = area.count ? 10 + 26 * Math.sqrt(area.count / largest) : 6;
        layer = L.featureGroup([L.circleMarker([area.lat, area.lon], {
          radius: radius, color: AREA, weight: 2, fillColor: AREA, fillOpacity: area.count ? 0.22 : 0,
          className: "area-shape"
        })]);
        if (rise) {
          L.circleMarker([area.lat, area.lon], {
            radius: radius + 6, color: RISE, weight: 4, dashArray: "8 5", fill: false, className: "area-rise",
            interactive: false
          }).addTo(layer);
        }
        bounds.extend([area.lat, area.lon]);
      }
      layer.addTo(group);
      if (!area.count) { return; }
      var label = el("span", "area-label");
      label.dataset.areaId = area.id;
      label.dataset.count = area.count;
      label.appendChild(document.createTextNode(area.name + ": " + swedishNumber(area.count)));
      if (rise) {
        var mark = el("span", "area-label__rise", " ▲");
        mark.setAttribute("aria-hidden", "true");
        label.appendChild(mark);
        label.appendChild(el("span", "visually-hidden", " ökning: " + area.rises.join(", ")));
      }
      // Circles: the label sits under the circle, so the clusters inside it stay visible.
      var anchor = area.geometry ? layer.getBounds().getCenter() : L.latLng(area.lat, area.lon);
      var below = area.geometry ? 0 : 10 + 26 * Math.sqrt(area.count / largest) + 12;
      var tip = L.tooltip({permanent: true, direction: "center", offset: [0, below], className: "area-total", interactive: false})
        .setLatLng(anchor).setContent(label);
      tip.addTo(group);
      labels.push({count: area.count, tooltip: tip});
    });
    return bounds;
  }

  function declutter(labels) {
    // Largest first: a smaller area's label gives way when it would cover a larger one's.
    var placed = [];
    labels.slice().sort(function (a, b) { return b.count - a.count; }).forEach(function (label) {
      var node = label.tooltip.getElement();
      if (!node) { return; }
      node.classList.remove("area-total--hidden");
      var box = node.getBoundingClientRect();
      var clash = placed.some(function (other) {
        return box.left < other.right && box.right > other.left && box.top < other.bottom && box.bottom > other.top;
      });
      if (clash) { node.classList.add("area-total--hidden"); } else { placed.push(box); }
    });
  }

  // --- legend, beside the map ---------------------------------------------------------------------
  function legend(box, data, lateCount) {
    var holder = box.querySelector(".map-legend");
    if (!holder) { return; }
    holder.textContent = "";
    holder.appendChild(el("h3", "map-legend__title", "Teckenförklaring"));
    var list = el("ul", "map-legend__list");
    data.categories.forEach(function (c) {
      var item = el("li", "map-legend__item");
      item.dataset.category = c.id;
      var swatch = el("span", "map-legend__swatch");
      swatch.style.backgroundColor = c.colour;
      swatch.setAttribute("aria-hidden", "true");
      item.appendChild(swatch);
      item.appendChild(el("span", "map-legend__name", c.name));
      item.appendChild(el("span", "map-legend__count", swedishNumber(c.count)));
      list.appendChild(item);
    });
    if (lateCount) {
      var late = el("li", "map-legend__item");
      var dash = el("span", "map-legend__swatch map-legend__swatch--late");
      dash.setAttribute("aria-hidden", "true");
      late.appendChild(dash);
      late.appendChild(el("span", "map-legend__name", "Sent inrapporterad (streckad kant)"));
      late.appendChild(el("span", "map-legend__count", swedishNumber(lateCount)));
      list.appendChild(late);
    }
    if (data.areas.some(function (a) { return a.rises.length; })) {
      var rise = el("li", "map-legend__item");
      var mark = el("span", "map-legend__swatch map-legend__swatch--rise", "▲");
      mark.setAttribute("aria-hidden", "true");
      rise.appendChild(mark);
      rise.appendChild(el("span", "map-legend__name", "Ökning över det normala (röd ring runt området)"));
      list.appendChild(rise);
    }
    holder.appendChild(list);
    holder.appendChild(el("p", "map-legend__note",
      "Siffran i en klunga är antalet iakttagelser, ringen visar fördelningen på kategorier. " +
      "Områdenas storlek eller färg följer antalet."));
  }

  // --- the week map -------------------------------------------------------------------------------
  function week(box) {
    var api = base(box);
    var map = api.map;
    var areaGroup = L.featureGroup().addTo(map);
    var labels = [];
    var redraw = function () { declutter(labels); };
    map.on("zoomend moveend", redraw);

    api.areaBounds = {};
    api.showArea = function (areaId) {
      var b = api.areaBounds[areaId];
      if (b && b.isValid()) { map.fitBounds(b, {padding: [40, 40], maxZoom: 15}); }
    };

    api.ready = fetch(box.dataset.url, {credentials: "same-origin", headers: {Accept: "application/json"}})
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (data) {
        var categories = {};
        data.categories.forEach(function (c) { categories[c.id] = c; });
        var whole = drawAreas(map, data.areas, areaGroup, labels);
        data.areas.forEach(function (area) {
          var b = L.latLngBounds([[area.lat, area.lon]]);
          if (area.geometry) { b = L.geoJSON(area.geometry).getBounds(); }
          api.areaBounds[area.id] = b.pad(0.2);
        });
        api.wholeBounds = whole;

        var cluster = L.markerClusterGroup({
          showCoverageOnHover: false, maxClusterRadius: 45, iconCreateFunction: clusterIcon(categories)
        });
        // The heat layer counts every visible observation of the period (100 m cells, computed by the
        // server), not just the capped points: an intensity of n draws like n points at the cell.
        var heatPoints = (data.heat || []).map(function (c) { return [c[0], c[1], c[2]]; });
        var pointBounds = L.latLngBounds([]);
        var late = 0;
        data.points.forEach(function (p) {
          p.name = (data.names || [])[p.n];  // the subcategory, named once in data.names
          var c = categories[p.category] || {colour: "#777777"};
          var style = {radius: 8, color: "#222222", weight: 2, fillColor: c.colour, fillOpacity: 0.9,
            category: p.category, className: "obs-point"};
          if (p.late) { style.dashArray = "3 3"; style.weight = 3; late += 1; }
          L.circleMarker([p.lat, p.lon], style).bindPopup(popup(p, box), {maxWidth: 320}).addTo(cluster);
          pointBounds.extend([p.lat, p.lon]);
        });
        cluster.addTo(map);
        var overlays = {"Iakttagelser": cluster, "Områden": areaGroup};
        if (L.heatLayer) {
          overlays["Värmekarta"] = L.heatLayer(heatPoints, {radius: 18, blur: 14, minOpacity: 0.5, maxZoom: 18});
        }
        var narrow = window.matchMedia && window.matchMedia("(max-width: 40rem)").matches;
        var control = L.control.layers({}, overlays, {collapsed: narrow, position: "topright"}).addTo(map);
        var toggle = control.getContainer().querySelector(".leaflet-control-layers-toggle");
        if (toggle) { toggle.title = "Välj lager"; toggle.setAttribute("aria-label", "Välj lager"); }

        legend(box, data, late);
        var counted = L.latLngBounds([]);
        data.areas.forEach(function (a) { if (a.count) { counted.extend(api.areaBounds[a.id]); } });
        var start = pointBounds.isValid() ? pointBounds : (counted.isValid() ? counted : whole);
        if (start.isValid()) { map.fitBounds(start.pad(0.15), {maxZoom: 15, animate: false}); }
        redraw();
        box.dataset.points = String(data.points.length);
        box.dataset.heat = String(heatPoints.reduce(function (sum, c) { return sum + c[2]; }, 0));
        box.dataset.ready = "true";
        return api;
      })
      .catch(function () {
        var notice = box.querySelector(".map-notice");
        notice.textContent = "Kartans uppgifter kunde inte hämtas. Samma siffror finns i tabellen.";
        notice.hidden = false;
        box.dataset.ready = "error";
      });
    return api;
  }

  window.lagesbildMap = {base: base, week: week};

  Array.prototype.forEach.call(document.querySelectorAll("[data-lagesbild-map='week']"), function (box) {
    box.lagesbildMap = week(box);
  });
})();
