/* Embedded view (?embed=1): only the agreement text, for in-app webviews.
   Runs in <head> so the site chrome never flashes; keeps embed=1 on site links. */
(function () {
  if (new URLSearchParams(location.search).get("embed") !== "1") return;
  document.documentElement.classList.add("embed");
  function keep() {
    var links = document.querySelectorAll("a[href]");
    for (var i = 0; i < links.length; i++) {
      var a = links[i], u;
      try { u = new URL(a.getAttribute("href"), location.href); } catch (e) { continue; }
      if (u.origin !== location.origin || /\.(json|xml|txt)$/.test(u.pathname)) continue;
      u.searchParams.set("embed", "1");
      a.setAttribute("href", u.pathname + u.search + u.hash);
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", keep);
  else keep();
})();
