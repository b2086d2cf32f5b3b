// The book's chart code, bundled with Vega, Vega-Lite and Vega-Embed into one script
// (companion.sphinxext.build_bundle, which defines ALTAIR_VERSIONS before it): it publishes the
// libraries as globals, tells Altair's loader which versions are present, gives vega-embed's
// action menu an accessible name, and swaps each static chart for the interactive one.
window.vega = vega;
window.vegaLite = vegaLite;
window.VEGA_DEBUG = Object.assign(window.VEGA_DEBUG || {}, ALTAIR_VERSIONS);
// Vega gives every mark container an ARIA role; a container with no label and no title
// (an empty layer, an interval brush) carries nothing for assistive technology and is hidden.
function hideUnlabelledMarks(root) {
  root.querySelectorAll('g[role="graphics-symbol"]:not([aria-label]):not([aria-hidden])')
    .forEach(function (g) {
      if (!g.querySelector(":scope > title")) { g.setAttribute("aria-hidden", "true"); }
    });
}
var embedWithA11y = function (el, spec, opts) {
  return vegaEmbed(el, spec, opts).then(function (result) {
    var root = typeof el === "string" ? document.querySelector(el) : el;
    if (root) {
      root.querySelectorAll("details > summary").forEach(function (s) {
        if (!s.getAttribute("aria-label")) {
          s.setAttribute("aria-label", "Chart menu: save the chart as SVG or PNG");
        }
      });
      hideUnlabelledMarks(root);
      new MutationObserver(function () { hideUnlabelledMarks(root); })
        .observe(root, {subtree: true, childList: true});
    }
    return result;
  });
};
window.vegaEmbed = embedWithA11y;

