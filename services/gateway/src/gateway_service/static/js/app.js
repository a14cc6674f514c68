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
