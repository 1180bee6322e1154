// Charts of the supervision pages (Chart.js, served by Pishkhan itself). Each <canvas data-chart="ID"
// data-kind="KIND"> reads its figures from the json_script element ID; nothing runs inline.
(function () {
  "use strict";
  var FONT = "Vazirmatn, Tahoma, sans-serif";
  var BLUE = "#0d6efd", GREEN = "#198754", GREY = "#adb5bd", RED = "#dc3545";

  function faDigits(value) {
    return String(value).replace(/[0-9]/g, function (d) { return "۰۱۲۳۴۵۶۷۸۹"[d]; });
  }
  function faNumber(value) {
    if (value === null || value === undefined) { return "—"; }
    return faDigits(Number(value).toLocaleString("en-US")).replace(/,/g, "٬");
  }
  function base(extra) {
    var options = {
      responsive: true,
      maintainAspectRatio: false,
      locale: "fa-IR",
      // Room at the left edge for the last (reversed) label's half, which a phone's width cut off.
      layout: { padding: { left: 30 } },
      plugins: {
        legend: { rtl: true, labels: { font: { family: FONT } } },
        tooltip: {
          rtl: true,
          callbacks: {
            label: function (ctx) { return ctx.dataset.label + ": " + faNumber(ctx.parsed.y); },
            title: function (items) { return items.length ? faDigits(items[0].label) : ""; }
          }
        }
      },
      scales: {
        // Right to left: the first year or month stands at the right.
        x: { reverse: true, ticks: { autoSkip: true, maxRotation: 50, font: { family: FONT }, callback: function (v) { return faDigits(this.getLabelForValue(v)); } } },
        y: { position: "right", beginAtZero: true, ticks: { font: { family: FONT }, callback: function (v) { return faNumber(v); } } }
      }
    };
    return Object.assign(options, extra || {});
  }

  var KINDS = {
    years: function (data) {
      var y = data.years;
      return {
        type: "bar",
        data: {
          labels: y.labels,
          datasets: [
            { label: data.names.registered, data: y.registered, backgroundColor: y.entered.map(function (e) { return e ? "#6ea8fe" : BLUE; }) },
            { label: data.names.answered, data: y.answered, backgroundColor: y.entered.map(function (e) { return e ? "#75b798" : GREEN; }) }
          ]
        },
        options: base()
      };
    },
    months: function (data) {
      var m = data.months;
      return {
        type: "line",
        data: {
          labels: m.labels,
          datasets: [
            { label: data.names.registered, data: m.registered, borderColor: BLUE, backgroundColor: BLUE, tension: 0.2 },
            { label: data.names.answered, data: m.answered, borderColor: GREEN, backgroundColor: GREEN, tension: 0.2 }
          ]
        },
        options: base()
      };
    },
    permits: function (data) {
      var p = data.permits;
      return {
        type: "bar",
        data: { labels: p.labels, datasets: [{ label: data.names.permits, data: p.registered, backgroundColor: GREY }] },
        options: base()
      };
    },
    scores: function (data) {
      var options = base();
      options.scales.y.max = 100;
      return {
        type: "line",
        data: {
          labels: data.labels,
          datasets: [
            // A month with no score (to come, or with no file) is null: no point, and the line breaks there.
            { label: data.names.score, data: data.scores, borderColor: BLUE, backgroundColor: BLUE, tension: 0.2 },
            { label: data.names.threshold, data: data.labels.map(function () { return data.threshold; }), borderColor: RED, backgroundColor: RED, borderDash: [6, 4], pointRadius: 0 }
          ]
        },
        options: options
      };
    }
  };

  function draw() {
    if (!window.Chart) { return; }
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var source = document.getElementById(canvas.dataset.chart);
      var build = KINDS[canvas.dataset.kind];
      if (!source || !build || canvas.dataset.drawn) { return; }
      var chart = new window.Chart(canvas, build(JSON.parse(source.textContent)));
      canvas.dataset.drawn = "1";
      canvas.chart = chart;
    });
  }
  document.addEventListener("DOMContentLoaded", draw);
})();
