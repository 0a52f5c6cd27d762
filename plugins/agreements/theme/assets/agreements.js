/* Glossary tooltips: every term is focusable and opens on hover, focus or tap; the tooltip shows the
   Chinese term, the English term and a short definition, links to the glossary entry and closes with
   Escape. The texts come once per site from <glossary>/tips.json (fetched on first use, cached). */
(function () {
  var data = document.getElementById("term-tips");
  if (!data) return;
  var glossary = new URL(JSON.parse(data.textContent).glossary, location.href);
  var terms = document.querySelectorAll("abbr.term[data-term]");
  var tips = null, tip = null, owner = null, timer = 0, quiet = null;
  function load() {
    if (!tips) tips = fetch(new URL("tips.json", glossary)).then(function (r) { return r.json(); });
    return tips;
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  function close() {
    clearTimeout(timer);
    if (tip) tip.remove();
    if (owner) owner.removeAttribute("aria-describedby");
    tip = owner = null;
  }
  function open(term) {
    clearTimeout(timer);
    if (owner === term) return;
    close();
    owner = term;
    load().then(function (all) {
      var t = all[term.getAttribute("data-term")];
      if (owner !== term || !t) return;
      tip = el("span", "ag-tip");
      tip.id = "ag-tip"; tip.setAttribute("role", "tooltip"); tip.setAttribute("data-ui", "");
      tip.appendChild(el("strong", "ag-tip-zh", t[0]));
      var en = el("span", "ag-tip-en", t[1]); en.lang = "en"; tip.appendChild(en);
      if (t[2]) tip.appendChild(el("span", "ag-tip-def", t[2]));
      var a = el("a", "ag-tip-link", "查看术语表");
      var href = new URL(glossary); href.hash = term.getAttribute("data-term"); a.href = href.href;
      tip.appendChild(a);
      tip.addEventListener("mouseenter", function () { clearTimeout(timer); });
      tip.addEventListener("mouseleave", later);
      tip.addEventListener("focusout", function (ev) { if (!tip || !tip.contains(ev.relatedTarget)) later(); });
      // Outside the text (the words a reader selects and copies stay the agreement's own).
      document.body.appendChild(tip);
      term.setAttribute("aria-describedby", "ag-tip");
      var r = term.getBoundingClientRect(), room = document.documentElement.clientWidth - 8;
      tip.style.top = (r.bottom + scrollY + 4) + "px";
      tip.style.left = Math.max(8, Math.min(r.left, room - tip.offsetWidth)) + scrollX + "px";
    });
  }
  function later() { clearTimeout(timer); timer = setTimeout(close, 300); }
  for (var i = 0; i < terms.length; i++) {
    var term = terms[i];
    term.tabIndex = 0;
    term.addEventListener("mouseenter", function () { open(this); });
    term.addEventListener("mouseleave", later);
    term.addEventListener("focus", function () { if (quiet === this) quiet = null; else open(this); });
    term.addEventListener("blur", function (ev) { if (!tip || !tip.contains(ev.relatedTarget)) later(); });
    term.addEventListener("click", function () { open(this); });
  }
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Tab" && tip && owner) {
      // The tooltip's link comes right after its term in the tab order.
      var link = tip.querySelector("a");
      if (document.activeElement === owner && !ev.shiftKey) { ev.preventDefault(); link.focus(); return; }
      if (document.activeElement === link) {
        var t0 = owner; close(); quiet = t0; t0.focus({ preventScroll: true });
        if (ev.shiftKey) ev.preventDefault();
        return;
      }
    }
    if (ev.key !== "Escape" || !owner) return;
    var t = owner, inside = tip && tip.contains(document.activeElement);
    close();
    if (inside) { quiet = t; t.focus({ preventScroll: true }); }
  });
  document.addEventListener("click", function (ev) {
    if (owner && !owner.contains(ev.target) && !(tip && tip.contains(ev.target))) close();
  });
})();
/* Copy a clause citation: 《…》第8.2.1条（2025年9月1日版） and its URL. */
(function () {
  function absolute(url) {
    try { return new URL(url, location.href).href; } catch (e) { return url; }
  }
  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    var ta = document.createElement("textarea");
    ta.value = text; ta.setAttribute("readonly", ""); ta.style.position = "fixed"; ta.style.opacity = "0";
    document.body.appendChild(ta); ta.select();
    try { document.execCommand("copy"); } finally { document.body.removeChild(ta); }
    return Promise.resolve();
  }
  var urls = document.querySelectorAll(".page-url");
  for (var i = 0; i < urls.length; i++) urls[i].textContent = absolute(urls[i].textContent);
  /* On a phone, a tap on a provision's first line shows its tools (CSS: .tools-on); one at a time. */
  var shown = null;
  document.addEventListener("click", function (ev) {
    var line = ev.target.closest && ev.target.closest(".agreement .prov > p.lead, .agreement .prov-h");
    if (line && !ev.target.closest(".prov-tools, a, abbr")) {
      var host = line.closest(".prov");
      if (shown && shown !== host) shown.classList.remove("tools-on");
      host.classList.toggle("tools-on");
      shown = host;
    }
  });
  document.addEventListener("click", function (ev) {
    var btn = ev.target.closest && ev.target.closest("button.cite");
    if (!btn) return;
    ev.preventDefault();
    var host = btn.closest("[id]");
    var ag = btn.closest(".agreement");
    var url = location.origin + location.pathname + (host ? "#" + host.id : "");
    var text = "《" + ag.getAttribute("data-title") + "》" + btn.getAttribute("data-cite") +
      ag.getAttribute("data-version") + " " + url;
    copy(text).then(function () {
      btn.classList.add("copied");
      btn.setAttribute("aria-live", "polite");
      setTimeout(function () { btn.classList.remove("copied"); }, 1500);
    });
  });
})();
