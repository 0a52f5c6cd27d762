/* Versions: the selector keeps the reader on the same clause; ?v=DATE#id on the current page
   follows a clause through renumbering (versions.json maps old ids to current ids): it lands on
   the clause that is the old one today, or on the nearest surviving parent of a removed one,
   with a notice at that clause; a date between versions means the version in force that day. */
(function () {
  var select = document.querySelector("select.version-select");
  var params = new URLSearchParams(location.search);
  var v = params.get("v"), asOf = params.get("as_of");
  if (!select && !v && !asOf) return;
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
  function esc(s) { return String(s).replace(/[&<>"]/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; }); }
  // The notice stands at the clause the link lands on (or atop the text), in view.
  function notice(html, at) {
    var box = document.createElement("div");
    box.className = "admonition info version-notice";
    box.setAttribute("role", "status");
    box.innerHTML = html;
    var old = document.querySelector(".version-notice");
    if (old) old.remove();
    var article = document.querySelector(".md-content__inner") || document.body;
    if (at && /^H\d$/.test(at.tagName)) at.parentNode.insertBefore(box, at);
    else if (at) at.insertBefore(box, at.firstChild);
    else article.insertBefore(box, article.firstChild);
    box.scrollIntoView({ block: "start" });
  }
  // The version in force on a date: the latest one dated on or before it.
  function inForce(data, date) {
    var best = null;
    for (var i = 0; i < data.versions.length; i++) {
      var d = data.versions[i].effective || data.versions[i].date;  // 生效日期 where stated
      if (d <= date && (!best || d > best.date)) best = data.versions[i];
    }
    return best;
  }
  // Land on `id` (a fragment navigation, so :target, the highlight, is that clause alone).
  var ours = null;  // the hash this script set (its hashchange is not a new link)
  function land(id) {
    if (location.hash.slice(1) !== id) { ours = id; location.replace("#" + id); }
    return document.getElementById(id);
  }
  function follow(data) {
    var stale = document.querySelector(".version-notice");
    if (stale) stale.remove();
    var id = decodeURIComponent(location.hash.slice(1));
    var ver = inForce(data, v);
    if (!ver) {
      notice("<p>此链接所指日期 " + esc(v) + " 早于本协议收录的最早版本，现显示现行版本。</p>", id && document.getElementById(id));
      return;
    }
    if (ver.current || !id) return;
    var when = ver.date === v ? esc(v) + " 版本" : esc(v) + " 当日有效的 " + esc(ver.date) + " 版本";
    var oldUrl = ver.url + "#" + encodeURIComponent(id);
    var back = "<a href=\"" + esc(oldUrl) + "\">查看该版本中的原文</a>";
    if (!ver.to_current || !(id in ver.to_current)) {
      notice("<p>" + when + "中没有 " + esc(id) + " 这一条款。</p>", null);
      return;
    }
    var now = mapId(data, id, ver.date, data.current);
    var what = (ver.changed || {})[id];
    if (now) {
      var el = land(now);
      var moved = now !== id ? "在现行版本中为 <a href=\"#" + esc(now) + "\">" + esc(now) + "</a>" : "";
      var diff = agreementRoot() + "compare/" + ver.date + "/" + data.current + "/";
      var reworded = what === "changed" ? "，文字已修改（<a href=\"" + esc(diff) + "\">修改对照</a>）" : "";
      if (moved || reworded) {
        notice("<p>此链接指向" + when + "的 " + esc(id) + "：该条" + (moved || "仍在此处") + reworded + "。" +
               back + "</p>", el);
      }
      return;
    }
    // Removed: the nearest surviving parent, never another clause that now has the old id.
    var parent = id, up = null;
    while (!up && /[.-][^.-]+$/.test(parent)) {
      parent = parent.replace(/[.-][^.-]+$/, "");
      var mapped = mapId(data, parent, ver.date, data.current);
      if (mapped && document.getElementById(mapped)) up = mapped;
    }
    var at = up ? land(up) : null;
    if (!up && document.getElementById(id)) { ours = ""; location.replace("#"); }
    notice("<p>此链接指向" + when + "的 " + esc(id) + "，该条已在现行版本中删除" +
           (up ? "；这里是它所在的上级条款" : "") + "。" + back + "</p>", at);
  }
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
  // ?as_of=DATE: the version in force that day, at the same clause.
  if (asOf && /^\d{4}-\d{2}(-\d{2})?$/.test(asOf)) {
    load().then(function (data) {
      var ver = inForce(data, asOf), id = location.hash.slice(1);
      if (!ver) {
        notice("<p>" + esc(asOf) + " 时本协议尚无收录的版本；现显示现行版本。</p>", null);
      } else if (!ver.current) {
        var old = mapId(data, id, shownDate(data), ver.date);
        location.replace(ver.url + (old ? "#" + old : ""));
      }
    });
  }
  if (v) {
    load().then(function (data) {
      follow(data);
      // A link that changes only the hash is followed again.
      window.addEventListener("hashchange", function () {
        var id = location.hash.slice(1);
        if (id === ours) { ours = null; return; }
        var n = document.querySelector(".version-notice a[href='#" + id + "']");
        if (id && !n) follow(data);
      });
    });
  }
})();
