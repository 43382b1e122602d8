// MộtCửa staff screens: CSRF for htmx, keyboard shortcuts at the counter, small helpers.
(function () {
  "use strict";
  function csrf() {
    const m = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : "";
  }
  document.addEventListener("htmx:configRequest", function (e) {
    e.detail.headers["X-CSRFToken"] = csrf();
  });
  // "/" jumps to the search box of the page; Alt+key shortcuts come from accesskey.
  document.addEventListener("keydown", function (e) {
    if (e.key === "/" && !/INPUT|TEXTAREA|SELECT/.test(document.activeElement.tagName)) {
      const box = document.querySelector("[data-shortcut='/'], [data-shortcut='p']");
      if (box) { e.preventDefault(); box.focus(); }
    }
  });
  // "Điền thông tin" from an earlier dossier of the same ID number.
  document.addEventListener("click", function (e) {
    const button = e.target.closest("[data-fill]");
    if (!button) return;
    const values = JSON.parse(button.dataset.fill);
    Object.keys(values).forEach(function (id) {
      const field = document.getElementById(id);
      if (field && !field.value) field.value = values[id];
    });
  });
  // Step editor: running total against the legal budget.
  function total() {
    const out = document.getElementById("step-total");
    if (!out) return;
    let sum = 0;
    document.querySelectorAll(".step-hours").forEach(function (i) { sum += parseFloat(i.value || "0"); });
    out.textContent = sum + " / " + out.dataset.budget + " " + out.dataset.unit;
    out.classList.toggle("over", sum > parseFloat(out.dataset.budget));
  }
  document.addEventListener("input", function (e) { if (e.target.classList.contains("step-hours")) total(); });
  document.addEventListener("DOMContentLoaded", total);
  // Open the receipt after reception (?in=receipt).
  document.addEventListener("DOMContentLoaded", function () {
    const link = document.querySelector("[data-autoprint]");
    if (link && new URLSearchParams(location.search).get("in") === link.dataset.autoprint) {
      window.open(link.href, "_blank");
    }
  });
})();
