/* Draws the charts of /dashboard/analytics with Chart.js (served by the site itself) from the
   JSON the page carries in <script type="application/json" id="analytics-data">. */
(function () {
  "use strict";
  var source = document.getElementById("analytics-data");
  if (!source || !window.Chart) { return; }
  var data = JSON.parse(source.textContent);
  var css = getComputedStyle(document.documentElement);
  function color(name, fallback) { return css.getPropertyValue(name).trim() || fallback; }
  var walnut = color("--walnut", "#7a4424");
  var sage = color("--sage", "#5a6b4b");
  var mustard = color("--mustard", "#dca845");
  var wood = color("--wood", "#c99662");
  var slate = "#234a66";
  var palette = [slate, sage, walnut, mustard, wood];
  var locale = document.documentElement.lang || "ru";
  var narrow = window.matchMedia("(max-width: 40rem)").matches;

  Chart.defaults.font.family = color("--font", "system-ui, sans-serif");
  Chart.defaults.color = color("--muted", "#5f5249");
  Chart.defaults.locale = locale;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.animation = false; // figures, not a show; and nothing moves for those who prefer so
  Chart.defaults.plugins.legend.labels.usePointStyle = true;

  var axis = { grid: { color: color("--line", "#e2d5c3") }, ticks: { precision: 0 }, beginAtZero: true };
  var builders = {
    daily: function (d) {
      return {
        type: "line",
        data: {
          labels: d.labels,
          datasets: [
            { label: d.names[0], data: d.visitors, borderColor: walnut, backgroundColor: "rgba(122, 68, 36, .12)", fill: true, tension: .3, pointRadius: 0 },
            { label: d.names[1], data: d.pageviews, borderColor: sage, backgroundColor: "rgba(90, 107, 75, .08)", fill: false, tension: .3, pointRadius: 0 }
          ]
        },
        options: {
          interaction: { mode: "index", intersect: false },
          scales: { x: { grid: { display: false }, ticks: { maxTicksLimit: narrow ? 4 : 8, autoSkip: true, maxRotation: 0 } }, y: axis }
        }
      };
    },
    sources: function (d) {
      return { type: "doughnut", data: { labels: d.labels, datasets: [{ data: d.values, backgroundColor: palette, borderWidth: 0 }] },
        options: { plugins: { legend: { position: "bottom" }, tooltip: { callbacks: { label: function (c) { return " " + c.label + ": " + c.parsed + "%"; } } } } } };
    },
    devices: function (d) {
      return { type: "doughnut", data: { labels: d.labels, datasets: [{ data: d.values, backgroundColor: [walnut, sage, mustard], borderWidth: 0 }] },
        options: { plugins: { legend: { position: "bottom" }, tooltip: { callbacks: { label: function (c) { return " " + c.label + ": " + c.parsed + "%"; } } } } } };
    },
    pages: function (d) {
      return { type: "bar", data: { labels: d.labels, datasets: [{ label: d.name, data: d.values, backgroundColor: wood, borderRadius: 6 }] },
        options: { indexAxis: "y", plugins: { legend: { display: false } }, scales: { x: axis, y: { grid: { display: false } } } } };
    },
    funnel: function (d) {
      return {
        type: "bar",
        data: {
          labels: d.labels,
          datasets: [
            { label: d.names[0], data: d.inquiries, backgroundColor: wood, borderRadius: 6 },
            { label: d.names[1], data: d.qualified, backgroundColor: slate, borderRadius: 6 },
            { label: d.names[2], data: d.converted, backgroundColor: sage, borderRadius: 6 }
          ]
        },
        // Sideways: the sources' names read on a phone too.
        options: { indexAxis: "y", plugins: { legend: { position: "bottom" } }, scales: { x: axis, y: { grid: { display: false } } } }
      };
    }
  };
  var canvases = document.querySelectorAll("canvas.js-chart");
  for (var i = 0; i < canvases.length; i++) {
    var name = canvases[i].getAttribute("data-chart");
    if (builders[name] && data[name]) { new Chart(canvases[i], builders[name](data[name])); }
  }
})();
