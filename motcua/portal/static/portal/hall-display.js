// Màn hình sảnh: polls the board every 2 s with If-None-Match (an unchanged board is a 304),
// redraws without reloading, and on a new call plays a chime and says the number in
// Vietnamese where the browser has a Vietnamese voice. A failed poll (the server restarting)
// shows "reconnecting" and tries again, slower, until the server answers.
(function () {
  "use strict";
  const body = document.body;
  const url = body.dataset.board;
  let etag = null;
  let seen = null;
  let delay = 2000;
  let audio = null;

  function cell(tag, text, cls) {
    const el = document.createElement(tag);
    el.textContent = text;
    if (cls) el.className = cls;
    return el;
  }

  function draw(board) {
    const counters = document.getElementById("counters");
    counters.replaceChildren(...board.counters.map(function (c) {
      const row = document.createElement("tr");
      row.append(cell("th", c.name), cell("td", c.serving || "—", "number"));
      return row;
    }));
    const recent = document.getElementById("recent");
    recent.replaceChildren(...board.recent.map(function (r, i) {
      const li = document.createElement("li");
      if (i === 0) li.className = "latest";
      li.append(cell("span", r.number, "number"), cell("span", "→ " + r.counter, "counter"));
      return li;
    }));
    const waiting = document.getElementById("waiting");
    waiting.replaceChildren(...board.fields.map(function (f) {
      const li = document.createElement("li");
      li.append(cell("span", f.letter, "letter"), cell("span", f.name, "name"), cell("span", String(f.waiting), "count"));
      return li;
    }));
  }

  function key(call) { return call ? call.number + "|" + call.at + "|" + call.calls : ""; }

  function chime() {
    if (!audio) return;
    const now = audio.currentTime;
    [880, 660].forEach(function (hz, i) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = hz;
      gain.gain.setValueAtTime(0.25, now + i * 0.35);
      gain.gain.exponentialRampToValueAtTime(0.001, now + i * 0.35 + 0.3);
      osc.connect(gain).connect(audio.destination);
      osc.start(now + i * 0.35);
      osc.stop(now + i * 0.35 + 0.32);
    });
  }

  function say(call) {
    if (!("speechSynthesis" in window)) return;
    const voice = speechSynthesis.getVoices().find(function (v) { return v.lang.toLowerCase().startsWith("vi"); });
    if (!voice) return;
    const match = /^([A-Z]+)0*(\d+)$/.exec(call.number);
    const spoken = match ? match[1] + " " + match[2] : call.number;
    const words = new SpeechSynthesisUtterance(body.dataset.calling + " " + spoken + " " + body.dataset.to + " " + call.counter);
    words.voice = voice;
    words.lang = voice.lang;
    speechSynthesis.speak(words);
  }

  function announce(board) {
    const latest = key(board.recent[0]);
    if (seen !== null && latest && latest !== seen) {
      const flash = document.querySelector("#recent .latest");
      if (flash) flash.classList.add("flash");
      chime();
      setTimeout(function () { say(board.recent[0]); }, 800);
    }
    seen = latest;
  }

  function poll() {
    const headers = etag ? { "If-None-Match": etag } : {};
    fetch(url, { headers: headers, cache: "no-store" }).then(function (response) {
      if (response.status === 304) return null;
      if (!response.ok) throw new Error(String(response.status));
      etag = response.headers.get("ETag");
      return response.json();
    }).then(function (board) {
      document.getElementById("offline").hidden = true;
      delay = 2000;
      if (board) { draw(board); announce(board); }
    }).catch(function () {
      document.getElementById("offline").hidden = false;
      delay = Math.min(delay * 2, 15000);
    }).finally(function () { setTimeout(poll, delay); });
  }

  function tick() {
    document.getElementById("clock").textContent = new Date().toLocaleTimeString("vi-VN", { hour: "2-digit", minute: "2-digit" });
  }

  document.getElementById("sound").addEventListener("click", function () {
    audio = audio || new (window.AudioContext || window.webkitAudioContext)();
    audio.resume();
    this.hidden = true;
  });
  tick();
  setInterval(tick, 15000);
  poll();
})();
