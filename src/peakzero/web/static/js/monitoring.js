// The Monitoring page's charts: read the JSON twin (data-url) and draw, per data-kind, the daily
// or monthly emissions by sector with the band (a shaded low–high area per sector), or this year
// against last year month by month (the boot code is charts.js's).
"use strict";
(function () {
  var charts = window.peakzeroCharts;

  // A sector's line and, when it has one, its band: an invisible low line with a stacked
  // high−low area above it (ECharts' way of shading between two lines).
  function sectorSeries(entry, bandName) {
    var values = entry.points.map(function (p) { return p.value; });
    var out = [{ name: entry.sector, type: "line", showSymbol: false, data: values }];
    var banded = entry.points.some(function (p) { return p.low !== null && p.high !== null; });
    if (banded) {
      var stack = "band-" + entry.sector;
      out.push({
        name: entry.sector + " " + bandName, type: "line", stack: stack, showSymbol: false,
        lineStyle: { opacity: 0 }, tooltip: { show: false },
        data: entry.points.map(function (p) { return p.low; }),
      });
      out.push({
        name: entry.sector + " " + bandName, type: "line", stack: stack, showSymbol: false,
        lineStyle: { opacity: 0 }, areaStyle: { opacity: 0.2 }, tooltip: { show: false },
        data: entry.points.map(function (p) {
          return p.low === null || p.high === null ? null : p.high - p.low;
        }),
      });
    }
    return out;
  }

  function bySector(element, entries) {
    var periods = entries.length ? entries[0].points.map(function (p) { return p.period; }) : [];
    var series = [];
    entries.forEach(function (entry) { series = series.concat(sectorSeries(entry, element.dataset.band)); });
    return {
      options: {
        legend: { type: "scroll", data: entries.map(function (e) { return e.sector; }) },
        xAxis: { type: "category", data: periods },
        yAxis: { type: "value", name: element.dataset.unit },
        series: series,
      },
      points: periods.length * entries.length,
    };
  }

  function yearOnYear(element, rows) {
    return {
      options: {
        legend: { data: [element.dataset.this, element.dataset.last] },
        xAxis: { type: "category", data: rows.map(function (r) { return String(r.month); }) },
        yAxis: { type: "value", name: element.dataset.unit },
        series: [
          { name: element.dataset.this, type: "bar", data: rows.map(function (r) { return r.this_year; }) },
          { name: element.dataset.last, type: "bar", data: rows.map(function (r) { return r.last_year; }) },
        ],
      },
      points: rows.length,
    };
  }

  charts.onPage(".monitoring-chart", function (elements) {
    // The charts share one JSON twin: read it once.
    charts.load(elements[0].dataset.url, elements).then(function (view) {
      elements.forEach(function (element) {
        var kind = element.dataset.kind;
        var drawn = kind === "yoy" ? yearOnYear(element, view.year_on_year)
          : bySector(element, kind === "daily" ? view.daily : view.monthly);
        var chart = charts.init(element);
        chart.setOption(charts.options(drawn.options));
        charts.ready(element, drawn.points);
      });
    }).catch(function () { /* marked data-error by charts.load */ });
  });
})();
