/* The checklist walk (fieldwork/views.py): each item's form is sent in the background, so
   the page stays where the thumb is. Without this script every item is a plain form that
   reloads the page at the next item; the server answers both. */
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
      photos.replaceChildren(...data.photos.map((photo) => {
        const img = document.createElement("img");
        img.src = photo.url;
        img.alt = photo.alt;
        img.width = 96;
        img.height = 96;
        return img;
      }));
    }
    if (progress) {
      progress.value = data.answered;
      progressLabel.textContent = data.progress;
    }
  }

  document.addEventListener("submit", async (event) => {
    const form = event.target.closest("form.fw-answer");
    if (!form || !window.fetch) {
      return;
    }
    event.preventDefault();
    const card = form.closest(".fw-item");
    setBusy(form, true);
    let response;
    try {
      response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: {"X-Requested-With": "fetch", "Accept": "application/json"},
        credentials: "same-origin",
      });
    } catch (error) {
      setBusy(form, false);
      form.submit();  // the plain form: the server keeps the answer or says why not
      return;
    }
    const data = await response.json().catch(() => null);
    newToken(form);
    setBusy(form, false);
    let error = form.querySelector(".fw-error");
    if (error) {
      error.remove();
    }
    if (!response.ok || !data || data.error) {
      error = document.createElement("div");
      error.className = "alert alert-danger mt-2 fw-error";
      error.setAttribute("role", "alert");
      error.textContent = (data && data.error) || response.statusText;
      form.append(error);
      return;
    }
    form.querySelector("input[type=file]").value = "";
    showSaved(card, data);
    if (data.next) {
      const next = document.getElementById("punkt-" + data.next);
      if (next) {
        next.scrollIntoView({block: "start"});
      }
    } else {
      window.location.reload();  // all answered: the page offers the way on to the plan
    }
  }, true);
})();
