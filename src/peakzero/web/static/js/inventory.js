// The Inventory page's chart: reads its JSON twin (data-url) and draws the chosen view's
// emissions by year. A static file, so the page needs no inline script (the CSP forbids it).
"use strict";
(function () {
  function draw(element) {
    var chart = echarts.init(element, null, { renderer: "svg", locale: element.dataset.locale });
    fetch(element.dataset.url, { headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status + " " + element.dataset.url); }
        return response.json();
      })
      .then(function (view) {
        chart.setOption({
          animation: false,
          tooltip: { trigger: "axis" },
          grid: { left: 48, right: 24, top: 32, bottom: 32 },
          xAxis: { type: "category", data: view.history.map(function (p) { return String(p.year); }) },
          yAxis: { type: "value", name: view.unit },
          series: [{
            name: element.dataset.series,
            type: "bar",
            data: view.history.map(function (p) { return Math.round(p.co2 * 100) / 100; }),
          }],
        });
      })
      .catch(function (error) { element.textContent = String(error); });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var element = document.getElementById("history-chart");
    if (element) { draw(element); }
  });
})();
