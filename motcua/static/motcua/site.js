// MộtCửa, every page: choosing a language submits its form (no inline handlers: the
// Content-Security-Policy allows scripts from our own files only).
(function () {
  "use strict";
  document.addEventListener("change", function (e) {
    if (e.target.matches("[data-submit-on-change]")) e.target.form.submit();
  });
})();
