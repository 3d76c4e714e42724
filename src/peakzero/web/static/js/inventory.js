// The Inventory page's chart: reads its JSON twin (data-url) and draws the chosen view's
// emissions by year (the boot code is charts.js's).
"use strict";
(function () {
  var charts = window.peakzeroCharts;
  charts.onPage("#history-chart", function (elements) {
    var element = elements[0];
    var chart = charts.init(element);
    charts.load(element.dataset.url, elements).then(function (view) {
      chart.setOption(charts.options(charts.byYear(view.history, view.unit), {
        series: [{
          name: element.dataset.series,
          type: "bar",
          data: view.history.map(function (p) { return Math.round(p.co2 * 100) / 100; }),
        }],
      }));
      charts.ready(element, view.history.length);
    }).catch(function (error) { element.textContent = String(error); });
  });
})();
