// Printing a family page: the server has logged the print (NEN 7513: every print of client
// data is an access event) and marks the page with data-print-on-load; the CSP forbids
// inline scripts, so the dialog opens from here.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    if (document.querySelector("[data-print-on-load]")) {
      window.print();
    }
  });
})();
