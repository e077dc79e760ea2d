// The filter forms: a select submits at once; empty fields stay out of the URL (a filtered view is a link).
(function () {
  "use strict";
  const form = document.getElementById("filters");
  if (!form) return;
  form.addEventListener("submit", function () {
    for (const field of form.elements) {
      if (field.name && field.value === "") field.disabled = true;
    }
  });
  for (const select of form.querySelectorAll("select[data-autosubmit]")) {
    select.addEventListener("change", function () { form.requestSubmit(); });
  }
})();
