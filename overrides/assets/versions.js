/* Versions: the selector keeps the reader on the same clause; ?v=DATE#id on the current
   page follows a clause through renumbering (versions.json maps old ids to current ids). */
(function () {
  var select = document.querySelector("select.version-select");
  var params = new URLSearchParams(location.search);
  var v = params.get("v");
  if (!select && !v) return;
  function pageBase() { return location.pathname.replace(/[^/]*$/, ""); }
  // versions.json sits in the agreement folder: /slug/ or /slug/DATE/ -> /slug/
  function agreementRoot() {
    var p = pageBase();
    return /\/\d{4}-\d{2}-\d{2}\/$/.test(p) ? p.replace(/\d{4}-\d{2}-\d{2}\/$/, "") : p;
  }
  var cache;
  function load() {
    cache = cache || fetch(agreementRoot() + "versions.json").then(function (r) { return r.json(); });
    return cache;
  }
  function shownDate(data) {
    var m = pageBase().match(/\/(\d{4}-\d{2}-\d{2})\/$/);
    return m ? m[1] : data.current;
  }
  function byDate(data, date) {
    for (var i = 0; i < data.versions.length; i++) if (data.versions[i].date === date) return data.versions[i];
    return null;
  }
  // Map an id shown in version `from` to the id of the same provision in version `to`.
  function mapId(data, id, from, to) {
    if (!id || from === to) return id;
    var cur = id;
    if (from !== data.current) {
      var f = byDate(data, from);
      cur = f && f.to_current ? f.to_current[id] : id;
      if (cur === null || cur === undefined) return null;
    }
    if (to === data.current) return cur;
    var t = byDate(data, to);
    if (!t || !t.to_current) return null;
    for (var old in t.to_current) if (t.to_current[old] === cur) return old;
    return null;
  }
  function notice(html) {
    var box = document.createElement("div");
    box.className = "admonition info version-notice";
    box.setAttribute("role", "status");
    box.innerHTML = html;
    var article = document.querySelector(".md-content__inner") || document.body;
    article.insertBefore(box, article.firstChild);
  }
  function esc(s) { return String(s).replace(/[&<>"]/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; }); }
  if (select) {
    select.addEventListener("change", function () {
      var target = select.value;
      load().then(function (data) {
        var to = (target.match(/(\d{4}-\d{2}-\d{2})\/?$/) || [])[1] || data.current;
        var id = mapId(data, location.hash.slice(1), shownDate(data), to);
        location.href = target + (id ? "#" + id : "");
      });
    });
  }
  if (v) {
    load().then(function (data) {
      var id = location.hash.slice(1);
      if (v === data.current || !byDate(data, v)) return;
      var old = byDate(data, v);
      var now = mapId(data, id, v, data.current);
      var oldUrl = old.url + (id ? "#" + id : "");
      if (now === null) {
        notice("<p>此链接指向 " + esc(v) + " 版本的 " + esc(id) + "，该条已在现行版本中删除。" +
               "<a href=\"" + esc(oldUrl) + "\">查看 " + esc(v) + " 版本中的原文</a></p>");
      } else if (now && now !== id) {
        history.replaceState(null, "", location.pathname + location.search + "#" + now);
        var el = document.getElementById(now);
        if (el) el.scrollIntoView();
        notice("<p>此链接指向 " + esc(v) + " 版本的 " + esc(id) + "，该条在现行版本中为 " +
               "<a href=\"#" + esc(now) + "\">" + esc(now) + "</a>。<a href=\"" + esc(oldUrl) +
               "\">查看 " + esc(v) + " 版本</a></p>");
        // :target does not follow replaceState; mark the element for the highlight.
        if (el) el.classList.add("is-target");
      }
    });
  }
})();
