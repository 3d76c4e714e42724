// The Overview's chart: reads its JSON twin (data-url) and draws the territorial CO2 history
// with its peak (the boot code is charts.js's).
"use strict";
(function () {
  var charts = window.peakzeroCharts;
  function round(value) { return Math.round(value * 10) / 10; }
  charts.onPage("#history-chart", function (elements) {
    var element = elements[0];
    var chart = charts.init(element);
    charts.load(element.dataset.url, elements).then(function (view) {
      var values = view.history.map(function (p) { return round(p.value); });
      chart.setOption(charts.options(charts.byYear(view.history, view.unit), {
        series: [{
          name: element.dataset.series,
          type: "line",
          data: values,
          markPoint: {
            data: [{ name: element.dataset.peak, coord: [String(view.peak.year), round(view.peak.value)] }],
            label: { formatter: element.dataset.peak + " " + view.peak.year },
          },
        }],
      }));
      charts.ready(element, values.length);
    }).catch(function () { /* marked data-error by charts.load */ });
  });
})();
