// "Kopiera länken": copies a one-time link from its read-only field and says so to screen readers.
(function () {
  "use strict";
  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    var field = document.getElementById(button.dataset.copyTarget);
    var status = document.getElementById(button.dataset.copyStatus);
    if (!field) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      field.select();
      var done = function () {
        if (status) {
          status.textContent = "Länken är kopierad.";
        }
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, function () {
          if (status) {
            status.textContent = "Kunde inte kopiera. Markera länken och kopiera den själv.";
          }
        });
      } else {
        done = null;
        if (status) {
          status.textContent = "Länken är markerad. Kopiera den med Ctrl+C (Cmd+C på Mac).";
        }
      }
    });
  });
})();
