// A task page's KPI charts: each KPI's target path (baseline through the 2025/2030 targets) and
// its actuals, read from the task's JSON twin (data-url) and the KPI's code (data-kpi).
"use strict";
(function () {
  function decimalYear(iso) {
    var day = new Date(iso + "T00:00:00Z");
    var start = Date.UTC(day.getUTCFullYear(), 0, 1);
    var end = Date.UTC(day.getUTCFullYear() + 1, 0, 1);
    return day.getUTCFullYear() + (day.getTime() - start) / (end - start);
  }
  function draw(element, kpi) {
    var chart = echarts.init(element, null, { renderer: "svg", locale: element.dataset.locale });
    var path = kpi.path ? kpi.path.years.map(function (y, i) { return [y, kpi.path.values[i]]; }) : [];
    var actuals = kpi.actuals.map(function (a) { return [decimalYear(a.measured), a.value]; });
    chart.setOption({
      animation: false,
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 48, right: 24, top: 32, bottom: 32 },
      xAxis: { type: "value", min: "dataMin", max: "dataMax", axisLabel: { formatter: function (v) { return String(Math.round(v)); } } },
      yAxis: { type: "value", name: kpi.unit },
      series: [
        { name: element.dataset.path, type: "line", data: path },
        { name: element.dataset.actuals, type: "scatter", data: actuals, symbolSize: 10 },
      ],
    });
    element.dataset.points = String(path.length + actuals.length);
    element.setAttribute("data-ready", "true");
    window.addEventListener("resize", function () { chart.resize(); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var elements = document.querySelectorAll(".kpi-chart");
    if (!elements.length) { return; }
    var url = elements[0].dataset.url;
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status + " " + url); }
        return response.json();
      })
      .then(function (view) {
        elements.forEach(function (element) {
          var kpi = view.kpis.find(function (k) { return k.code === element.dataset.kpi; });
          if (kpi) { draw(element, kpi); }
        });
      })
      .catch(function (error) {
        elements.forEach(function (element) { element.setAttribute("data-error", String(error)); });
      });
  });
})();
