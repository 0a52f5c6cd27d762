/* A search link (?q=) shows its results before Material's bundle has run. main.html's head script
   starts the search worker (search-worker.js, EARLY) and loads this script; it asks the worker for
   its early answer (SHOW) and puts it in Material's result list, in the markup Material gives a
   result (its renderSearchResultItem, for items of one document each as the worker makes them),
   with Material's result count (of all items) and the ?h= highlight of its search.highlight feature. When the
   bundle has run, Material shows the same answer in the same list: nothing here handles keys or
   later queries. Nothing is shown where Material (or the reader) got there first. */
(function () {
  "use strict";
  const script = document.currentScript;
  const worker = script && script.agWorker;
  const q = new URLSearchParams(location.search).get("q");
  // Material's bundle, held by main.html's head script until the answer is on screen: run as the
  // parser reaches it, its long first run (0.5 s on a slow phone) would keep the answer from the screen.
  const go = (script && script.agGo) || function () {};
  if (!worker || !q) return go();

  function attr(value) {
    return String(value).replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  }

  function item(doc, cfg, base) {
    const url = new URL(doc.location, base);
    if ((cfg.features || []).includes("search.highlight")) {
      url.searchParams.set("h", Object.entries(doc.terms || {}).filter(([, m]) => m)
        .reduce((h, [v]) => `${h} ${v}`.trim(), ""));
    }
    // doc.title is the worker's HTML (its text escaped there), as Material inserts it.
    return `<li class="md-search-result__item"><a href="${attr(url)}" class="md-search-result__link" tabindex="-1">` +
      `<article class="md-search-result__article md-typeset" data-md-score="${attr(Number(doc.score).toFixed(2))}">` +
      `<div class="md-search-result__icon md-icon"></div><h1>${doc.title}</h1></article></a></li>`;
  }

  // Material's config (base, features, translations), once the parser has read all of it.
  function config() {
    const el = document.getElementById("__config");
    try { return el ? JSON.parse(el.textContent) : null; } catch (err) { return null; }
  }

  function show(data) {
    const list = document.querySelector(".md-search-result__list");
    const meta = document.querySelector(".md-search-result__meta");
    const toggle = document.querySelector("[data-md-toggle=search]");
    const input = document.querySelector(".md-search__input");
    const cfg = config();
    if (!list || !meta || !toggle || !input || !cfg || list.firstElementChild) return;
    if (input.value && input.value !== q) return;  // the reader is typing another query
    const base = new URL(cfg.base, location.href);
    const items = (data.items || []).filter(i => i && i.length === 1);
    const t = cfg.translations || {};
    // What the bundle does first of all (Material hides its search box without script), and then
    // on ?q= (it opens the search).
    document.documentElement.classList.remove("no-js");
    document.documentElement.classList.add("js");
    toggle.checked = true;
    // Under an open search on a phone Material fixes the page (body[data-md-scrolllock], 400 ms after
    // the search opens), or its overlay widens the layout. Only at the top of the page: Material keeps
    // the reader's place from where the window is scrolled when it locks.
    if (!matchMedia("(min-width: 60em)").matches && !window.scrollY) {
      document.body.setAttribute("data-md-scrolllock", "");
      document.body.style.top = "-0px";
    }
    input.value = q;
    // Material shows ten at once and the rest as the list scrolls; the bundle will be here by then.
    list.innerHTML = items.slice(0, 10).map(i => item(i[0], cfg, base)).join("");
    const n = items.length;
    const said = n === 0 ? t["search.result.none"] : n === 1 ? t["search.result.one"]
      : (t["search.result.other"] || "").replace("#", String(n));
    if (said) meta.textContent = said;
  }

  worker.addEventListener("message", function early(ev) {
    const msg = ev.data;
    if (!msg || msg.type !== 101 || msg.q !== q) return;
    worker.removeEventListener("message", early);
    // Material's config closes the body, just before its bundle, which holds up the page while it
    // runs: show as soon as the parser has passed the config (a mutation observer's callback runs at
    // the parser's next script end tag, the bundle's, before the bundle runs).
    let done = false;
    const once = () => {
      if (done || !config()) return;
      done = true;
      seen.disconnect();
      show(msg.data);
      requestAnimationFrame(() => setTimeout(go));  // after the frame that paints it
      setTimeout(go, 500);  // a tab in the background paints no frame
    };
    const seen = new MutationObserver(once);
    once();
    if (!done && document.readyState === "loading") {
      seen.observe(document.documentElement, { childList: true, subtree: true });
      document.addEventListener("DOMContentLoaded", once);
    }
  });
  worker.addEventListener("error", go);
  worker.postMessage({ type: 101 });
})();
