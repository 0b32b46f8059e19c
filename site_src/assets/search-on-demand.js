// The search index is the largest file of the site (megabytes) and most readers never search.
// The theme's bundle requests it (search/search_index.json, by XMLHttpRequest) as a page loads;
// this script, loaded just before the bundle, holds that one request back until the reader opens
// the search (the theme's own `__search` toggle: the header's search button, a tap or focus in the
// search box, the keyboard shortcut), then sends it unchanged. The theme does the same by itself
// for pages opened from disk (file://); everything else of its search stays as it is: the box
// says it is getting ready until the index has arrived, then answers what was typed meanwhile.
(function () {
  var toggle = document.getElementById("__search");
  if (!toggle || !window.XMLHttpRequest) { return; }
  var INDEX = /\/search\/search_index\.json(?:[?#]|$)/;
  var proto = XMLHttpRequest.prototype;
  var open = proto.open;
  var send = proto.send;
  var asked = false;
  var held = [];

  function ask() {
    if (asked) { return; }
    asked = true;
    held.splice(0).forEach(function (request) { send.apply(request.xhr, request.args); });
  }
  proto.open = function (method, url) {
    this.lygSearchIndex = INDEX.test(String(url));
    return open.apply(this, arguments);
  };
  proto.send = function () {
    if (this.lygSearchIndex && !asked) { held.push({ xhr: this, args: arguments }); return; }
    return send.apply(this, arguments);
  };
  toggle.addEventListener("change", function () { if (toggle.checked) { ask(); } });
  document.addEventListener("focusin", function (event) {
    var target = event.target;
    if (target && target.matches && target.matches("[data-md-component=search-query]")) { ask(); }
  });
})();
