// A task page's KPI charts: each KPI's target path (baseline through the 2025/2030 targets) and
// its actuals, read from the task's JSON twin (data-url) and the KPI's code (data-kpi); the
// boot code is charts.js's.
"use strict";
(function () {
  var charts = window.peakzeroCharts;
  function decimalYear(iso) {
    var day = new Date(iso + "T00:00:00Z");
    var start = Date.UTC(day.getUTCFullYear(), 0, 1);
    var end = Date.UTC(day.getUTCFullYear() + 1, 0, 1);
    return day.getUTCFullYear() + (day.getTime() - start) / (end - start);
  }
  function draw(element, kpi) {
    var path = kpi.path ? kpi.path.years.map(function (y, i) { return [y, kpi.path.values[i]]; }) : [];
    var actuals = kpi.actuals.map(function (a) { return [decimalYear(a.measured), a.value]; });
    charts.init(element).setOption(charts.options({
      legend: { top: 0 },
      xAxis: { type: "value", min: "dataMin", max: "dataMax", axisLabel: { formatter: function (v) { return String(Math.round(v)); } } },
      yAxis: { type: "value", name: kpi.unit },
      series: [
        { name: element.dataset.path, type: "line", data: path },
        { name: element.dataset.actuals, type: "scatter", data: actuals, symbolSize: 10 },
      ],
    }));
    charts.ready(element, path.length + actuals.length);
  }
  charts.onPage(".kpi-chart", function (elements) {
    charts.load(elements[0].dataset.url, elements).then(function (view) {
      elements.forEach(function (element) {
        var kpi = view.kpis.find(function (k) { return k.code === element.dataset.kpi; });
        if (kpi) { draw(element, kpi); }
      });
    }).catch(function () { /* marked data-error by charts.load */ });
  });
})();
