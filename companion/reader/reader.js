// Turns the book's single-page build into the course reader, in the page, before printing.
// Called once per edition with the options built by companion.reader (edition, cover text,
// parts of the table of contents, the site's address). Returns what the printer needs to know:
// the chapters' anchors, the charts' smallest printed text, the links it could not keep.
(opts) => {
  const article = document.querySelector("article.bd-article");
  if (!article) { throw new Error("no article.bd-article in the single-page build"); }
  const root = new URL(opts.rootPage, location.href);  // the single page, e.g. .../book/intro.html
  const siteBase = opts.siteBase.replace(/\/?$/, "/");
  const el = (tag, attrs, text) => {
    const e = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => e.setAttribute(k, v));
    if (text !== undefined) { e.textContent = text; }
    return e;
  };
  const headingText = (h) => {
    const c = h.cloneNode(true);
    c.querySelectorAll("a.headerlink").forEach((a) => a.remove());
    return c.textContent.replace(/\s+/g, " ").trim();
  };

  // ---- the chapters: one section per document, in _toc.yml order --------------------------
  const chapters = [];
  document.querySelectorAll('span[id^="document-"]').forEach((span) => {
    let section = span.nextElementSibling;
    while (section && section.tagName !== "SECTION") { section = section.nextElementSibling; }
    if (section) { chapters.push({doc: span.id.slice("document-".length), span, section}); }
  });
  const removedDocs = new Set(opts.dropDocs);
  const removedIds = new Map();  // id -> document it lived in, for links into dropped parts
  chapters.filter((c) => removedDocs.has(c.doc)).forEach((c) => {
    c.section.querySelectorAll("[id]").forEach((n) => removedIds.set(n.id, c.doc));
    removedIds.set(c.span.id, c.doc);
    c.section.remove();
    c.span.remove();
  });
  const kept = chapters.filter((c) => !removedDocs.has(c.doc));

  // ---- solutions: left out of the students' edition, opened in the instructors' -------------
  const solutions = Array.from(article.querySelectorAll("div.solution"));
  const solutionIds = solutions.map((s) => s.id);
  if (opts.solutions) {
    solutions.forEach((s) => {
      s.classList.remove("toggle-hidden", "dropdown", "toggle");
      s.querySelectorAll(".toggle-hidden").forEach((n) => n.classList.remove("toggle-hidden"));
      s.querySelectorAll("button.toggle-button").forEach((b) => b.remove());
    });
  } else {
    solutions.forEach((s) => {
      s.querySelectorAll("[id]").forEach((n) => removedIds.set(n.id, null));
      removedIds.set(s.id, null);
      s.remove();
    });
  }

  // ---- self-check questions: the question and its choices are printed; the answers and their
  // feedback only in the instructors' edition (with the solutions); no button to press ------
  article.querySelectorAll("div.selfcheck").forEach((q) => {
    q.querySelectorAll("button.selfcheck-check, .selfcheck-feedback").forEach((n) => n.remove());
    const key = q.querySelector(".selfcheck-key");
    if (key && opts.solutions) { key.hidden = false; } else if (key) { key.remove(); }
  });

  // ---- screen-only parts: hidden code (the notebooks carry it), chart data tables (the
  // downloads carry them), permalinks, copy buttons, interactive chart containers ------------
  article.querySelectorAll(
    "details.hide.above-input, details.chart-data, a.headerlink, button.copybtn, " +
    ".companion-chart-live, script.companion-chart-spec, .toctree-wrapper > ul, .toggle-button, " +
    "form.claims-filter, #claims-filter-count"
  ).forEach((n) => n.remove());
  article.querySelectorAll(".claims-scroll").forEach((n) => { n.removeAttribute("tabindex"); });

  // ---- headings: each chapter's title becomes a level-1 heading (the outline's top level) ---
  const retag = (h, level) => {
    const n = document.createElement("h" + level);
    Array.from(h.attributes).forEach((a) => n.setAttribute(a.name, a.value));
    n.append(...h.childNodes);
    h.replaceWith(n);
    return n;
  };
  kept.forEach((c) => {
    c.section.querySelectorAll("h2, h3, h4, h5, h6").forEach((h) => {
      retag(h, Number(h.tagName[1]) - 1);
    });
  });

  // ---- links: the single page's own anchors; everything else to the published site ---------
  // Links resolve against the single page (book/intro.html); links written as raw HTML by the
  // chapters (ledger tables) are relative to their own page (book/<part>/<page>.html), so
  // both "book/x.html" and "x.html" below the output folder name the document book/x.
  const outRoot = new URL("..", root).pathname;
  const ids = new Set(Array.from(document.querySelectorAll("[id]")).map((n) => n.id));
  const offSite = [];
  article.querySelectorAll("a[href]").forEach((a) => {
    const raw = a.getAttribute("href");
    if (/^(mailto:|https?:)/.test(raw)) { return; }
    const url = new URL(raw, root);
    const frag = decodeURIComponent(url.hash.slice(1));
    let rel = url.pathname.startsWith(outRoot) ? url.pathname.slice(outRoot.length) : "";
    rel = rel.replace(/^(book\/)+/, "");
    const doc = rel.endsWith(".html") ? "book/" + rel.slice(0, -5) : null;
    let target = null;
    if (frag && ids.has(frag)) {
      target = "#" + frag;
    } else if (!frag && doc === opts.rootDoc) {
      target = "#" + opts.firstId;
    } else if (!frag && doc && ids.has("document-" + doc)) {
      target = "#document-" + doc;
    } else if (frag.startsWith("document-")) {
      target = siteBase + frag.slice("document-".length) + ".html";
    } else if (frag && removedIds.has(frag)) {
      // In the other edition only: the same place on the published site.
      const where = removedIds.get(frag) || doc;
      target = where ? siteBase + where + ".html#" + frag : null;
    } else if (rel.startsWith("_downloads/")) {
      target = siteBase + rel;
    }
    if (target) {
      a.setAttribute("href", target);
    } else {
      offSite.push(raw);
      a.replaceWith(...a.childNodes);
    }
  });

  // ---- tables too wide for a portrait page (six columns or more) get landscape pages --------
  article.querySelectorAll("table").forEach((t) => {
    const row = t.querySelector("tr");
    if (row && row.children.length >= 6) {
      (t.closest(".cell_output, .pst-scrollable-table-container, .table-wrapper") || t).classList.add("reader-wide-table");
    }
  });

  // ---- charts: the static drawing, and its smallest text once printed ----------------------
  // A static drawing's long title can run past its own frame (the interactive chart wraps it);
  // the frame is widened to what is drawn, so nothing is cut off on paper.
  const charts = [];
  article.querySelectorAll("div.companion-chart").forEach((box, i) => {
    const svg = box.querySelector(".companion-chart-static svg");
    if (svg) {
      const vb = svg.viewBox.baseVal;
      const frame = svg.getBoundingClientRect();
      const k = vb.width / (frame.width || vb.width);
      let bb = {x: vb.x, y: vb.y, width: vb.width, height: vb.height};
      svg.querySelectorAll(".role-title").forEach((t) => {
        const r = t.getBoundingClientRect();
        const x = vb.x + (r.left - frame.left) * k, y = vb.y + (r.top - frame.top) * k;
        const right = Math.max(bb.x + bb.width, x + r.width * k), bottom = Math.max(bb.y + bb.height, y + r.height * k);
        bb = {x: Math.min(bb.x, x), y: Math.min(bb.y, y)};
        bb.width = right - bb.x; bb.height = bottom - bb.y;
      });
      const x0 = Math.min(vb.x, Math.floor(bb.x)), y0 = Math.min(vb.y, Math.floor(bb.y));
      const x1 = Math.max(vb.x + vb.width, Math.ceil(bb.x + bb.width) + 4);
      const y1 = Math.max(vb.y + vb.height, Math.ceil(bb.y + bb.height));
      if (x0 < vb.x || y0 < vb.y || x1 > vb.x + vb.width || y1 > vb.y + vb.height) {
        svg.setAttribute("viewBox", `${x0} ${y0} ${x1 - x0} ${y1 - y0}`);
        svg.setAttribute("width", String(x1 - x0));
        svg.setAttribute("height", String(y1 - y0));
      }
    }
    const fig = box.closest("figure");
    const title = svg ? (svg.querySelector("title") || {}).textContent || "" : "";
    charts.push({index: i, id: fig ? fig.id : "", svg: !!svg, title});
  });

  // ---- cover, contents, running heads ---------------------------------------------------
  const cover = el("section", {class: "reader-cover", id: "reader-cover"});
  cover.append(el("p", {class: "reader-cover-kicker"}, "Course reader"));
  cover.append(el("h1", {class: "reader-cover-title"}, opts.cover.title));
  cover.append(el("p", {class: "reader-cover-subtitle"}, opts.cover.subtitle));
  cover.append(el("p", {class: "reader-cover-edition"}, opts.cover.edition));
  const facts = el("dl", {class: "reader-cover-facts"});
  opts.cover.facts.forEach(([k, v, href]) => {
    facts.append(el("dt", {}, k));
    const dd = el("dd", {});
    if (href) { dd.append(el("a", {href}, v)); } else { dd.textContent = v; }
    facts.append(dd);
  });
  cover.append(facts);

  const toc = el("nav", {class: "reader-toc", id: "reader-toc", "aria-label": "Contents"});
  toc.append(el("h1", {class: "reader-toc-title"}, "Contents"));
  const entries = [];
  opts.parts.forEach((part) => {
    const docs = part.docs.filter((d) => kept.some((c) => c.doc === d));
    if (!docs.length) { return; }
    if (part.caption) { toc.append(el("p", {class: "reader-toc-part"}, part.caption)); }
    const list = el("ol", {class: "reader-toc-list"});
    docs.forEach((d) => {
      const c = kept.find((k) => k.doc === d);
      const h = c.section.querySelector("h1");
      const li = el("li", {});
      const a = el("a", {href: "#" + c.section.id});
      a.append(el("span", {class: "reader-toc-text"}, h ? headingText(h) : d));
      a.append(el("span", {class: "reader-toc-page", "data-target": c.section.id}, "000"));
      li.append(a);
      list.append(li);
      entries.push({doc: d, id: c.section.id, title: h ? headingText(h) : d});
    });
    toc.append(list);
  });
  const firstSection = article.querySelector("section");
  if (firstSection) {
    const h = firstSection.querySelector("h1");
    entries.unshift({doc: opts.rootDoc, id: firstSection.id, title: h ? headingText(h) : ""});
    const intro = el("li", {});
    const a = el("a", {href: "#" + firstSection.id});
    a.append(el("span", {class: "reader-toc-text"}, h ? headingText(h) : ""));
    a.append(el("span", {class: "reader-toc-page", "data-target": firstSection.id}, "000"));
    intro.append(a);
    const list = el("ol", {class: "reader-toc-list"});
    list.append(intro);
    toc.insertBefore(list, toc.children[1]);
  }

  // Each chapter on its own named page, so that its running head names it.
  const rules = [];
  const quote = (s) => JSON.stringify(s).replace(/\\u/g, "\\\\u");
  const book = quote(opts.cover.title);
  if (firstSection) {
    firstSection.style.page = "intro";
    rules.push(`@page intro { @top-left { content: ${book}; } }`);
  }
  kept.forEach((c, i) => {
    const h = c.section.querySelector("h1");
    c.section.style.page = "ch" + i;
    c.section.classList.add("reader-chapter");
    rules.push(`@page ch${i} { @top-left { content: ${book}; } @top-right { content: ${quote(h ? headingText(h) : "")}; } }`);
  });
  const style = el("style", {id: "reader-running-heads"});
  style.textContent = rules.join("\n");
  document.head.append(style);

  document.title = opts.documentTitle;
  document.documentElement.setAttribute("lang", opts.lang);
  document.documentElement.setAttribute("data-theme", "light");
  document.body.replaceChildren(cover, toc, article);
  document.body.classList.add("reader", "reader-" + opts.edition);
  return {entries, charts, offSite, solutions: solutionIds.length,
          droppedDocs: chapters.length - kept.length};
}
