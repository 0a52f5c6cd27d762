// The family map page only (linked by main.html when page.meta.family_map).
// The family map: #a-… (a registry row) also marks that agreement's node and list item.
(function () {
  function mark() {
    var key = decodeURIComponent(location.hash.slice(1));
    document.querySelectorAll("[data-a]").forEach(function (e) {
      e.classList.toggle("fm-on", key.indexOf("a-") === 0 && e.getAttribute("data-a") === key.slice(2));
    });
  }
  if (document.querySelector(".family-list")) { addEventListener("hashchange", mark); mark(); }
})();