// --- the book's charts: swap each static SVG for the interactive chart, fitted to its width ---
var ACTIONS_ROOM = 40;  // px kept free on the right of a chart for vega-embed's menu
var NARROW = 500;       // below this container width the menu overlaps the chart's corner
var measureCtx = document.createElement("canvas").getContext("2d");
function textWidth(text, fontSize, weight, font) {
  measureCtx.font = (weight || "normal") + " " + fontSize + "px " + (font || "sans-serif");
  return measureCtx.measureText(text).width;
}
// Break a title into lines that fit the width, measured in the chart's own font.
function wrapText(text, fontSize, width, weight, font) {
  var out = [];
  [].concat(text).forEach(function (line) {
    var cur = "";
    String(line).split(" ").forEach(function (w) {
      var next = cur ? cur + " " + w : w;
      if (cur && textWidth(next, fontSize, weight, font) > width) { out.push(cur); cur = w; }
      else { cur = next; }
    });
    if (cur) { out.push(cur); }
  });
  return out.length === 1 ? out[0] : out;
}
function fitTitle(node, width, font) {
  var t = node.title;
  width = width < NARROW ? width - ACTIONS_ROOM : width;
  if (!t) { return; }
  if (typeof t === "string" || Array.isArray(t)) { node.title = wrapText(t, 17, width, 600, font); return; }
  if (t.text) { t.text = wrapText(t.text, t.fontSize || 17, width, t.fontWeight || 600, font); }
  if (t.subtitle) { t.subtitle = wrapText(t.subtitle, t.subtitleFontSize || 13, width, "normal", font); }
}
function fitNode(node, width, shrink, font) {
  if (!node || typeof node !== "object") { return; }
  fitTitle(node, width, font);
  if (node.vconcat) { node.vconcat.forEach(function (c) { fitNode(c, width, shrink, font); }); return; }
  if (node.hconcat) {
    if (width < 560) { node.vconcat = node.hconcat; delete node.hconcat; fitNode(node, width, shrink, font); return; }
    node.hconcat.forEach(function (c) { fitNode(c, width / node.hconcat.length, shrink, font); });
    return;
  }
  if (node.concat) {
    if (width < 560) { node.columns = 1; }
    var share = node.columns === 1 ? 1 : node.concat.length;
    node.concat.forEach(function (c) { fitNode(c, width / share, shrink, font); });
    return;
  }
  if ((node.facet || node.repeat) && node.spec) {
    var inner = node.spec;
    // A row of column panels cannot wrap; a wrapped facet can, so narrow screens get one.
    if (node.facet && node.facet.column && !node.facet.row && width < 700) {
      node.facet = node.facet.column;
    }
    if (typeof inner.width === "number") {
      var per = inner.width + 50;
      var cols = Math.max(1, Math.floor(width / per));
      if (!node.columns || node.columns > cols) {
        node.columns = cols;
      }
      if (inner.width + 90 + shrink > width) { inner.width = Math.max(60, width - 90 - shrink); }
    }
    return;
  }
  if (typeof node.width === "number" && node.width + 90 + shrink > width) {
    node.width = Math.max(60, width - 90 - shrink);
  }
}
// On a narrow screen, long axis and legend labels are cut (with an ellipsis) rather than
// leaving too little room for the plot; the full label stays in the tooltip and data table.
function limitLabels(node, limit, width, font) {
  if (!node || typeof node !== "object") { return; }
  if (node.encoding) {
    Object.keys(node.encoding).forEach(function (k) {
      var ch = node.encoding[k];
      if (!ch || typeof ch !== "object") { return; }
      // A long axis title is broken into lines instead of widening the chart.
      if (typeof ch.title === "string" && textWidth(ch.title, 13, 500, font) > width * 0.9) {
        ch.title = wrapText(ch.title, 13, width * 0.9, 500, font);
      }
      ["axis", "legend"].forEach(function (part) {
        if (ch[part] && typeof ch[part] === "object") {
          ch[part].labelLimit = Math.min(ch[part].labelLimit || limit, limit);
          if (part === "legend" && ch.legend.orient && ch.legend.orient !== "bottom") {
            ch.legend.orient = "bottom";  // a legend beside the plot takes the plot's room
          }
          if (part === "legend" && ch.legend.columns > 1 && width < NARROW) { ch.legend.columns = 1; }
        }
      });
    });
  }
  ["layer", "vconcat", "hconcat", "concat"].forEach(function (key) {
    if (Array.isArray(node[key])) { node[key].forEach(function (c) { limitLabels(c, limit, width, font); }); }
  });
  if (node.spec) { limitLabels(node.spec, limit, width, font); }
}
function fittedSpec(spec, width, shrink) {
  var s = JSON.parse(JSON.stringify(spec));
  if (width < 700 || shrink > 0) {
    fitNode(s, width - 12, shrink, (s.config && s.config.font) || "sans-serif");
    s.config = s.config || {};
    s.config.legend = Object.assign({}, s.config.legend, {columns: width < 480 ? 1 : 2});
    var limit = Math.max(70, Math.round(width * 0.33));
    s.config.axis = Object.assign({}, s.config.axis, {labelLimit: limit});
    s.config.legend.labelLimit = limit;
    limitLabels(s, limit, width, (s.config && s.config.font) || "sans-serif");
  }
  return s;
}
function drawChart(box) {
  var data = JSON.parse(box.querySelector("script.companion-chart-spec").textContent);
  // On wide screens the embed keeps room on the right for its action menu; on narrow ones the
  // menu sits over the chart's top right corner (the stylesheet drops the room), so the chart
  // gets the whole width and only its titles keep clear of the menu.
  var full = box.clientWidth || box.parentNode.clientWidth || 680;
  var width = full >= NARROW ? full - ACTIONS_ROOM : full;
  if (box.dataset.drawnWidth && Math.abs(Number(box.dataset.drawnWidth) - width) < 8) { return; }
  box.dataset.drawnWidth = width;
  var target = box.querySelector(".companion-chart-live");
  if (!target) {
    target = document.createElement("div");
    target.className = "companion-chart-live";
    box.appendChild(target);
  }
  var attempt = function (shrink) {
    return embedWithA11y(target, fittedSpec(data.spec, width, shrink), data.embed).then(function (r) {
      var svg = target.querySelector("svg");
      var drawn = svg ? svg.getBoundingClientRect().width : 0;
      var natural = svg && svg.width && svg.width.baseVal ? svg.width.baseVal.value : drawn;
      if (natural > width + 1 && shrink < 600) { r.finalize(); return attempt(shrink + natural - width + 4); }
      return r;
    });
  };
  attempt(0).then(function () {
    box.classList.add("companion-chart-interactive");
  }).catch(function (err) {
    box.classList.remove("companion-chart-interactive");
    console.warn("chart kept static: " + err);
  });
}
// A chart becomes interactive when it comes near the screen, so a long page does not draw
// every chart at once before the reader can scroll; until then its static drawing shows.
function drawAll() {
  var boxes = Array.prototype.slice.call(document.querySelectorAll("div.companion-chart"));
  if (!("IntersectionObserver" in window)) { boxes.forEach(drawChart); return; }
  var watcher = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting) { watcher.unobserve(entry.target); drawChart(entry.target); }
    });
  }, {rootMargin: "400px 0px"});
  boxes.forEach(function (box) { watcher.observe(box); });
}
if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", drawAll); }
else { drawAll(); }
var resizeTimer = null;
window.addEventListener("resize", function () {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(function () {
    document.querySelectorAll("div.companion-chart[data-drawn-width]").forEach(drawChart);
  }, 250);
});
