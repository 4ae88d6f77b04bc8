// The meeting's agenda notes: saved together as the chair types ("Sparat 14.32"), a warning before
// leaving with unsaved text, and the server's version check reported instead of overwriting anyone.
(function () {
  "use strict";
  var form = document.getElementById("anteckningar");
  if (!form || !window.fetch || !window.FormData) { return; }
  var status = document.getElementById("anteckningar-status");
  var version = form.querySelector("input[name='version']");
  var delay = 1500;
  var timer = null;
  var sending = false;
  var again = false;
  var dirty = false;
  var stopped = false;
  var edits = 0;

  function say(text) {
    if (status.textContent !== text) { status.textContent = text; }  // announce changes only
  }

  function save() {
    timer = null;
    if (stopped) { return; }
    if (sending) { again = true; return; }
    sending = true;
    var sent = edits;
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      if (result.ok) {
        version.value = String(result.data.version);
        if (edits === sent) { dirty = false; }
        say(result.data.message);
      } else if (result.data.closed) {
        // The meeting was closed meanwhile: saving can never succeed, so say so once and stop; the
        // text stays in the field (and leaving still warns) so the chair can copy it.
        stopped = true;
        say(result.data.message);
      } else {
        // A conflict or refused text: stop saving on our own; the button shows both texts or the
        // message beside the field, and the typed text stays where it is.
        stopped = true;
        say((result.data.message || result.data.meddelande || "Anteckningarna är inte sparade.") +
          " Klicka på ”Spara anteckningar”.");
      }
    }).catch(function () {
      say("Inte sparat just nu. Texten finns kvar i fältet; spara med knappen.");
    }).then(function () {
      sending = false;
      if (again) { again = false; schedule(); }
    });
  }

  function schedule() {
    if (timer) { window.clearTimeout(timer); }
    timer = window.setTimeout(save, delay);
  }

  form.addEventListener("input", function (event) {
    if (event.target.tagName !== "TEXTAREA") { return; }
    dirty = true;
    edits += 1;
    if (stopped) { return; }  // the message that stopped saving stays readable
    say("Ändringar som inte är sparade ännu …");
    schedule();
  });

  form.addEventListener("submit", function () {
    dirty = false;  // the form itself saves (or comes back with the text and the message)
    if (timer) { window.clearTimeout(timer); }
  });

  window.addEventListener("beforeunload", function (event) {
    if (!dirty) { return; }
    event.preventDefault();
    event.returnValue = "";
  });
})();
