// Compare two scenarios: both runs' assessment, territorial and net CO2 2019-2060 on one chart
// (A solid, B dashed), from the series the page carries in data-series. A static file: the CSP
// forbids inline script.
"use strict";
(function () {
  document.addEventListener("DOMContentLoaded", function () {
    var root = document.getElementById("compare");
    if (!root) { return; }
    var data = JSON.parse(root.dataset.series);
    var labels = JSON.parse(root.dataset.labels);
    var element = document.getElementById("compare-chart");
    var chart = echarts.init(element, null, { renderer: "svg", locale: root.dataset.locale });
    var series = [];
    [["a", "solid"], ["b", "dashed"]].forEach(function (side) {
      var run = data[side[0]];
      ["assessment", "territorial", "net"].forEach(function (key) {
        series.push({
          name: side[0].toUpperCase() + " " + run.label + ": " + labels[key],
          type: "line",
          data: run[key],
          showSymbol: false,
          lineStyle: { type: side[1] },
        });
      });
    });
    chart.setOption({
      animation: false,
      tooltip: { trigger: "axis" },
      legend: { type: "scroll", top: 0 },
      grid: { left: 56, right: 24, top: 64, bottom: 32 },
      xAxis: { type: "category", data: data.years.map(String) },
      yAxis: { type: "value", name: "Mt CO2" },
      series: series,
    });
    element.setAttribute("data-ready", "true");
    window.addEventListener("resize", function () { chart.resize(); });
  });
})();
