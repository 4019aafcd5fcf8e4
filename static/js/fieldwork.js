/* The checklist walk (fieldwork/views.py): each item's form is sent in the background, so
   the page stays where the thumb is, and its photos follow one per request with a progress
   bar (so there is no limit of files per save, and one slow photo does not hold back the
   answer). Without this script every item is a plain form that reloads the page at the next
   item; the server answers both. */
"use strict";
(function () {
  const progress = document.getElementById("progress");
  const progressLabel = document.querySelector("label[for=progress]");

  function newToken(form) {
    const input = form.querySelector("input[name=_submission]");
    if (input) {
      const bytes = new Uint8Array(16);
      crypto.getRandomValues(bytes);
      input.value = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    }
  }

  function setBusy(form, busy) {
    form.querySelectorAll("button[type=submit]").forEach((button) => {
      button.disabled = busy;
      if (busy) {
        button.setAttribute("aria-busy", "true");
      } else {
        button.removeAttribute("aria-busy");
      }
    });
  }

  function showSaved(card, data) {
    card.classList.remove("fw-ok", "fw-deviation", "fw-not_relevant");
    card.classList.add("fw-answered", "fw-" + data.value.toLowerCase());
    let saved = card.querySelector(".fw-saved");
    if (!saved) {
      saved = document.createElement("p");
      saved.className = "small mb-2 fw-saved";
      card.querySelector("h3").after(saved);
    }
    saved.textContent = data.saved;
    saved.setAttribute("role", "status");
    if (data.photos.length) {
      let photos = card.querySelector(".fw-photos");
      if (!photos) {
        photos = document.createElement("div");
        photos.className = "fw-photos mb-2";
        saved.after(photos);
      }
      const csrf = card.querySelector("input[name=csrfmiddlewaretoken]");
      photos.replaceChildren(...data.photos.map((photo) => {
        const figure = document.createElement("figure");
        figure.className = "fw-photo";
        const img = document.createElement("img");
        img.src = photo.url;
        img.alt = photo.alt;
        img.width = 96;
        img.height = 96;
        figure.append(img);
        /* The same plain form as the page has (it reloads at this item). */
        const form = document.createElement("form");
        form.method = "post";
        form.action = photo.remove;
        if (csrf) {
          form.append(csrf.cloneNode());
        }
        const button = document.createElement("button");
        button.type = "submit";
        button.className = "btn btn-sm btn-outline-danger w-100 fw-remove";
        button.textContent = photo.remove_label;
        const which = document.createElement("span");
        which.className = "visually-hidden";
        which.textContent = " " + photo.which;
        button.append(which);
        form.append(button);
        figure.append(form);
        return figure;
      }));
    }
    if (progress) {
      progress.value = data.answered;
      progressLabel.textContent = data.progress;
    }
  }

  const root = document.querySelector(".fieldwork");
  const text = (name, values) =>
    Object.entries(values || {}).reduce(
      (message, [key, value]) => message.replace("{" + key + "}", value),
      (root && root.dataset[name]) || ""
    );

  /* One POST with XMLHttpRequest, which (unlike fetch) reports the upload's progress.
     Resolves with {ok, data}; rejects only when the network failed. */
  function send(form, body, onProgress) {
    return new Promise((resolve, reject) => {
      const request = new XMLHttpRequest();
      request.open("POST", form.action);
      request.setRequestHeader("X-Requested-With", "fetch");
      request.setRequestHeader("Accept", "application/json");
      request.responseType = "json";
      if (onProgress) {
        request.upload.addEventListener("progress", (event) => {
          if (event.lengthComputable) {
            onProgress(event.loaded / event.total);
          }
        });
      }
      request.addEventListener("load", () => {
        const data = request.response;
        resolve({ok: request.status >= 200 && request.status < 300 && data && !data.error, data,
                 status: request.statusText});
      });
      request.addEventListener("error", () => reject(new Error("network")));
      request.send(body);
    });
  }

  function showError(form, messages) {
    form.querySelectorAll(".fw-error").forEach((old) => old.remove());
    if (!messages.length) {
      return;
    }
    const error = document.createElement("div");
    error.className = "alert alert-danger mt-2 fw-error";
    error.setAttribute("role", "alert");
    messages.forEach((message) => {
      const line = document.createElement("div");
      line.textContent = message;
      error.append(line);
    });
    form.append(error);
  }

  /* The form's data without its photos, with a fresh double-submission token. */
  function answerData(form, fileInputs) {
    newToken(form);
    const body = new FormData(form);
    fileInputs.forEach((input) => body.delete(input.name));
    return body;
  }

  /* The answer, then its photos one per request: any number, each within the size limit
     of one request, with a bar for the whole lot. */
  async function save(form) {
    const fileInputs = Array.from(form.querySelectorAll("input[type=file]"));
    const files = fileInputs.flatMap((input) => Array.from(input.files));
    const maxBytes = Number(root.dataset.maxBytes);
    const upload = form.querySelector(".fw-upload");
    const bar = upload && upload.querySelector("progress");
    const status = upload && upload.querySelector("[role=status]");
    const errors = [];
    let last = null;
    let done = 0;
    if (!files.length) {
      const result = await send(form, answerData(form, fileInputs));
      return {last: result.ok ? result.data : null,
              errors: result.ok ? [] : [(result.data && result.data.error) || result.status]};
    }
    upload.hidden = false;
    bar.value = 0;
    for (const [index, file] of files.entries()) {
      status.textContent = text("uploading", {n: index + 1, total: files.length});
      if (file.size > maxBytes) {
        errors.push(file.name + ": " + text("tooLarge"));
        continue;
      }
      const body = answerData(form, fileInputs);
      body.append(fileInputs[0].name, file, file.name);
      const result = await send(form, body, (part) => {
        bar.value = Math.round(((index + part) / files.length) * 100);
      }).catch(() => ({ok: false, data: {error: text("offline")}}));
      if (result.ok) {
        done += 1;
        last = result.data;
      } else {
        errors.push(file.name + ": " + ((result.data && result.data.error) || result.status));
        if (result.data && result.data.full) {
          break;
        }
      }
    }
    bar.value = 100;
    status.textContent = text("uploaded", {done, total: files.length});
    if (!last) {  // no photo was taken: the answer itself is still saved
      const result = await send(form, answerData(form, fileInputs));
      if (result.ok) {
        last = result.data;
      } else {
        errors.push((result.data && result.data.error) || result.status);
      }
    }
    return {last, errors};
  }

  document.addEventListener("submit", async (event) => {
    const form = event.target.closest("form.fw-answer");
    if (!form || !window.XMLHttpRequest || !window.FormData || !root) {
      return;
    }
    event.preventDefault();
    const card = form.closest(".fw-item");
    const wasComplete = progress && Number(progress.value) >= Number(progress.max);
    setBusy(form, true);
    let outcome;
    try {
      outcome = await save(form);
    } catch (error) {
      setBusy(form, false);
      form.submit();  // the plain form: the server keeps the answer or says why not
      return;
    }
    newToken(form);
    setBusy(form, false);
    showError(form, outcome.errors);
    form.querySelectorAll("input[type=file]").forEach((input) => {
      input.value = "";
    });
    const data = outcome.last;
    if (!data) {
      return;
    }
    showSaved(card, data);
    if (outcome.errors.length) {
      return;  // stay at the item: what was refused is said here
    }
    if (data.next) {
      const next = document.getElementById("punkt-" + data.next);
      if (next) {
        next.scrollIntoView({block: "start"});
      }
    } else if (!wasComplete) {
      window.location.reload();  // all answered now: the page offers the way on to the plan
    }
  }, true);
})();
