/* HMS-sertifikat: the project's own script, loaded on every page (no inline scripts: CSP). */
"use strict";
document.addEventListener("change", (event) => {
  /* A <select data-autosubmit> sends its form when a choice is made (the language picker). */
  const select = event.target.closest("select[data-autosubmit]");
  if (select && select.form) {
    select.form.submit();
  }
});

/* Tables that stack into cards on a phone (table.table-stack, static/css/hms.css): each
   cell is labelled with its column's heading, so a stacked row still says what is what. */
document.querySelectorAll("table.table-stack").forEach((table) => {
  const labels = Array.from(table.querySelectorAll("thead tr:last-child > *")).map((th) =>
    th.querySelector(".visually-hidden") ? "" : th.textContent.trim()
  );
  table.querySelectorAll("tbody tr").forEach((row) => {
    Array.from(row.children).forEach((cell, index) => {
      if (labels[index] && !cell.hasAttribute("data-label")) {
        cell.setAttribute("data-label", labels[index]);
      }
    });
  });
});
