/* Glossary tooltips: the texts are shipped once per page as JSON and set as titles before
   Material's bundle runs, so Material's tooltips pick them up. */
(function () {
  var data = document.getElementById("term-tips");
  if (!data) return;
  var tips = JSON.parse(data.textContent);
  var terms = document.querySelectorAll("abbr.term[data-term]");
  for (var i = 0; i < terms.length; i++) {
    var tip = tips[terms[i].getAttribute("data-term")];
    if (tip) terms[i].setAttribute("title", tip);
  }
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
