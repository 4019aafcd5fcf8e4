/* HMS-sertifikat: the project's own script, loaded on every page (no inline scripts: CSP). */
"use strict";
document.addEventListener("change", (event) => {
  /* A <select data-autosubmit> sends its form when a choice is made (the language picker). */
  const select = event.target.closest("select[data-autosubmit]");
  if (select && select.form) {
    select.form.submit();
  }
});
