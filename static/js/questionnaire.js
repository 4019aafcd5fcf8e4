// The answer link carries its code in the fragment (/svar/#CODE): browsers never send a
// fragment to the server, so the code is in no request line or log. Fill it into the form
// (which POSTs it) and drop it from the address bar and the history.
(function () {
  "use strict";
  var field = document.querySelector("#code-form input[name=code]");
  var code = window.location.hash.replace(/^#/, "");
  if (field && code) {
    field.value = decodeURIComponent(code);
    history.replaceState(null, "", window.location.pathname);
  }
})();

// The round's page: the response rate follows the answers while the round is open.
(function () {
  "use strict";
  var rate = document.querySelector("#response-rate[data-rate-url]");
  if (!rate || !window.fetch) {
    return;
  }
  window.setInterval(function () {
    fetch(rate.dataset.rateUrl, {credentials: "same-origin"})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (data && rate.textContent !== data.text) {
          rate.textContent = data.text;
        }
      })
      .catch(function () {});
  }, 15000);
})();

// The code slips: a print button (inline handlers are not allowed by the CSP).
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();

// Closing a round cannot be undone: ask first (forms marked data-confirm).
(function () {
  "use strict";
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) {
        event.preventDefault();
      }
    });
  });
})();
