// The article page: layers switch on and off; the event or attribution named in the URL's #fragment is
// brought into view with its spans marked.
(function () {
  "use strict";
  const layers = document.getElementById("layers");
  if (layers) {
    layers.addEventListener("change", function (event) {
      const box = event.target;
      if (box && box.type === "checkbox") document.body.classList.toggle("hide-" + box.value, !box.checked);
    });
  }
  function focus() {
    for (const old of document.querySelectorAll("article .focus")) old.classList.remove("focus");
    const id = decodeURIComponent(location.hash.slice(1));
    if (!id.startsWith("event-")) return;
    const anchor = document.getElementById(id);
    if (!anchor) return;
    for (const span of document.querySelectorAll("article .ev-" + CSS.escape(id.slice(6)))) span.classList.add("focus");
    anchor.scrollIntoView({ block: "center" });
  }
  window.addEventListener("hashchange", focus);
  focus();
})();
