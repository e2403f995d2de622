// Samenspel's only page script. The Content-Security-Policy forbids inline scripts, so any
// behaviour hangs off data- attributes here.
(function () {
  "use strict";

  // Ask before destructive actions: <button data-confirm="Are you sure?">.
  document.addEventListener("submit", function (event) {
    var submitter = event.submitter;
    var message = (submitter && submitter.dataset.confirm) || event.target.dataset.confirm;
    if (!message) { return; }
    if (!window.confirm(message)) {
      event.preventDefault();
      return;
    }
    // Said yes here: the server does not ask again on a page (core/confirm.py).
    var confirmed = document.createElement("input");
    confirmed.type = "hidden";
    confirmed.name = "confirmed";
    confirmed.value = "1";
    event.target.appendChild(confirmed);
  });

  // A professional picker's search (Enter or the Search button) goes through the search box's
  // own htmx request: one trigger on one element also cancels the pending while-typing search,
  // so a late answer cannot replace a choice made in the meantime. Without htmx the form
  // submits and the page comes back with the matches.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !window.htmx || form.dataset.pickerSearch === undefined) {
      return;
    }
    var box = document.querySelector('input[type="search"][form="' + form.id + '"]');
    if (box) {
      event.preventDefault();
      window.htmx.trigger(box, "picker-search");
    }
  });

  // The main menu folds into "Menu" on small screens; on wide screens it is always open
  // (its toggle is hidden there). Without this script the menu simply stays open.
  var menu = document.querySelector("[data-menu]");
  if (menu && window.matchMedia) {
    var wide = window.matchMedia("(min-width: 48em)");
    var fit = function () { menu.open = wide.matches; };
    fit();
    if (wide.addEventListener) { wide.addEventListener("change", fit); }
  }

  // After htmx swaps in new content, move focus to it so keyboard and screen-reader users
  // know something changed.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (target && target.dataset.focusOnSwap !== undefined) {
      target.setAttribute("tabindex", "-1");
      target.focus();
    }
  });
})();
