// While someone types in a form, tell the server now and then that the session is in use, so the
// idle timeout does not sign out a member who is still writing a long observation.
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script && script.dataset.url;
  var interval = 5 * 60 * 1000;
  var last = Date.now();
  if (!url) {
    return;
  }
  document.addEventListener("input", function () {
    var now = Date.now();
    if (now - last < interval) {
      return;
    }
    last = now;
    fetch(url, { credentials: "same-origin", cache: "no-store" }).catch(function () {});
  });
})();
