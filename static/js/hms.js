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

/* Double submission: every POST form gets a token drawn now (the server lets one POST per
   token take effect: submissions/middleware.py), and its buttons are disabled, with a
   spinner, once it is sent. The buttons are disabled only after the browser has collected
   the form's data, so the clicked button's own name and value still go along. */
function submissionToken() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
document.querySelectorAll("form[method=post], form[method=POST]").forEach((form) => {
  const input = document.createElement("input");
  input.type = "hidden";
  input.name = "_submission";
  input.value = submissionToken();
  form.appendChild(input);
  form.addEventListener("submit", (event) => {
    if (event.defaultPrevented) {
      return;
    }
    const clicked = event.submitter;
    setTimeout(() => {
      form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]").forEach((button) => {
        button.disabled = true;
        button.setAttribute("aria-busy", "true");
      });
      if (clicked && clicked.tagName === "BUTTON") {
        const spinner = document.createElement("span");
        spinner.className = "spinner-border spinner-border-sm ms-2";
        spinner.setAttribute("aria-hidden", "true");
        clicked.appendChild(spinner);
      }
    }, 0);
  });
});
/* Back to a page from the browser's cache: its buttons work again. */
window.addEventListener("pageshow", (event) => {
  if (event.persisted) {
    document.querySelectorAll("[aria-busy=true]").forEach((button) => {
      button.disabled = false;
      button.removeAttribute("aria-busy");
      button.querySelectorAll(".spinner-border").forEach((s) => s.remove());
    });
  }
});

/* A form whose kind is a choice (the survey form: surveys/forms.py): fields marked
   data-kind-only="<kind>" are shown only while that kind is chosen, and are cleared when
   hidden, so what is sent is what was seen. The server refuses them for another kind. */
document.querySelectorAll("select[data-kind-choice]").forEach((choice) => {
  const form = choice.form;
  const show = () => {
    form.querySelectorAll("[data-kind-only]").forEach((input) => {
      const wrapper = input.closest("[id^=div_id_]") || input.parentElement;
      const visible = input.getAttribute("data-kind-only") === choice.value;
      wrapper.hidden = !visible;
      if (!visible && input.type === "checkbox") {
        input.checked = false;
      }
    });
  };
  choice.addEventListener("change", show);
  show();
});

/* Upload progress: a form marked data-upload-progress is sent by XMLHttpRequest, so its
   upload can show a progress bar; without script it is an ordinary POST. The form's data
   are collected here, before the double-submission guard above disables the buttons (its
   _submission token goes along). The answer (the page redirected to, or the form again
   with its errors) replaces this page, as a normal submission would, so its messages show. */
document.querySelectorAll("form[data-upload-progress]").forEach((form) => {
  form.addEventListener("submit", (event) => {
    const file = form.querySelector("input[type=file]");
    if (event.defaultPrevented || !file || !file.files.length || !window.FormData) {
      return;
    }
    event.preventDefault();
    const data = new FormData(form, event.submitter);
    form.querySelectorAll(".upload-progress").forEach((old) => old.remove());
    const box = document.createElement("div");
    box.className = "upload-progress my-3";
    const label = document.createElement("label");
    label.className = "form-label small mb-1";
    label.textContent = form.dataset.uploadLabel || "";
    const bar = document.createElement("progress");
    bar.id = "upload-progress-bar";
    bar.max = 100;
    bar.value = 0;
    label.htmlFor = bar.id;
    const status = document.createElement("div");
    status.className = "small";
    status.setAttribute("role", "status");
    box.append(label, bar, status);
    form.querySelector("button[type=submit]").before(box);

    const request = new XMLHttpRequest();
    request.open("POST", form.action || window.location.href);
    request.upload.addEventListener("progress", (progress) => {
      if (progress.lengthComputable) {
        const percent = Math.round((progress.loaded / progress.total) * 100);
        bar.value = percent;
        status.textContent = `${percent} %`;
      }
    });
    request.addEventListener("load", () => {
      window.history.replaceState(null, "", request.responseURL);
      document.open();
      document.write(request.responseText);
      document.close();
    });
    request.addEventListener("error", () => {
      status.textContent = form.dataset.uploadFailed || "";
      form.querySelectorAll("[aria-busy=true]").forEach((button) => {
        button.disabled = false;
        button.removeAttribute("aria-busy");
        button.querySelectorAll(".spinner-border").forEach((s) => s.remove());
      });
    });
    request.send(data);
  });
});
