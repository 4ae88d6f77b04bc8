// The observation form, enhanced: place combobox, two-level category, map click, device position and a
// character counter. Without JavaScript the form still works (datalist, grouped select, no map).
(function () {
  "use strict";

  var form = document.getElementById("iakttagelse-formular");
  if (!form) { return; }
  var placeInput = document.getElementById("plats");
  var latInput = document.getElementById("lat");
  var lonInput = document.getElementById("lon");
  var status = document.getElementById("punkt-status");

  function fold(text) { return (text || "").normalize("NFC").toLocaleLowerCase("sv").replace(/\s+/g, " ").trim(); }
  function say(text) { if (status) { status.textContent = text; } }

  // --- place combobox (WAI-ARIA combobox with a listbox popup) ------------------------------------
  var datalist = document.getElementById("plats-alternativ");
  var places = Array.prototype.map.call(datalist ? datalist.options : [], function (option) {
    return { name: option.value, area: option.dataset.omrade, lat: option.dataset.lat, lon: option.dataset.lon,
      aliases: (option.dataset.alias || "").split(";").filter(Boolean).map(fold),
      recent: option.dataset.senast === "1" };
  });
  // With an empty field the list offers the places nearest the phone (after "Använd min position")
  // or else the member's recently used places (the server lists them first).
  var nearby = null;
  function suggestions() {
    if (nearby) { return nearby; }
    return places.filter(function (place) { return place.recent; }).map(function (place) {
      return { name: place.name, area: place.area, lat: place.lat, lon: place.lon, note: "senast använd" };
    });
  }
  function metres(lat1, lon1, lat2, lon2) {
    var rad = Math.PI / 180, dLat = (lat2 - lat1) * rad, dLon = (lon2 - lon1) * rad;
    var a = Math.pow(Math.sin(dLat / 2), 2) + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.pow(Math.sin(dLon / 2), 2);
    return 2 * 6371000 * Math.asin(Math.sqrt(Math.min(1, a)));
  }
  function nearest(lat, lon) {
    return places.map(function (place) {
      var d = metres(lat, lon, parseFloat(place.lat), parseFloat(place.lon));
      return { name: place.name, area: place.area, lat: place.lat, lon: place.lon, d: d,
               note: (d < 1000 ? Math.round(d / 10) * 10 + " m" : (d / 1000).toFixed(1).replace(".", ",") + " km") + " bort" };
    }).filter(function (place) { return !isNaN(place.d); })
      .sort(function (a, b) { return a.d - b.d; }).slice(0, 5);
  }
  var listbox = document.createElement("ul");
  listbox.id = "plats-lista";
  listbox.className = "combobox__list";
  listbox.setAttribute("role", "listbox");
  listbox.setAttribute("aria-label", "Platser");
  listbox.hidden = true;
  placeInput.removeAttribute("list");
  placeInput.setAttribute("role", "combobox");
  placeInput.setAttribute("aria-autocomplete", "list");
  placeInput.setAttribute("aria-expanded", "false");
  placeInput.setAttribute("aria-controls", listbox.id);
  placeInput.parentNode.appendChild(listbox);
  var active = -1;

  function matches(query) {
    var q = fold(query);
    if (!q) { return suggestions(); }
    var starts = [], words = [], inside = [];
    places.forEach(function (place) {
      var name = fold(place.name);
      // Another name members use ("Stinsen") finds the place too; the field then shows its real name.
      if (name.indexOf(q) === 0 || place.aliases.some(function (alias) { return alias.indexOf(q) === 0; })) { starts.push(place); }
      else if ((" " + name).indexOf(" " + q) >= 0) { words.push(place); }
      else if (name.indexOf(q) >= 0) { inside.push(place); }
    });
    return starts.concat(words, inside).slice(0, 10);
  }

  function close() {
    listbox.hidden = true;
    placeInput.setAttribute("aria-expanded", "false");
    placeInput.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function highlight(index) {
    var options = listbox.querySelectorAll("[role=option]");
    options.forEach(function (option, i) { option.setAttribute("aria-selected", i === index ? "true" : "false"); });
    active = index;
    if (index >= 0 && options[index]) {
      placeInput.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    } else {
      placeInput.removeAttribute("aria-activedescendant");
    }
  }

  function choose(place) {
    placeInput.value = place.name;
    latInput.value = "";
    lonInput.value = "";
    close();
    say("Vald plats: " + place.name + " (" + place.area + ").");
    if (window.lagesbildObservationMap) { window.lagesbildObservationMap.show(place.lat, place.lon); }
  }

  function open() {
    var found = matches(placeInput.value);
    listbox.textContent = "";
    found.forEach(function (place, i) {
      var option = document.createElement("li");
      option.id = "plats-alternativ-" + i;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.textContent = place.name;
      var area = document.createElement("span");
      area.className = "combobox__area";
      area.textContent = " – " + place.area + (place.note ? ", " + place.note : "");
      option.appendChild(area);
      option.addEventListener("mousedown", function (event) { event.preventDefault(); choose(place); });
      listbox.appendChild(option);
    });
    listbox.hidden = found.length === 0;
    placeInput.setAttribute("aria-expanded", found.length ? "true" : "false");
    active = -1;
    return found;
  }

  placeInput.addEventListener("input", function () {
    open();
    if (placeInput.value) { latInput.value = ""; lonInput.value = ""; }
  });
  placeInput.addEventListener("blur", close);
  placeInput.addEventListener("focus", function () { if (!placeInput.value) { open(); } });
  placeInput.addEventListener("keydown", function (event) {
    var found = listbox.hidden ? [] : matches(placeInput.value);
    if (event.key === "ArrowDown") {
      if (listbox.hidden) { found = open(); }
      if (found.length) { highlight(Math.min(active + 1, found.length - 1)); }
      event.preventDefault();
    } else if (event.key === "ArrowUp") {
      if (found.length) { highlight(Math.max(active - 1, 0)); }
      event.preventDefault();
    } else if (event.key === "Enter") {
      if (!listbox.hidden && active >= 0 && found[active]) {
        choose(found[active]);
        event.preventDefault();  // pick the place, do not submit the form yet
      }
    } else if (event.key === "Escape") {
      if (!listbox.hidden) { close(); event.preventDefault(); }
    }
  });

  // --- category in two levels --------------------------------------------------------------------
  var subSelect = document.getElementById("kategori");
  if (subSelect) {
    var groups = Array.prototype.map.call(subSelect.querySelectorAll("optgroup"), function (group) {
      return {
        code: group.dataset.kod,
        label: group.label,
        options: Array.prototype.map.call(group.querySelectorAll("option"), function (o) {
          return { value: o.value, text: o.textContent, selected: o.selected };
        }),
      };
    });
    var wrapper = document.createElement("div");
    wrapper.className = "field";
    var topLabel = document.createElement("label");
    topLabel.className = "field__label";
    topLabel.htmlFor = "huvudkategori";
    topLabel.textContent = "Huvudkategori";
    var topSelect = document.createElement("select");
    topSelect.id = "huvudkategori";
    topSelect.name = "huvudkategori";  // posted only to be chosen again if the post is refused
    topSelect.className = "field__input";
    topSelect.appendChild(new Option("Välj huvudkategori", ""));
    groups.forEach(function (group) { topSelect.appendChild(new Option(group.label, group.code)); });
    wrapper.appendChild(topLabel);
    wrapper.appendChild(topSelect);
    var field = document.getElementById("kategori-falt");
    field.parentNode.insertBefore(wrapper, field);
    field.querySelector("label").textContent = "Underkategori";

    var fill = function (code, keep) {
      var current = keep ? subSelect.value : "";
      subSelect.textContent = "";
      subSelect.appendChild(new Option(code ? "Välj underkategori" : "Välj först huvudkategori", ""));
      groups.forEach(function (group) {
        if (group.code !== code) { return; }
        group.options.forEach(function (o) { subSelect.appendChild(new Option(o.text, o.value, false, o.value === current)); });
      });
      subSelect.disabled = !code;
    };
    var selectedGroup = groups.filter(function (g) {
      return g.options.some(function (o) { return o.selected && o.value; });
    })[0];
    topSelect.value = selectedGroup ? selectedGroup.code : (field.dataset.huvudkategori || "");
    if (topSelect.selectedIndex < 0) { topSelect.value = ""; }
    fill(topSelect.value, true);
    topSelect.addEventListener("change", function () { fill(topSelect.value, false); });
    form.addEventListener("submit", function () { subSelect.disabled = false; });
  }

  // --- description counter -----------------------------------------------------------------------
  var text = document.getElementById("beskrivning");
  var counter = document.getElementById("beskrivning-raknare");
  if (text && counter) {
    var max = parseInt(counter.dataset.max, 10);
    var update = function () {
      var left = max - text.value.length;
      counter.textContent = text.value.length + " av " + max + " tecken" + (left < 100 ? " (" + left + " kvar)" : "") + ".";
    };
    text.addEventListener("input", update);
    update();
  }

  // --- map click and device position -------------------------------------------------------------
  var mapBox = document.querySelector(".observation-map");
  if (!mapBox || !window.lagesbildMap) { return; }
  mapBox.hidden = false;
  // The app's one map module: tiles, Swedish controls, "Hela kommunen", the notice when tiles fail.
  var map = window.lagesbildMap.base(mapBox, { zoom: 13 }).map;
  var marker = null;

  // On a phone the map folds away behind a button, so the submit button is a short scroll away.
  var mapArea = document.getElementById("karta");
  if (window.matchMedia && window.matchMedia("(max-width: 48rem)").matches) {
    var opener = document.createElement("button");
    opener.type = "button";
    opener.className = "button button--secondary";
    opener.id = "visa-karta";
    opener.textContent = "Välj plats i kartan";
    opener.setAttribute("aria-expanded", "false");
    opener.setAttribute("aria-controls", "karta");
    mapArea.hidden = true;
    document.getElementById("karta-hint").hidden = true;
    mapArea.parentNode.insertBefore(opener, mapArea);
    opener.addEventListener("click", function () {
      var show = mapArea.hidden;
      mapArea.hidden = !show;
      opener.setAttribute("aria-expanded", show ? "true" : "false");
      opener.textContent = show ? "Dölj kartan" : "Välj plats i kartan";
      if (show) { map.invalidateSize(); }
    });
  }

  function mark(lat, lon) {
    if (marker) { marker.setLatLng([lat, lon]); }
    else { marker = L.circleMarker([lat, lon], { radius: 9, color: "#0b4f6c", weight: 3, fillOpacity: 0.4 }).addTo(map); }
  }

  function pick(lat, lon, how) {
    latInput.value = lat.toFixed(6);
    lonInput.value = lon.toFixed(6);
    placeInput.value = "";
    mark(lat, lon);
    say(how + ": " + lat.toFixed(5) + ", " + lon.toFixed(5) + ". Söker område …");
    var url = mapBox.dataset.areaUrl + "?lat=" + encodeURIComponent(latInput.value) + "&lon=" + encodeURIComponent(lonInput.value);
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        var hint = nearby && how === "Din position" ? " De närmaste namngivna platserna finns först i platslistan." : "";
        say((data.omrade ? how + " i området " + data.omrade + "." : (data.fel || "Okänt område.")) + hint);
      })
      .catch(function () { say(how + " vald. Området bestäms när du sparar."); });
  }

  map.on("click", function (event) { pick(event.latlng.lat, event.latlng.lng, "Vald punkt"); });
  window.lagesbildObservationMap = {
    show: function (lat, lon) { mark(parseFloat(lat), parseFloat(lon)); map.setView([lat, lon], 15); },
  };
  if (latInput.value && lonInput.value) {
    mark(parseFloat(latInput.value), parseFloat(lonInput.value));
  }

  var locate = document.getElementById("min-position");
  if (!("geolocation" in navigator)) { locate.hidden = true; return; }
  locate.addEventListener("click", function () {
    say("Hämtar din position …");
    navigator.geolocation.getCurrentPosition(
      function (position) {
        nearby = nearest(position.coords.latitude, position.coords.longitude);
        pick(position.coords.latitude, position.coords.longitude, "Din position");

        map.setView([position.coords.latitude, position.coords.longitude], 16);
      },
      function () { say("Din position kunde inte hämtas. Välj plats i listan eller klicka i kartan."); },
      { enableHighAccuracy: true, timeout: 10000 }
    );
  });

  // --- after a refused post, start at the list of errors --------------------------------------------
  var summary = document.querySelector(".error-summary");
  if (summary) {
    summary.setAttribute("tabindex", "-1");
    summary.focus();
  }
})();
