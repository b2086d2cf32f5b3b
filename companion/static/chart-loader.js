// Inline on pages with charts. The static drawings are the charts until the reader does
// something with the page (scrolls, points, touches, types): only then is the chart bundle
// (its URL in this script's data-bundle) fetched, and each chart turns interactive as it comes
// near the screen. A reader who only reads the first screen downloads none of it.
(function (script) {
  var url = script.dataset.bundle;
  var events = ["scroll", "wheel", "pointerdown", "pointermove", "touchstart", "keydown", "focusin"];
  var fetched = false;
  function fetchBundle() {
    if (fetched) { return; }
    fetched = true;
    events.forEach(function (name) { window.removeEventListener(name, fetchBundle, true); });
    var s = document.createElement("script");
    s.src = url;
    document.head.appendChild(s);
  }
  events.forEach(function (name) {
    window.addEventListener(name, fetchBundle, {capture: true, passive: true});
  });
})(document.currentScript);
