// Bảng điều hành: two charts from the figures the page already holds (no extra request).
(function () {
  "use strict";
  const holder = document.getElementById("dashboard-data");
  if (!holder || typeof Chart === "undefined") return;
  const data = JSON.parse(holder.textContent);
  const labels = data.labels;  // dd/mm/yyyy or mm/yyyy, for the axis
  const keys = data.keys;  // the ISO buckets the points are filed under
  function sum(key) {
    return keys.map(function (label) {
      return data.series.reduce(function (total, s) {
        const point = s.points[label];
        return total + (point && point[key] ? point[key] : 0);
      }, 0);
    });
  }
  // Series names come translated from the page (data-* attributes of each canvas).
  const volume = document.getElementById("chart-volume");
  new Chart(volume, {
    type: "bar",
    data: { labels: labels, datasets: [
      { label: volume.dataset.received, data: sum("received"), backgroundColor: "#0b5cad" },
      { label: volume.dataset.resolved, data: sum("resolved"), backgroundColor: "#1a7f37" },
    ] },
    options: { responsive: true, animation: false },
  });
  // Rates across agencies: each agency's rate weighted by its own count.
  const onTime = keys.map(function (label) {
    let resolved = 0, weighted = 0;
    data.series.forEach(function (s) {
      const p = s.points[label];
      if (p && p.resolved && p.on_time_rate !== null) { resolved += p.resolved; weighted += p.on_time_rate * p.resolved; }
    });
    return resolved ? Math.round(10 * weighted / resolved) / 10 : null;
  });
  const online = keys.map(function (label) {
    let received = 0, weighted = 0;
    data.series.forEach(function (s) {
      const p = s.points[label];
      if (p && p.received && p.online_share !== null) { received += p.received; weighted += p.online_share * p.received; }
    });
    return received ? Math.round(10 * weighted / received) / 10 : null;
  });
  const rates = document.getElementById("chart-rates");
  new Chart(rates, {
    type: "line",
    data: { labels: labels, datasets: [
      { label: rates.dataset.onTime, data: onTime, borderColor: "#1a7f37", spanGaps: true },
      { label: rates.dataset.online, data: online, borderColor: "#a4161a", spanGaps: true },
    ] },
    options: { responsive: true, animation: false, scales: { y: { min: 0, max: 100 } } },
  });
})();
