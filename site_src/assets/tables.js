// Wide tables on a phone: the columns a reader came for come first (rank, area, value, change);
// the others scroll sideways inside the table's frame. A frame that scrolls says so, in words
// above it and with a shadow on the side that has more, so no column hides off-screen unnoticed.
(function () {
  // The English edition's pages say lang="en" on <html>; the words are the script's own.
  var ENGLISH = document.documentElement.lang === "en";
  var CUE = ENGLISH ? "Wide table: swipe sideways for the other columns" : "表格较宽：左右滑动查看其余各列";

  function mark(wrap) {
    var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
    wrap.classList.toggle("lyg-scrolls", scrolls);
    wrap.classList.toggle("lyg-more-right", scrolls && wrap.scrollLeft + wrap.clientWidth < wrap.scrollWidth - 1);
    wrap.classList.toggle("lyg-more-left", scrolls && wrap.scrollLeft > 1);
    var cue = wrap.previousElementSibling;
    var hasCue = cue && cue.classList.contains("lyg-scroll-cue");
    if (scrolls && !hasCue) {
      cue = document.createElement("p");
      cue.className = "lyg-scroll-cue";
      cue.textContent = CUE;
      wrap.parentNode.insertBefore(cue, wrap);
    } else if (!scrolls && hasCue) {
      cue.remove();
    }
  }

  function markAll() {
    document.querySelectorAll(".lyg-table-wrap").forEach(function (wrap) {
      mark(wrap);
      if (!wrap.dataset.lygCue) {
        wrap.dataset.lygCue = "1";
        wrap.addEventListener("scroll", function () { mark(wrap); }, { passive: true });
      }
    });
  }

  markAll();
  window.addEventListener("resize", markAll);
  if (window.document$) { window.document$.subscribe(markAll); }
})();

// A filter over long lists (/data/): `input[data-lyg-filter]` names the container whose
// `[data-lyg-filter-item]` rows it filters by their text; groups (<details>) with a match open.
// Without JavaScript the filter stays hidden and every group can still be opened.
(function () {
  var ENGLISH = document.documentElement.lang === "en";  // the English edition: its own words
  function setUp() {
    document.querySelectorAll("input[data-lyg-filter]").forEach(function (input) {
      var box = document.querySelector(input.getAttribute("data-lyg-filter"));
      var holder = input.closest("[hidden]");
      if (!box || input.dataset.lygReady) { return; }
      input.dataset.lygReady = "1";
      if (holder) { holder.hidden = false; }
      var count = holder ? holder.querySelector(".lyg-filter-count") : null;
      input.addEventListener("input", function () {
        var words = input.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
        var shown = 0;
        box.querySelectorAll("details").forEach(function (group) {
          var any = false;
          group.querySelectorAll("[data-lyg-filter-item]").forEach(function (row) {
            var text = row.textContent.toLowerCase();
            var match = words.every(function (w) { return text.indexOf(w) >= 0; });
            row.hidden = !match;
            if (match) { any = true; shown += 1; }
          });
          group.hidden = words.length > 0 && !any;
          group.open = words.length > 0 && any;
        });
        if (count) { count.textContent = !words.length ? ""
          : ENGLISH ? shown + (shown === 1 ? " chart found" : " charts found") : "找到 " + shown + " 个图表"; }
      });
    });
  }
  setUp();
  if (window.document$) { window.document$.subscribe(setUp); }
})();
