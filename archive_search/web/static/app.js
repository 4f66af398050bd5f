// archive-search: small enhancements only; every page works without this script.
(function () {
  "use strict";
  // "/" jumps to the search box (unless typing somewhere already).
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT");
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      var box = document.getElementById("q");
      if (box) { event.preventDefault(); box.focus(); box.select(); }
    }
  });
  // On an article opened without a #fragment, bring the first match into view.
  document.addEventListener("DOMContentLoaded", function () {
    if (!location.hash) {
      var first = document.getElementById("match-1");
      if (first && document.getElementById("article")) { first.scrollIntoView({block: "center"}); }
    }
    // Changing the sort order re-runs the search at once.
    var sort = document.querySelector("form.search select[name=sort]");
    if (sort && sort.form && document.getElementById("summary")) {
      sort.addEventListener("change", function () { sort.form.submit(); });
    }
  });
})();
