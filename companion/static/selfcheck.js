// Self-check questions (companion/selfcheck.py renders them). Loaded as a file by the book's
// pages that ask a question, and inline in JupyterLab, where it may run once per question:
// it installs one listener on the document, once. The feedback for every answer is already in
// the question's hidden block; checking copies the matching one into the question's live
// region (role="status"), which screen readers announce. Nothing is stored or sent.
(function () {
  "use strict";
  if (window.companionSelfcheck) { return; }
  window.companionSelfcheck = true;

  function say(box, state, lead, source) {
    var live = box.querySelector(".selfcheck-feedback");
    live.textContent = "";
    var p = document.createElement("p");
    var strong = document.createElement("strong");
    strong.textContent = lead;
    p.appendChild(strong);
    if (source) {
      p.appendChild(document.createTextNode(" "));
      Array.prototype.forEach.call(source.childNodes, function (n) {
        if (!(n.classList && n.classList.contains("selfcheck-choice-text"))) {
          p.appendChild(n.cloneNode(true));
        }
      });
    }
    live.appendChild(p);
    box.setAttribute("data-state", state);
  }

  function check(box) {
    var key = box.querySelector(".selfcheck-key");
    if (box.getAttribute("data-kind") === "numeric") {
      var input = box.querySelector("input");
      var text = input.value.trim().replace(/\s/g, "").replace(/%$/, "");
      if (/^-?\d+,\d+$/.test(text)) { text = text.replace(",", "."); } else { text = text.replace(/,/g, ""); }
      var answer = text === "" ? NaN : Number(text);
      if (isNaN(answer)) { say(box, "empty", "Type a number first.", null); return; }
      var value = Number(box.getAttribute("data-value"));
      var tolerance = Number(box.getAttribute("data-tolerance"));
      var right = Math.abs(answer - value) <= tolerance + 1e-9;
      say(box, right ? "right" : "wrong", right ? "Correct." : "Not correct.",
          key.querySelector('[data-result="' + (right ? "right" : "wrong") + '"]'));
      return;
    }
    var chosen = box.querySelector("input[type=radio]:checked");
    if (!chosen) { say(box, "empty", "Choose an answer first.", null); return; }
    var fb = key.querySelector('[data-choice="' + chosen.value + '"]');
    var ok = fb.getAttribute("data-correct") === "true";
    say(box, ok ? "right" : "wrong", ok ? "Correct." : "Not correct.", fb);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".selfcheck .selfcheck-check");
    if (button) { check(button.closest(".selfcheck")); }
  });
  // The feedback's link to the passage or chart. On the book's page the browser follows it. In
  // JupyterLab a chart has no id, and jupyterlab-myst spells some heading ids its own way (an
  // en dash as a hyphen): the link goes to the heading whose id has the same letters and digits,
  // or else to the section that holds the chart (the link's data-section).
  function squash(id) { return (id || "").toLowerCase().replace(/[^a-z0-9]/g, ""); }
  function place(name) {
    if (!name) { return null; }
    var found = document.getElementById(name);
    if (found) { return found; }
    var headings = document.querySelectorAll("h1, h2, h3, h4, h5, h6");
    for (var i = 0; i < headings.length; i++) {
      var h = headings[i];
      if (squash(h.id || h.getAttribute("data-jupyter-id")) === squash(name)) { return h; }
    }
    return null;
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".selfcheck-feedback a[href^='#']");
    if (!link) { return; }
    var target = decodeURIComponent(link.getAttribute("href").slice(1));
    if (document.getElementById(target)) { return; }
    var found = place(target) || place(link.getAttribute("data-section"));
    if (found) {
      event.preventDefault();
      found.scrollIntoView({ block: "start" });
    }
  });
  // Enter in an answer checks it, as the button does.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !event.target.closest) { return; }
    var box = event.target.closest(".selfcheck");
    if (box && event.target.tagName === "INPUT") {
      event.preventDefault();
      check(box);
    }
  });
  // A new answer clears the old feedback, so that it never describes another answer.
  document.addEventListener("change", function (event) {
    var box = event.target.closest && event.target.closest(".selfcheck");
    if (box && box.getAttribute("data-state")) {
      box.querySelector(".selfcheck-feedback").textContent = "";
      box.removeAttribute("data-state");
    }
  });
})();
