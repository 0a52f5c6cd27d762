/* Versions: the selector keeps the reader on the same clause; ?v=DATE#id on the current
   page follows a clause through renumbering (versions.json maps old ids to current ids).
   While a ?v= link is mapped, html.v-map turns the browser's :target highlight off (it would
   mark the clause that carries the old number today) and .is-target marks the right one. */
(function () {
  var select = document.querySelector("select.version-select");
  var root = document.documentElement;
  function vParam() { return new URLSearchParams(location.search).get("v"); }
  var asOf = new URLSearchParams(location.search).get("as_of");
  if (!select && !vParam() && !asOf) return;
  if (vParam()) root.classList.add("v-map");
  var DATE = /\/(\d{4}-\d{2}(?:-\d{2})?)\/$/;
  function pageBase() { return location.pathname.replace(/[^/]*$/, ""); }
  // versions.json sits in the agreement folder: /slug/ or /slug/DATE/ -> /slug/
  function agreementRoot() { return pageBase().replace(DATE, "/"); }
  var cache;
  function load() {
    cache = cache || fetch(agreementRoot() + "versions.json").then(function (r) { return r.json(); });
    return cache;
  }
  function shownDate(data) { var m = pageBase().match(DATE); return m ? m[1] : data.current; }
  function byDate(data, date) {
    for (var i = 0; i < data.versions.length; i++) if (data.versions[i].date === date) return data.versions[i];
    return null;
  }
  // The version in force on `date`: the latest version dated on or before it.
  function inForce(data, date) {
    var best = null;
    for (var i = 0; i < data.versions.length; i++) {
      var d = data.versions[i].date;
      if (d <= date && (!best || d > best.date)) best = data.versions[i];
    }
    return best;
  }
  // As-of: the version in force on `day` starts at its 生效日期 where stated, else at its date.
  function inEffect(data, day) {
    var best = null;
    for (var i = 0; i < data.versions.length; i++) {
      var x = data.versions[i], start = x.effective || x.date;
      if (start <= day && (!best || start >= (best.effective || best.date))) best = x;
    }
    return best;
  }
  function showAsOf(data) {
    var day = /^\d{4}-\d{2}-\d{2}$/.test(asOf) ? asOf : null, shown = shownDate(data);
    var ver = day ? inEffect(data, day) : null;
    var q = new URLSearchParams(location.search);
    if (ver && ver.date !== shown) {
      var id = mapId(data, location.hash.slice(1), shown, ver.date);
      q.delete("v");
      location.replace(ver.url + "?" + q.toString() + (id ? "#" + id : ""));
      return;
    }
    var text = !day ? "as_of 应为 YYYY-MM-DD 形式的日期，下面是本页所示版本。" : !ver
      ? esc(day) + " 时本协议尚无收录的版本（最早为 " + esc(data.versions[0].date) + "）；下面是本页所示版本。"
      : esc(day) + " 当日有效的是此版本（" + esc(ver.date) + "，生效日期 " + esc(ver.effective || "未注明，按版本日期计") + "）。";
    notice(text, document.getElementById(location.hash.slice(1)));  // at the clause, if one is named
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
  function esc(s) { return String(s).replace(/[&<>"']/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; }); }
  function num(id) { return id.replace(/^c-/, ""); }
  // An old id as a reader names it: c-3.1-3 → 第3.1条（3）; other ids (preamble, s-…) as they are.
  function name(id) {
    var m = /^c-([\d.]+)((?:-\w+)*)$/.exec(id);
    if (!m) return esc(id);
    return esc("第" + m[1] + "条" + m[2].split("-").slice(1).map(function (x) { return "（" + x + "）"; }).join(""));
  }
  // A current clause's name as its 引用 button gives it (第3.1条（4）), else its number.
  function cite(id) {
    var el = document.getElementById(id), b = el && (el.querySelector("button.cite") || {}).dataset;
    return esc(b && b.cite ? b.cite : "第 " + num(id) + " 条");
  }
  function clear() {
    var old = document.querySelectorAll(".version-notice, .is-target");
    for (var i = 0; i < old.length; i++) {
      if (old[i].classList.contains("version-notice")) old[i].remove();
      else old[i].classList.remove("is-target");
    }
  }
  // The notice goes right before the clause it speaks of (at the top when there is none),
  // and is scrolled into view with the clause under it.
  function notice(html, el) {
    var box = document.createElement("div");
    box.className = "admonition info version-notice";
    box.setAttribute("role", "status");
    box.innerHTML = "<p>" + html + "</p>";
    var article = document.querySelector(".agreement") || document.querySelector(".md-content__inner") || document.body;
    if (el) el.parentNode.insertBefore(box, el);
    else article.insertBefore(box, article.firstChild);
    box.scrollIntoView({block: "start"});
  }
  function land(id) {
    var el = document.getElementById(id);
    history.replaceState(null, "", location.pathname + location.search + "#" + id);
    if (el) { el.classList.add("is-target"); el.scrollIntoView({block: "start"}); }
    return el;
  }
  function apply(data) {
    var v = vParam();
    clear();
    root.classList.toggle("v-map", !!v);
    var id = location.hash.slice(1);
    try { id = decodeURIComponent(id); } catch (e) { /* a malformed %-escape stays as typed */ }
    if (!v || !id) return;
    var ver = /^\d{4}-\d{2}(-\d{2})?$/.test(v) ? inForce(data, v) : null;
    var from = "此链接来自 " + esc(v) + " 的版本";
    if (!ver) {
      root.classList.remove("v-map");
      notice(from + "，但本协议没有该日或更早的版本；下面是现行版本（" + esc(data.current) +
             "）中编号为 " + esc(num(id)) + " 的条款，内容可能不同。", document.getElementById(id));
      return;
    }
    if (ver.current) { root.classList.remove("v-map"); return; }
    if (ver.date !== v) from += "（当日有效的是 " + esc(ver.date) + " 版本）";
    var map = ver.to_current || {}, kind = (ver.kinds || {})[id], now = map[id];
    var embed = new URLSearchParams(location.search).get("embed") === "1" ? "?embed=1" : "";
    var oldLink = "<a href=\"" + esc(ver.url + embed + "#" + id) + "\">查看 " + esc(ver.date) + " 版本原文</a>";
    if (now === undefined) {
      root.classList.remove("v-map");
      notice(from + "，该版本中没有 " + esc(num(id)) + "。" + oldLink, document.getElementById(id));
      return;
    }
    if (now === id && !kind) { root.classList.remove("v-map"); return; }
    if (now === null) {
      // Removed: the nearest surviving parent (c-3.1-4 → c-3.1 → c-3), else the old version.
      var p = id, parent = null;
      while (!parent && /[-.][^-.]+$/.test(p.replace(/^c-/, ""))) {
        p = p.replace(/[-.][^-.]+$/, "");
        parent = map[p] || null;
      }
      if (!parent) { location.replace(ver.url + embed + "#" + id); return; }
      notice(from + "：" + name(id) + "已在现行版本（" + esc(data.current) + "）中删除，下面是其上级条款" +
             cite(parent) + "。" + oldLink, land(parent));
      return;
    }
    var to = "<a href=\"#" + esc(now) + "\">" + cite(now) + "</a>";
    var what = kind === "reworded" ? (now === id ? "已修改" : "已修改并移至" + to) : "已移至" + to;
    notice(from + "：" + name(id) + "在现行版本（" + esc(data.current) + "）中" + what + "。" + oldLink, land(now));
  }
  if (select) {
    select.addEventListener("change", function () {
      var target = select.value;
      load().then(function (data) {
        var to = (target.match(/(\d{4}-\d{2}(?:-\d{2})?)\/?$/) || [])[1] || data.current;
        var id = mapId(data, location.hash.slice(1), shownDate(data), to);
        location.href = target + (id ? "#" + id : "");
      });
    });
  }
  if (asOf) { root.classList.remove("v-map"); load().then(showAsOf); }
  else if (vParam() && !DATE.test(pageBase())) {
    load().then(apply);
    window.addEventListener("hashchange", function () { load().then(apply); });
    // A link inside the page names a current id: it leaves the ?v= mapping.
    document.addEventListener("click", function (ev) {
      var a = ev.target.closest && ev.target.closest("a[href^='#']");
      if (!a) return;
      var u = new URL(location.href);
      u.searchParams.delete("v");
      history.replaceState(null, "", u.pathname + u.search + u.hash);
    }, true);
  } else root.classList.remove("v-map");
})();
