// grannskap: small improvements only; every page works without this file.
(function () {
  "use strict";
  // Choosing a day or a time shows it at once (the Show button stays for keyboards).
  document.querySelectorAll("[data-autosubmit]").forEach(function (field) {
    field.addEventListener("change", function () {
      if (field.form) field.form.requestSubmit ? field.form.requestSubmit() : field.form.submit();
    });
  });
  // Ask before cancelling or retiring.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
    });
  });
  // Copy buttons for the calendar link (hidden without JavaScript: select and copy by hand).
  var status = document.querySelector(".copied");
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var source = document.getElementById(button.getAttribute("data-copy"));
      if (!source) return;
      var done = function () {
        if (status) status.textContent = status.getAttribute("data-copied-text");
      };
      source.select();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(source.value).then(done, function () {
          document.execCommand("copy");
          done();
        });
      } else {
        document.execCommand("copy");
        done();
      }
    });
  });
  // Print buttons of the QR codes' page and the reports (hidden without JavaScript: use
  // the browser's print).
  document.querySelectorAll("button[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
  // A read-only link field selects itself when focused, ready to copy.
  document.querySelectorAll("input.copy-source").forEach(function (input) {
    input.addEventListener("focus", function () { input.select(); });
  });
})();
