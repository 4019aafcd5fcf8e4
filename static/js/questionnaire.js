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
