// Findings from the field, also without a connection. Every finding is first kept as a draft in the
// browser (IndexedDB: text, point and the photo files themselves), then sent; a draft is removed only
// when the server answers that it is saved. Drafts left by a lost connection are sent when the browser
// is online again (and when the page opens); the member sees what is still waiting. Each draft has its
// own key, so one sent twice is saved once. Without JavaScript the form posts as usual.
(function () {
  "use strict";

  var form = document.getElementById("fynd-formular");
  if (!form || !window.indexedDB) { return; }
  var user = form.dataset.user;
  var walk = form.dataset.walk;
  var maxBytes = parseInt(form.dataset.maxBytes, 10);
  var maxPhotos = parseInt(form.dataset.maxPhotos, 10);
  var latInput = document.getElementById("lat");
  var lonInput = document.getElementById("lon");
  var pointStatus = document.getElementById("punkt-status");
  var formStatus = document.getElementById("fynd-status");
  var section = document.getElementById("utkast");
  var list = document.getElementById("utkast-lista");
  var listStatus = document.getElementById("utkast-status");
  var category = document.getElementById("category");
  var earlier = document.getElementById("earlier_finding");
  var sending = false;
  var again = false;

  function newKey() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    return "k" + Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 12);
  }

  // --- the draft store ---------------------------------------------------------------------------
  function store(mode, work) {
    return new Promise(function (resolve, reject) {
      var open = indexedDB.open("lagesbild-trygghetsvandring", 1);
      open.onupgradeneeded = function () { open.result.createObjectStore("utkast", { keyPath: "key" }); };
      open.onerror = function () { reject(open.error); };
      open.onsuccess = function () {
        var db = open.result;
        var tx = db.transaction("utkast", mode);
        var result = work(tx.objectStore("utkast"));
        tx.oncomplete = function () { db.close(); resolve(result && "result" in result ? result.result : undefined); };
        tx.onerror = function () { db.close(); reject(tx.error); };
      };
    });
  }
  function allDrafts() {
    return store("readonly", function (s) { return s.getAll(); }).then(function (drafts) {
      return (drafts || []).filter(function (d) { return d.user === user && d.walk === walk; })
        .sort(function (a, b) { return a.created - b.created; });
    });
  }
  function putDraft(draft) { return store("readwrite", function (s) { s.put(draft); }); }
  function dropDraft(key) { return store("readwrite", function (s) { s.delete(key); }); }

  // --- what is waiting -----------------------------------------------------------------------------
  function label(draft) {
    var option = category.querySelector('option[value="' + draft.category + '"]');
    var text = (option ? option.textContent : draft.category) + (draft.text ? ": " + draft.text.slice(0, 60) : "");
    if (draft.photos.length) { text += " (" + draft.photos.length + (draft.photos.length > 1 ? " foton)" : " foto)"); }
    return text;
  }

  function show() {
    return allDrafts().then(function (drafts) {
      list.textContent = "";
      section.hidden = drafts.length === 0;
      drafts.forEach(function (draft) {
        var item = document.createElement("li");
        item.className = "walk-draft";
        item.textContent = label(draft);
        if (draft.problem) {
          var problem = document.createElement("p");
          problem.className = "field__error";
          problem.textContent = draft.problem;
          item.appendChild(problem);
          var edit = document.createElement("button");
          edit.type = "button";
          edit.className = "button button--secondary";
          edit.textContent = "Ändra utkastet";
          edit.addEventListener("click", function () { reopen(draft); });
          item.appendChild(edit);
        }
        list.appendChild(item);
      });
      var waiting = drafts.filter(function (d) { return !d.problem; }).length;
      var refused = drafts.length - waiting;
      var parts = [];
      if (waiting) {
        parts.push(waiting + (waiting > 1 ? " iakttagelser väntar" : " iakttagelse väntar") + " på att skickas." +
          (navigator.onLine ? "" : " Du är utan anslutning; de skickas när anslutningen är tillbaka."));
      }
      if (refused) { parts.push(refused + (refused > 1 ? " iakttagelser" : " iakttagelse") + " sparades inte: ändra och spara igen."); }
      listStatus.textContent = parts.join(" ");
      return drafts;
    });
  }

  // --- sending ---------------------------------------------------------------------------------------
  function body(draft) {
    var data = new FormData();
    var token = form.querySelector('[name="csrf_token"]');
    if (token) { data.append("csrf_token", token.value); }
    ["client_key", "lat", "lon", "category", "text", "earlier_finding", "outcome"].forEach(function (name) {
      data.append(name, draft[name] || "");
    });
    draft.photos.forEach(function (photo) { data.append("photos", photo.blob, photo.name); });
    return data;
  }

  function sendOne(draft) {
    return fetch(form.action, {
      method: "POST", body: body(draft), credentials: "same-origin", headers: { Accept: "application/json" },
    }).then(function (response) {
      var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
      if (!json) { return "utloggad"; }  // the session ended: the login page answered; keep the draft
      return response.json().then(function (answer) {
        if (answer.sparad) { return dropDraft(draft.key).then(function () { return "sparad"; }); }
        var messages = [];
        if (answer.fel && typeof answer.fel === "object") {
          Object.keys(answer.fel).forEach(function (k) { messages = messages.concat(answer.fel[k]); });
        }
        draft.problem = messages.join(" ") || answer.meddelande || "Iakttagelsen kunde inte sparas.";
        return putDraft(draft).then(function () { return "fel"; });
      });
    }, function () { return "offline"; });
  }

  function sendAll() {
    // Asked again while a round runs (the connection came back during a failed attempt): one more round
    // follows, so a draft never waits for the next trigger.
    if (sending) { again = true; return Promise.resolve(); }
    sending = true;
    again = false;
    return allDrafts().then(function (drafts) {
      var pending = drafts.filter(function (d) { return !d.problem; });
      var saved = 0, loggedOut = false;
      return pending.reduce(function (chain, draft) {
        return chain.then(function (outcome) {
          if (outcome === "offline" || outcome === "utloggad") { return outcome; }
          return sendOne(draft).then(function (result) {
            if (result === "sparad") { saved += 1; }
            if (result === "utloggad") { loggedOut = true; }
            return result;
          });
        });
      }, Promise.resolve("")).then(function () {
        return show().then(function (left) {
          if (saved) { formStatus.textContent = (saved > 1 ? saved + " iakttagelser är sparade." : "Iakttagelsen är sparad."); }
          if (loggedOut) { listStatus.textContent = "Du är utloggad. Logga in igen i en ny flik; utkasten finns kvar här och skickas sedan."; }
          else if (!saved && left.some(function (d) { return !d.problem; })) {
            listStatus.textContent = left.length + (left.length > 1 ? " iakttagelser väntar" : " iakttagelse väntar") + " på att skickas. Ingen anslutning just nu; de skickas när anslutningen är tillbaka.";
          }
        });
      });
    }).then(function () {
      sending = false;
      if (again) { return sendAll(); }
    }, function () {
      sending = false;
      listStatus.textContent = "Något gick fel när utkasten skulle skickas. De finns kvar här; försök igen med Skicka nu.";
    });
  }

  // --- the form --------------------------------------------------------------------------------------
  function problemBeforeSaving(files) {
    if (!latInput.value || !lonInput.value) { return "Ange platsen: använd din position eller tryck i kartan."; }
    if (!category.value) { return "Välj en kategori."; }
    if (files.length > maxPhotos) { return "Högst " + maxPhotos + " foton per iakttagelse."; }
    var total = files.reduce(function (sum, f) { return sum + f.size; }, 0);
    if (total > maxBytes) { return "Fotona är för stora tillsammans (högst " + Math.round(maxBytes / 1048576) + " MB). Välj färre eller mindre foton."; }
    return "";
  }

  function reopen(draft) {
    dropDraft(draft.key).then(function () {
      latInput.value = draft.lat; lonInput.value = draft.lon;
      category.value = draft.category;
      document.getElementById("text").value = draft.text;
      if (earlier) { earlier.value = draft.earlier_finding || ""; document.getElementById("outcome").value = draft.outcome || ""; }
      formStatus.textContent = draft.problem + " Rätta och spara igen (välj fotona på nytt).";
      document.getElementById("text").focus();
      show();
    });
  }

  // A phone photo is often 3–5 MB and the app takes 5 MB a request: photos over SHRINK_OVER are scaled
  // to SHRINK_SIDE px in the browser first (the server decodes and re-encodes them anyway). A photo the
  // browser cannot decode (HEIC outside Safari) is sent as it is.
  var SHRINK_OVER = 1024 * 1024, SHRINK_SIDE = 2048;
  function smaller(file) {
    if (file.size <= SHRINK_OVER || !window.createImageBitmap || !/^image\/(jpeg|png)$/.test(file.type)) {
      return Promise.resolve({ name: file.name, blob: file });
    }
    return createImageBitmap(file, { imageOrientation: "from-image" }).then(function (bitmap) {
      var scale = Math.min(1, SHRINK_SIDE / Math.max(bitmap.width, bitmap.height));
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      return new Promise(function (resolve) {
        canvas.toBlob(function (blob) {
          resolve(blob && blob.size < file.size ? { name: file.name.replace(/\.\w+$/, "") + ".jpg", blob: blob } : { name: file.name, blob: file });
        }, "image/jpeg", 0.85);
      });
    }).catch(function () { return { name: file.name, blob: file }; });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var files = Array.prototype.slice.call(document.getElementById("photos").files || []);
    formStatus.textContent = files.length ? "Förbereder fotona …" : "";
    Promise.all(files.map(smaller)).then(function (photos) {
      var problem = problemBeforeSaving(photos.map(function (p) { return p.blob; }));
      if (problem) { formStatus.textContent = problem; return; }
      var draft = {
        key: form.querySelector("#client_key").value, user: user, walk: walk, created: Date.now(),
        client_key: form.querySelector("#client_key").value,
        lat: latInput.value, lon: lonInput.value, category: category.value,
        text: document.getElementById("text").value,
        earlier_finding: earlier ? earlier.value : "", outcome: earlier ? document.getElementById("outcome").value : "",
        photos: photos,
      };
      return putDraft(draft).then(function () {
        form.reset();
        form.querySelector("#client_key").value = newKey();
        latInput.value = ""; lonInput.value = "";
        pointStatus.textContent = "Ingen punkt vald ännu.";
        formStatus.textContent = "Iakttagelsen är sparad i telefonen och skickas nu.";
        return show().then(sendAll);
      }, function () {
        formStatus.textContent = "Utkastet kunde inte sparas i telefonen. Skickar direkt i stället.";
        form.submit();
      });
    });
  });

  document.getElementById("utkast-skicka").addEventListener("click", sendAll);
  window.addEventListener("online", sendAll);
  window.addEventListener("offline", show);

  // --- the point: a map tap or the device's position -------------------------------------------------
  function pick(lat, lon, how) {
    latInput.value = lat.toFixed(6);
    lonInput.value = lon.toFixed(6);
    pointStatus.textContent = how + ": " + lat.toFixed(5) + ", " + lon.toFixed(5) + ".";
    if (marker) { marker.setLatLng([lat, lon]); }
    else if (shown) { marker = L.circleMarker([lat, lon], { radius: 9, color: "#0b4f6c", weight: 3, fillOpacity: 0.4 }).addTo(shown.map); }
  }
  var shown = window.lagesbildWalkMap && window.lagesbildWalkMap.shown;
  var marker = null;
  if (shown) { shown.map.on("click", function (event) { pick(event.latlng.lat, event.latlng.lng, "Vald punkt"); }); }
  if (earlier) {
    earlier.addEventListener("change", function () {
      var option = earlier.options[earlier.selectedIndex];
      if (!option.value) { return; }
      category.value = option.dataset.kategori;
      pick(parseFloat(option.dataset.lat), parseFloat(option.dataset.lon), "Samma plats som förra gången");
    });
  }
  var locate = document.getElementById("min-position");
  if ("geolocation" in navigator) {
    locate.hidden = false;
    locate.addEventListener("click", function () {
      pointStatus.textContent = "Hämtar din position …";
      navigator.geolocation.getCurrentPosition(
        function (position) {
          pick(position.coords.latitude, position.coords.longitude, "Din position");
          if (shown) { shown.map.setView([position.coords.latitude, position.coords.longitude], 17); }
        },
        function () { pointStatus.textContent = "Din position kunde inte hämtas. Tryck i kartan i stället."; },
        { enableHighAccuracy: true, timeout: 15000 }
      );
    });
  }

  form.querySelector("#client_key").value = form.querySelector("#client_key").value || newKey();
  show().then(function (drafts) { if (drafts.length && navigator.onLine) { sendAll(); } });
})();
