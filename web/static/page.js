// Page behaviours that would otherwise be inline handlers (the Content-Security-Policy runs no inline script):
// a button with data-print prints the page; a control with data-autosubmit submits its form when changed.
"use strict";
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
document.querySelectorAll("[data-autosubmit]").forEach(function (control) {
  control.addEventListener("change", function () {
    control.form.submit();
  });
});
