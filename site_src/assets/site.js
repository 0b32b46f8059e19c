// Hide warning banners whose end time has passed: the site is static, so a banner built while a
// warning was active must not stay up after it ends.
(function () {
  function hideExpired() {
    var now = Date.now();
    document.querySelectorAll("[data-expires]").forEach(function (el) {
      var end = Date.parse(el.getAttribute("data-expires"));
      if (!isNaN(end) && now >= end) { el.hidden = true; el.setAttribute("aria-hidden", "true"); }
    });
  }
  hideExpired();
  setInterval(hideExpired, 60000);
  if (window.document$) { window.document$.subscribe(hideExpired); }
})();
