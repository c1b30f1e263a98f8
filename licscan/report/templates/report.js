"use strict";
(function () {
  // Sort any table.sortable by a click on its column header; cells may carry data-sort keys.
  function cellKey(row, index) {
    var cell = row.cells[index];
    if (!cell) { return ""; }
    return cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
  }
  function compare(a, b) {
    var x = Number(a), y = Number(b);
    if (a !== "" && b !== "" && !isNaN(x) && !isNaN(y)) { return x - y; }
    return a.localeCompare(b, undefined, { numeric: true, sensitivity: "base" });
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var headers = table.tHead ? Array.prototype.slice.call(table.tHead.rows[0].cells) : [];
    headers.forEach(function (th, index) {
      var button = th.querySelector("button");
      if (!button) { return; }
      button.addEventListener("click", function () {
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows).filter(function (r) { return r.cells.length > 1; });
        var descending = th.getAttribute("aria-sort") === "ascending";
        rows.sort(function (r1, r2) {
          var order = compare(cellKey(r1, index), cellKey(r2, index));
          return descending ? -order : order;
        });
        headers.forEach(function (other) { other.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", descending ? "descending" : "ascending");
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });

  // Filter the findings table by free text, severity and accepted state.
  var table = document.getElementById("findings");
  if (!table) { return; }
  var search = document.getElementById("f-search");
  var severity = document.getElementById("f-severity");
  var accepted = document.getElementById("f-accepted");
  var count = document.getElementById("f-count");
  function apply() {
    var query = search.value.trim().toLowerCase();
    var rows = Array.prototype.slice.call(table.tBodies[0].rows).filter(function (r) {
      return r.hasAttribute("data-severity");
    });
    var shown = 0;
    rows.forEach(function (r) {
      var keep = (!query || r.textContent.toLowerCase().indexOf(query) !== -1) &&
        (!severity.value || r.getAttribute("data-severity") === severity.value) &&
        (accepted.checked || !r.hasAttribute("data-accepted"));
      r.hidden = !keep;
      if (keep) { shown += 1; }
    });
    count.textContent = shown + " of " + rows.length;
  }
  search.addEventListener("input", apply);
  severity.addEventListener("change", apply);
  accepted.addEventListener("change", apply);
  apply();
})();
