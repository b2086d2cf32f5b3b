// The claims ledger's filter on the Fact-check page: search text, verdict and article; a link to
// a hidden row clears the filter. Written into the page by companion.claims.explorer.
// At load it only listens: the rows are read when the reader first uses the filter, so a page
// that is only read pays nothing for it (the count of claims shown is written in the page).
(function () {
  var table = document.getElementById("claims-ledger");
  if (!table) { return; }
  var text = document.getElementById("claims-filter-text");
  var verdict = document.getElementById("claims-filter-verdict");
  var article = document.getElementById("claims-filter-article");
  var count = document.getElementById("claims-filter-count");
  var reset = document.getElementById("claims-filter-reset");
  var rows = null, haystack = null;
  function setUp() {
    if (rows) { return; }
    rows = Array.prototype.slice.call(table.tBodies[0].rows);
    haystack = rows.map(function (r) { return r.textContent.toLowerCase(); });
  }
  function apply() {
    setUp();
    var q = text.value.trim().toLowerCase(), v = verdict.value, a = article.value, shown = 0;
    rows.forEach(function (r, i) {
      var ok = (!q || haystack[i].indexOf(q) !== -1) &&
               (!v || r.getAttribute("data-verdict") === v) &&
               (!a || r.cells[0].textContent === a);
      if (r.hidden !== !ok) { r.hidden = !ok; }
      if (ok) { shown += 1; }
    });
    count.textContent = shown + " of " + rows.length + " claims shown";
  }
  function clear() { text.value = ""; verdict.value = ""; article.value = ""; apply(); }
  function reveal() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (target && target.hidden) { clear(); target.scrollIntoView(); }
  }
  text.form.addEventListener("submit", function (event) { event.preventDefault(); });
  text.addEventListener("input", apply);
  verdict.addEventListener("change", apply);
  article.addEventListener("change", apply);
  reset.addEventListener("click", clear);
  window.addEventListener("hashchange", reveal);
})();
