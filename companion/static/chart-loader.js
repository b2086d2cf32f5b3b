// Inline on pages with charts. The static drawings are the charts until the reader does
// something with the page (touches, points, turns the wheel, presses a key): only then is the
// chart bundle (its URL in this script's data-bundle) fetched, and each chart turns
// interactive as it comes near the screen. A reader who only reads the first screen downloads
// none of it. Scroll events are not used: the browser also sends them for its own scrolling
// (restoring a position, jumping to an anchor), which is not the reader's doing.
(function (script) {
  var url = script.dataset.bundle;
  var events = ["pointerdown", "pointermove", "touchstart", "wheel", "keydown"];
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
