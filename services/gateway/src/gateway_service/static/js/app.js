// Behaviour that would otherwise need inline script (forbidden by the CSP).
// Loaded with defer on every page.
(function () {
  "use strict";
  // Switching the language applies at once; the button stays for keyboard and no-JS use.
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target && target.id === "locale-switch" && target.form) {
      target.form.submit();
    }
  });
})();

// @-mention suggestions: a click inserts "@userName " into the composer's text.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-mention]");
    if (!button) {
      return;
    }
    var area = document.getElementById(button.getAttribute("data-target"));
    if (!area) {
      return;
    }
    var spacer = area.value && !/\s$/.test(area.value) ? " " : "";
    area.value += spacer + "@" + button.getAttribute("data-mention") + " ";
    area.focus();
  });
})();
