/* Byggebro's only script besides htmx: nothing inline, as the CSP requires. */
(function () {
  "use strict";
  // The language switch submits itself when JavaScript runs; without it, its button does.
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target && target.matches && target.matches("select[data-autosubmit]")) {
      target.form.submit();
    }
  });
  // Forms marked data-confirm ask before a change that cannot be undone.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });
  // After an htmx swap, move focus to the new content's status message for screen readers.
  document.addEventListener("htmx:afterSwap", function (event) {
    var focus = event.detail.target.querySelector("[data-focus]");
    if (focus) { focus.focus(); }
  });
})();
