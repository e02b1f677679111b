// Progressive enhancement only: every link works without this script.
// When the URL points at a cited span, open its article and highlight every piece of it.
(function () {
  function show() {
    document.querySelectorAll(".hit").forEach(function (el) { el.classList.remove("hit"); });
    var ref = decodeURIComponent(location.hash.slice(1));
    if (!ref) return;
    var anchor = document.getElementById(ref);
    if (!anchor) return;
    var box = anchor.closest("details");
    if (box) box.open = true;
    document.querySelectorAll("[data-cite]").forEach(function (el) {
      if (el.getAttribute("data-cite").split(" ").indexOf(ref) >= 0) el.classList.add("hit");
    });
    anchor.scrollIntoView({block: "center"});
  }
  window.addEventListener("hashchange", show);
  document.addEventListener("DOMContentLoaded", show);
})();
