// The place form's map: a click fills in the latitude and longitude fields and shows a pin there.
// Without JavaScript the coordinates are typed in.
(function () {
  "use strict";

  var element = document.getElementById("platskarta");
  var latInput = document.getElementById("lat");
  var lonInput = document.getElementById("lon");
  if (!element || !latInput || !lonInput || !window.L) { return; }
  element.hidden = false;

  function number(input) { return parseFloat((input.value || "").replace(",", ".")); }

  var lat = number(latInput), lon = number(lonInput);
  var known = isFinite(lat) && isFinite(lon);
  var map = L.map(element).setView(known ? [lat, lon] : [+element.dataset.centerLat, +element.dataset.centerLon], known ? 15 : 12);
  L.tileLayer(element.dataset.tileUrl, { attribution: element.dataset.attribution }).addTo(map);
  var marker = known ? L.circleMarker([lat, lon]).addTo(map) : null;

  map.on("click", function (event) {
    latInput.value = event.latlng.lat.toFixed(6);
    lonInput.value = event.latlng.lng.toFixed(6);
    if (marker) { marker.setLatLng(event.latlng); } else { marker = L.circleMarker(event.latlng).addTo(map); }
  });
}());
