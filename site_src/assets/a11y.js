// Accessibility fixes to the Material theme's markup found by axe-core (tests/a11y.py):
// the search overlay is a dialog, and a dialog needs a name for screen readers.
(function () {
  function nameDialogs() {
    document.querySelectorAll(".md-search[role='dialog']:not([aria-label])").forEach(function (el) {
      // The English edition's pages say lang="en" on <html>; the words are the script's own.
      el.setAttribute("aria-label", document.documentElement.lang === "en" ? "Search this site" : "站内搜索");
    });
  }
  nameDialogs();
  if (window.document$) { window.document$.subscribe(nameDialogs); }
})();
