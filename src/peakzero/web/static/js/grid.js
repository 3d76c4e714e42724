// A grid run's dispatch weeks: each .dispatch-chart reads the run's JSON twin (data-url) and
// draws its week (data-week) as stacked areas, supply above zero and use below. A static file,
// so the page needs no inline script (the CSP forbids it).
"use strict";
(function () {
  function draw(element, run) {
    var week = run.result.weeks.filter(function (w) { return w.name === element.dataset.week; })[0];
    if (!week) { throw new Error("no week " + element.dataset.week); }
    var chart = echarts.init(element, null, { renderer: "svg", locale: element.dataset.locale });
    var hours = week.hours.map(function (h) { return h.slice(5, 16).replace("T", " "); });
    var names = Object.keys(week.series);
    chart.setOption({
      animation: false,
      tooltip: { trigger: "axis" },
      legend: { type: "scroll", top: 0 },
      grid: { left: 64, right: 24, top: 40, bottom: 32 },
      xAxis: { type: "category", data: hours, boundaryGap: false },
      yAxis: { type: "value", name: element.dataset.unit },
      series: names.map(function (name) {
        return {
          name: name,
          type: "line",
          stack: "dispatch",
          stackStrategy: "samesign",
          areaStyle: {},
          symbol: "none",
          lineStyle: { width: 0 },
          data: week.series[name],
        };
      }),
    });
    element.dataset.series = String(names.length);
    element.dataset.points = String(hours.length);
    element.setAttribute("data-ready", "true");
    window.addEventListener("resize", function () { chart.resize(); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var elements = document.querySelectorAll(".dispatch-chart");
    if (!elements.length) { return; }
    fetch(elements[0].dataset.url, { headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status + " " + elements[0].dataset.url); }
        return response.json();
      })
      .then(function (run) {
        elements.forEach(function (element) {
          try { draw(element, run); } catch (error) { element.setAttribute("data-error", String(error)); }
        });
      })
      .catch(function (error) {
        elements.forEach(function (element) { element.setAttribute("data-error", String(error)); });
      });
  });
})();
