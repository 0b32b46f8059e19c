// Key polluting units: sort the table by any column and filter it by county/district, industry
// and exceedances. Without JavaScript the full table and the per-county pages still work; this
// only adds controls. Cell text is never written back as HTML (textContent only).
(function () {
  function cellValue(row, index, numeric) {
    var cell = row.cells[index];
    if (!cell) { return numeric ? -Infinity : ""; }
    if (numeric) {
      var v = parseFloat(cell.getAttribute("data-value"));
      return isNaN(v) ? -Infinity : v;
    }
    return cell.textContent.trim();
  }

  function makeSortable(table) {
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(headers, function (th, index) {
      if (th.querySelector("button")) { return; }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "lyg-sort";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var numeric = th.getAttribute("data-type") === "number";
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a, index, numeric), y = cellValue(b, index, numeric);
          var order = numeric ? x - y : String(x).localeCompare(String(y), "zh-CN");
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  function connectFilter(form) {
    var table = document.querySelector("table." + form.getAttribute("data-filter-for"));
    if (!table) { return; }
    var count = form.querySelector(".lyg-filter-count");
    var english = /^en/i.test(document.documentElement.lang || "");
    function apply() {
      var county = form.elements.county.value;
      var industry = form.elements.industry.value;
      var exceedOnly = form.elements.exceed.checked;
      var shown = 0;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var visible = (!county || row.getAttribute("data-county") === county) &&
          (!industry || row.getAttribute("data-industry") === industry) &&
          (!exceedOnly || row.getAttribute("data-exceed") === "yes");
        row.hidden = !visible;
        if (visible) { shown += 1; }
      });
      if (count) {
        // The English edition's pages say lang="en" on <html>; the message is the script's own.
        count.textContent = english ? "Showing " + shown + (shown === 1 ? " unit" : " units")
          : "显示 " + shown + " 家单位";
      }
    }
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply();
  }

  function init() {
    document.querySelectorAll("table[data-sortable]").forEach(makeSortable);
    document.querySelectorAll("form.lyg-filter").forEach(connectFilter);
  }
  if (window.document$) { window.document$.subscribe(init); } else { init(); }
})();
