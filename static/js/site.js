// Every page: the collapsible main menu on narrow screens, and tables that scroll sideways inside a
// focusable, labelled region (so keyboard users can scroll them too). Without JavaScript the menu is
// simply open (static/css/nojs.css) and the tables still scroll.
(function () {
  "use strict";
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }

  function enhance() {
    var toggle = document.getElementById("meny-knapp");
    var nav = document.getElementById("huvudmeny");
    if (toggle && nav) {
      toggle.addEventListener("click", function () {
        var open = toggle.getAttribute("aria-expanded") !== "true";
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
        nav.classList.toggle("site-nav--open", open);
      });
    }

    var counter = 0;
    function label(wrap) {
      var caption = wrap.querySelector("caption");
      if (caption) {
        if (!caption.id) { counter += 1; caption.id = "tabellrubrik-" + counter; }
        wrap.setAttribute("aria-labelledby", caption.id);
      } else if (!wrap.hasAttribute("aria-label")) {
        wrap.setAttribute("aria-label", "Tabell");
      }
    }
    function regions() {
      Array.prototype.forEach.call(document.querySelectorAll(".table-wrap"), function (wrap) {
        if (wrap.dataset.region === "static") { return; }  // marked up as a region in the template
        if (wrap.scrollWidth > wrap.clientWidth + 1) {
          wrap.setAttribute("tabindex", "0");
          wrap.setAttribute("role", "region");
          if (!wrap.hasAttribute("aria-labelledby") && !wrap.hasAttribute("aria-label")) { label(wrap); }
          wrap.dataset.region = "scrolls";
        } else if (wrap.dataset.region === "scrolls") {
          wrap.removeAttribute("tabindex");
          wrap.removeAttribute("role");
          delete wrap.dataset.region;
        }
      });
    }
    regions();
    var pending = null;
    window.addEventListener("resize", function () {
      clearTimeout(pending);
      pending = setTimeout(regions, 150);
    });
  }
})();
