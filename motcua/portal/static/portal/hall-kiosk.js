// Ki-ốt: back to the menu after a while without a touch, so the next person starts afresh;
// codes typed in capitals; "In phiếu" prints the ticket (a kiosk's Chromium started with
// --kiosk-printing sends it to the ticket printer without a dialog).
(function () {
  "use strict";
  const body = document.body;
  const seconds = Number(body.dataset.idleSeconds || 90);
  let timer = null;
  function rest() {
    clearTimeout(timer);
    timer = setTimeout(function () { window.location.assign(body.dataset.menu); }, seconds * 1000);
  }
  ["pointerdown", "keydown"].forEach(function (name) { document.addEventListener(name, rest); });
  document.querySelectorAll("input.upper").forEach(function (input) {
    input.addEventListener("input", function () { input.value = input.value.toUpperCase(); });
  });
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
  rest();
})();
