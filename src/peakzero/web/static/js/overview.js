// The Overview's chart: reads its JSON twin (data-url) and draws the territorial CO2 history
// with its peak. A static file, so the page needs no inline script (the CSP forbids it).
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
        var years = view.history.map(function (p) { return String(p.year); });
        var values = view.history.map(function (p) { return Math.round(p.value * 10) / 10; });
        chart.setOption({
          animation: false,
          tooltip: { trigger: "axis" },
          grid: { left: 48, right: 24, top: 32, bottom: 32 },
          xAxis: { type: "category", data: years },
          yAxis: { type: "value", name: view.unit },
          series: [{
            name: element.dataset.series,
            type: "line",
            data: values,
            markPoint: {
              data: [{ name: element.dataset.peak, coord: [String(view.peak.year), Math.round(view.peak.value * 10) / 10] }],
              label: { formatter: element.dataset.peak + " " + view.peak.year },
            },
          }],
        });
        element.dataset.points = String(values.length);
        element.setAttribute("data-ready", "true");
      })
      .catch(function (error) {
        element.setAttribute("data-error", String(error));
      });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var element = document.getElementById("history-chart");
    if (element) { draw(element); }
  });
})();
