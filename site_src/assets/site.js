// Hide warning banners whose end time has passed: the site is static, so a banner built while a
// warning was active must not stay up after it ends.
(function () {
  function hideExpired() {
    var now = Date.now();
    document.querySelectorAll("[data-expires]").forEach(function (el) {
      var end = Date.parse(el.getAttribute("data-expires"));
      if (!isNaN(end) && now >= end) { el.hidden = true; el.setAttribute("aria-hidden", "true"); }
    });
    // The theme's banner bar goes too when no warning in it is still in force.
    document.querySelectorAll(".md-banner").forEach(function (bar) {
      if (!bar.querySelector("[data-expires]:not([hidden])")) { bar.hidden = true; }
    });
  }
  hideExpired();
  setInterval(hideExpired, 60000);
  if (window.document$) { window.document$.subscribe(hideExpired); }
})();

// Interactive charts: each `.lyg-chart[data-spec]` shows its SVG (works without JavaScript);
// here the Vega bundle served by the site itself (never a CDN) redraws it from its Vega-Lite
// spec, with tooltips. The bundle (about 300 KB compressed, and seconds of a phone's CPU) is
// fetched only when the reader asks for a chart: taps, clicks, points at or focuses it, or
// scrolls the page and a chart is then in view. Nothing of it loads with the page, so a phone
// shows the text and the chart images first. Loaded as a module, so its top-level names stay
// out of the page's global scope.
(function () {
  var script = document.currentScript;
  var bundleUrl = script ? new URL("vega/vega-bundle.js", script.src).href : null;
  var loading = null;

  function loadVega() {
    if (window.vegaEmbed) { return Promise.resolve(window.vegaEmbed); }
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.type = "module";
        tag.src = bundleUrl;
        tag.onload = function () { window.vegaEmbed ? resolve(window.vegaEmbed) : reject(new Error("vegaEmbed missing")); };
        tag.onerror = function () { reject(new Error("cannot load " + bundleUrl)); };
        document.head.appendChild(tag);
      });
    }
    return loading;
  }

  // Phones: a chart drawn for a 640 px column and scaled down to a phone's width has labels 8 px
  // tall. In a narrower column the interactive chart is redrawn for the width at hand (Vega's
  // fit-x autosize): text keeps a readable size, fewer ticks, the legend goes below the plot and
  // the title stands alone (the caption under the figure gives the source). Exported PNG/SVG
  // files are not touched.
  var NARROW_FONT = 12;
  // About how wide the title block draws: its longest line at about 11 px a character (Chinese).
  function titleWidth(title) {
    if (!title) { return 0; }
    var lines = [].concat(typeof title === "string" ? title : [title.text, title.subtitle || []]);
    lines = [].concat.apply([], lines);
    return Math.max.apply(null, lines.map(function (line) { return String(line || "").length * 11; }));
  }
  function forWidth(spec, available) {
    if (typeof spec.width !== "number" || !available) { return spec; }
    if (available >= spec.width + 40 && available >= titleWidth(spec.title)) { return spec; }
    var s = JSON.parse(JSON.stringify(spec));
    s.width = Math.max(160, Math.floor(available) - 4);
    s.autosize = { type: "fit-x", contains: "padding" };
    var cfg = s.config = s.config || {};
    cfg.axis = Object.assign({}, cfg.axis, { labelFontSize: NARROW_FONT, titleFontSize: NARROW_FONT,
      labelOverlap: true, tickCount: 4 });
    cfg.legend = Object.assign({}, cfg.legend, { orient: "bottom", direction: "horizontal", columns: 3,
      labelFontSize: NARROW_FONT, titleFontSize: NARROW_FONT });
    cfg.text = Object.assign({ fontSize: NARROW_FONT }, cfg.text);
    if (s.title) {
      var text = typeof s.title === "string" ? s.title : s.title.text;
      s.title = { text: text, anchor: "start", fontSize: NARROW_FONT + 2, limit: s.width };
    }
    return s;
  }

  function upgrade(el) {
    if (el.getAttribute("data-state")) { return; }
    el.setAttribute("data-state", "loading");
    var specUrl = new URL(el.getAttribute("data-spec"), document.baseURI).href;
    Promise.all([loadVega(), fetch(specUrl).then(function (r) {
      if (!r.ok) { throw new Error(specUrl + " answered " + r.status); }
      return r.json();
    })]).then(function (results) {
      var target = document.createElement("div");
      target.className = "lyg-chart-live";
      el.appendChild(target);
      var spec = forWidth(results[1], el.clientWidth);
      // ast: Vega interprets chart expressions instead of compiling them with Function(), so the
      // pages' Content-Security-Policy needs no 'unsafe-eval' (see generator/csp.py).
      return results[0](target, spec, { actions: false, renderer: "svg", ast: true }).then(function () {
        var fallback = el.querySelector("img");
        // One accessible image with the chart's description, as the static SVG had: Vega's own
        // per-mark ARIA roles carry no text a screen reader could use.
        target.setAttribute("role", "img");
        target.setAttribute("aria-label", (fallback && fallback.getAttribute("alt")) || results[1].description || "");
        target.querySelectorAll("svg").forEach(function (svg) { svg.setAttribute("aria-hidden", "true"); });
        if (fallback) { fallback.remove(); }
        el.setAttribute("data-state", "interactive");
      });
    }).catch(function (err) {
      // The SVG stays: a reader still sees the chart. Say why in the console for maintainers.
      el.setAttribute("data-state", "static");
      if (window.console) { console.warn("chart stays static:", err && err.message); }
    });
  }

  // Tables wider than the page scroll inside their wrapper: keyboard users must be able to
  // reach and scroll them too (the templates set tabindex; the theme's own wrappers get it here).
  function focusableScrollers() {
    document.querySelectorAll(".lyg-table-wrap, .md-typeset__scrollwrap").forEach(function (el) {
      if (!el.hasAttribute("tabindex")) { el.setAttribute("tabindex", "0"); }
    });
  }
  focusableScrollers();
  if (window.document$) { window.document$.subscribe(focusableScrollers); }

  // The reader has moved the page (scroll, wheel, touch, a key): from then on a chart turns
  // interactive as it comes within a screen's reach. Before that, only a chart the reader points
  // at, taps or focuses does.
  var engaged = false;
  var observer = window.IntersectionObserver ? new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (engaged && entry.isIntersecting) { observer.unobserve(entry.target); upgrade(entry.target); }
    });
  }, { rootMargin: "200px 0px" }) : null;
  var ENGAGE = ["scroll", "wheel", "touchstart", "keydown"];

  function charts() {
    if (!bundleUrl || !window.fetch || !window.Promise) { return []; }
    return Array.prototype.slice.call(document.querySelectorAll(".lyg-chart[data-spec]:not([data-state])"));
  }
  function watchInView() {
    // (Re)observing reports each chart's current visibility, so charts already on screen count.
    charts().forEach(function (el) {
      if (observer) { observer.unobserve(el); observer.observe(el); } else { upgrade(el); }
    });
  }
  function engage() {
    if (engaged) { return; }
    engaged = true;
    ENGAGE.forEach(function (type) { window.removeEventListener(type, engage, { passive: true }); });
    watchInView();
  }
  function onAsk(event) { upgrade(event.currentTarget); }
  function setUp() {
    charts().forEach(function (el) {
      if (el.hasAttribute("data-lazy")) { return; }
      el.setAttribute("data-lazy", "");
      ["pointerenter", "pointerdown", "focusin", "click"].forEach(function (type) {
        el.addEventListener(type, onAsk, { once: true, passive: true });
      });
    });
    if (engaged) { watchInView(); }
  }
  ENGAGE.forEach(function (type) { window.addEventListener(type, engage, { passive: true }); });

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", setUp); }
  else { setUp(); }
  if (window.document$) { window.document$.subscribe(setUp); }
})();
