// Accessibility fixes to the Material theme's markup found by axe-core (tests/a11y.py):
// the search overlay is a dialog, and a dialog needs a name for screen readers.
(function () {
  function nameDialogs() {
    document.querySelectorAll(".md-search[role='dialog']:not([aria-label])").forEach(function (el) {
      el.setAttribute("aria-label", "站内搜索");
    });
  }
  nameDialogs();
  if (window.document$) { window.document$.subscribe(nameDialogs); }
})();
