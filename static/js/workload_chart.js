// The inspectors' workload chart: data from the page's JSON (json_script), labels from data attributes.
(function () {
  function start() {
    var source = document.getElementById("workload-data");
    var canvas = document.getElementById("workload-chart");
    if (!window.Chart || !canvas || !source) { return; }
    var data = JSON.parse(source.textContent);
    var fa = function (n) { return String(n).replace(/[0-9]/g, function (d) { return "۰۱۲۳۴۵۶۷۸۹"[d]; }); };
    var horizontal = data.labels.length > 12;
    Chart.defaults.font.family = "Vazirmatn, Tahoma, sans-serif";
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [
          { label: canvas.dataset.openLabel, data: data.open, backgroundColor: "#0d6efd" },
          { label: canvas.dataset.lateLabel, data: data.late, backgroundColor: "#dc3545" }
        ]
      },
      options: {
        indexAxis: horizontal ? "y" : "x",
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { rtl: true, position: "top" }, tooltip: { rtl: true } },
        // Right to left: categories start at the right, counts read from the right edge.
        scales: horizontal ? {
          x: { reverse: true, beginAtZero: true, ticks: { precision: 0, callback: fa } },
          y: { position: "right" }
        } : {
          x: { reverse: true },
          y: { position: "right", beginAtZero: true, ticks: { precision: 0, callback: fa } }
        }
      }
    });
    canvas.dataset.drawn = "1";
  }
  document.addEventListener("DOMContentLoaded", start);
})();
